// Run by fixtures.runDeferredChecks in a child process: deploys each scenario under the mock runtime and prints, as
// JSON, the deployment errors of each (none means it deployed).
import * as pulumi from "@pulumi/pulumi";
import { CloudProvider, MlflowDbSecret } from "../../components";
import { AwsNamespaceAccess } from "../../components/access/aws";
import { grantAzureRead } from "../../components/access/azure";
import { grantGcpRead } from "../../components/access/gcp";
import { runProgram } from "../harness";
import { ACCOUNT, awsSecret, azureSecret, gcpSecret, OIDC_ISSUER_URL, OIDC_PROVIDER_ARN, REGION } from "./fixtures";

const awsArgs = { clusterName: "mlops-dev", namespace: "mlflow", region: REGION, oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuerUrl: OIDC_ISSUER_URL };

const scenarios: Record<string, () => void> = {
    "aws-valid": () => {
        const arn = pulumi.output(OIDC_PROVIDER_ARN);
        new AwsNamespaceAccess("mlflow", { ...awsArgs, oidcProviderArn: arn }).grantRead(awsSecret("mlflow", "db"), "db");
    },
    "aws-wildcard-scope": () => {
        const secret = { ...awsSecret("mlflow", "db"), grantScope: pulumi.output(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/mlops/*`) };
        new AwsNamespaceAccess("mlflow", awsArgs).grantRead(secret, "db");
    },
    "aws-kms-alias": () => {
        new AwsNamespaceAccess("mlflow", awsArgs).grantRead(awsSecret("mlflow", "db", `arn:aws:kms:${REGION}:${ACCOUNT}:alias/mlops`), "db");
    },
    "aws-oidc-mismatch": () => {
        const otherCluster = pulumi.output(`arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.${REGION}.amazonaws.com/id/FFFF`);
        new AwsNamespaceAccess("mlflow", { ...awsArgs, oidcProviderArn: otherCluster });
    },
    "aws-path-scope": () => {
        // The ARN of a path above the parameter ESO reads: GetParameter on it would name another parameter.
        const secret = { ...awsSecret("mlflow", "db"), grantScope: pulumi.output(`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/mlops-platform-dev/mlflow`) };
        new AwsNamespaceAccess("mlflow", awsArgs).grantRead(secret, "db");
    },
    "aws-secret-issuer-shown-hidden": () => {
        // A bad value held in a secret Output: the error must not print it.
        new AwsNamespaceAccess("mlflow", { ...awsArgs, oidcIssuerUrl: pulumi.secret("http://oidc.eks.us-east-1.amazonaws.com/id/SECRETVALUE123") });
    },
    "aws-secret-issuer-via-secret": () => {
        // The same through a managed secret: the error names the user's path.
        new MlflowDbSecret("mlflow-db", {
            cloud: CloudProvider.Aws,
            cluster: { clusterName: "mlops-dev", aws: { region: REGION, oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuerUrl: pulumi.secret("oidc.eks/SECRETVALUE123") } },
        });
    },
    "aws-cluster-region-differs-from-parameters": () => {
        // The parameters land in the provider's region (us-east-1 here); the store would read eu-west-1.
        new MlflowDbSecret("mlflow-db", {
            cloud: CloudProvider.Aws,
            cluster: { clusterName: "mlops-dev", aws: { region: "eu-west-1", oidcProviderArn: pulumi.output(OIDC_PROVIDER_ARN), oidcIssuerUrl: pulumi.output(OIDC_ISSUER_URL) } },
        });
    },
    "azure-vault-scope": () => {
        const vaultId = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/mlops-kv";
        grantAzureRead("whole-vault", { principalId: "11111111-2222-4333-8444-555555555555", secret: { ...azureSecret("db"), grantScope: pulumi.output(vaultId) } });
    },
    "azure-principal-not-guid": () => {
        grantAzureRead("by-name", { principalId: pulumi.output("eso-reader"), secret: azureSecret("db") });
    },
    "gcp-project-scope": () => {
        grantGcpRead("whole-project", { member: "serviceAccount:eso@p.iam.gserviceaccount.com", secret: { ...gcpSecret("db"), grantScope: pulumi.output("projects/mlops-platform-dev") } });
    },
};

async function main(): Promise<void> {
    const errors: Record<string, string[]> = {};
    let current = "";
    process.on("unhandledRejection", (reason) => {
        errors[current].push(reason instanceof Error ? reason.message : String(reason));
    });
    for (const [name, program] of Object.entries(scenarios)) {
        current = name;
        errors[name] = [];
        await runProgram(program).catch((e: unknown) => errors[name].push(e instanceof Error ? e.message : String(e)));
        // Rejections of a finished program are reported within a few ticks; let them land before the next scenario.
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    process.stdout.write(JSON.stringify(errors));
}

void main();
