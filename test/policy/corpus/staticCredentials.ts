import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as iam from "@pulumi/aws/iam";
import * as gcp from "@pulumi/gcp";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import * as k8s from "@pulumi/kubernetes";
import { CorpusClass, violations } from "./corpusCase";
import { FAKE, P } from "./_programs";

/**
 * `@pulumi/azuread` and `@pulumi/azure` are not dependencies of this package, so their resources are registered by type
 * token, exactly as the engine would receive them from those SDKs.
 */
class ByToken extends pulumi.CustomResource {
    constructor(type: string, name: string, props: Record<string, unknown>) {
        super(type, name, props);
    }
}
class ProviderByToken extends pulumi.ProviderResource {
    constructor(pkg: string, name: string, props: Record<string, unknown>) {
        super(pkg, name, props);
    }
}

const KUBECONFIG_WITH_TOKEN = [
    "apiVersion: v1", "kind: Config", "clusters:", "  - name: dev", "    cluster: {server: 'https://10.0.0.1'}",
    "users:", "  - name: ci", "    user:", "      token: s3cr3t-sa-token", "contexts:", "  - name: dev", "    context: {cluster: dev, user: ci}", "current-context: dev",
].join("\n");
const KUBECONFIG_WITH_EXEC = [
    "apiVersion: v1", "kind: Config", "clusters:", "  - name: eks", "    cluster: {server: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com'}",
    "users:", "  - name: eks", "    user:", "      exec:", "        apiVersion: client.authentication.k8s.io/v1beta1", "        command: aws",
    "        args: [eks, get-token, --cluster-name, mlops-dev]", "contexts:", "  - name: eks", "    context: {cluster: eks, user: eks}", "current-context: eks",
].join("\n");

export const staticCredentials: CorpusClass = {
    title: "Static cloud credentials",
    description:
        "Long-lived keys and passwords for cloud identities, and provider configurations that carry them into state, where " +
        "workload identity and the deployer's ambient login need none.",
    cases: [
        {
            title: "bad: an IAM user access key",
            program: () => new iam.AccessKey("ci", { user: "ci-deployer" }),
            expect: violations(P.static, "aws:iam/accessKey:AccessKey"),
        },
        {
            title: "bad: an IAM user login profile (console password)",
            program: () => new iam.UserLoginProfile("ops", { user: "ops", passwordLength: 24 }),
            expect: violations(P.static, "aws:iam/userLoginProfile:UserLoginProfile"),
        },
        {
            title: "bad: an IAM service-specific credential (CodeCommit password)",
            program: () => new iam.ServiceSpecificCredential("git", { userName: "ci", serviceName: "codecommit.amazonaws.com" }),
            expect: violations(P.static, "aws:iam/serviceSpecificCredential:ServiceSpecificCredential"),
        },
        {
            title: "bad: an Entra ID application password",
            program: () => new ByToken("azuread:index/applicationPassword:ApplicationPassword", "eso-app", { applicationId: "/applications/00000000-0000-4000-8000-0000000000aa", displayName: "eso" }),
            expect: violations(P.static, "azuread:index/applicationPassword:ApplicationPassword"),
        },
        {
            title: "bad: a service principal password",
            program: () => new ByToken("azuread:index/servicePrincipalPassword:ServicePrincipalPassword", "eso-sp", { servicePrincipalId: "/servicePrincipals/00000000-0000-4000-8000-0000000000bb" }),
            expect: violations(P.static, "azuread:index/servicePrincipalPassword:ServicePrincipalPassword"),
        },
        {
            title: "bad: a GCP service account key",
            program: () => new serviceaccount.Key("eso", { serviceAccountId: "projects/mlops-platform-dev/serviceAccounts/eso@mlops-platform-dev.iam.gserviceaccount.com" }),
            expect: violations(P.static, "gcp:serviceaccount/key:Key"),
        },
        {
            title: "bad: a GCS HMAC key (static S3-style credentials for MLflow's artifact store)",
            program: () => new storage.HmacKey("mlflow-artifacts", { serviceAccountEmail: "mlflow@mlops-platform-dev.iam.gserviceaccount.com" }),
            expect: violations(P.static, "gcp:storage/hmacKey:HmacKey"),
        },
        {
            title: "bad: an AWS provider with accessKey and secretKey",
            program: () => new aws.Provider("static", { region: "eu-west-1", accessKey: FAKE.awsKeyId, secretKey: "s3cr3t/abcdefghijklmnopqrstuvwxyz012345" }),
            expect: violations(P.static, "pulumi:providers:aws"),
        },
        {
            title: "bad: a GCP provider with a service account key JSON in credentials",
            program: () => new gcp.Provider("static", { project: "mlops-platform-dev", credentials: FAKE.gcpKeyJson }),
            expect: violations(P.static, "pulumi:providers:gcp"),
        },
        {
            title: "bad: an Azure provider with a client secret",
            program: () => new ProviderByToken("azure-native", "static", { clientId: "00000000-0000-4000-8000-0000000000dd", clientSecret: "s3cr3t-client", tenantId: "00000000-0000-4000-8000-000000000002", subscriptionId: "00000000-0000-4000-8000-000000000001" }),
            expect: violations(P.static, "pulumi:providers:azure-native"),
        },
        {
            title: "bad: a Kubernetes provider whose kubeconfig carries a service account token",
            program: () => new k8s.Provider("static", { kubeconfig: KUBECONFIG_WITH_TOKEN }),
            expect: violations(P.static, "pulumi:providers:kubernetes"),
        },
        {
            title: "good: providers on ambient credentials: an AWS role to assume, a GCP key file path, a kubeconfig with an exec plugin",
            program: () => {
                new aws.Provider("deployer", { region: "eu-west-1", assumeRoles: [{ roleArn: "arn:aws:iam::111122223333:role/deployer", sessionName: "pulumi" }] });
                new gcp.Provider("deployer", { project: "mlops-platform-dev", credentials: "/home/ci/.config/gcloud/application_default_credentials.json" });
                new k8s.Provider("eks", { kubeconfig: KUBECONFIG_WITH_EXEC });
                new ProviderByToken("azure-native", "oidc", { useOidc: true, clientId: "00000000-0000-4000-8000-0000000000dd", tenantId: "00000000-0000-4000-8000-000000000002" });
            },
            expect: [],
        },
        {
            title: "good: an IAM user without keys or password (kept for break-glass, SSO in front)",
            program: () => new iam.User("break-glass", { name: "break-glass", forceDestroy: false }),
            expect: [],
        },
        {
            title: "good: a GKE Workload Identity binding (roles/iam.workloadIdentityUser on a Google service account)",
            program: () => new serviceaccount.IAMMember("eso-wi", {
                serviceAccountId: "projects/mlops-platform-dev/serviceAccounts/eso@mlops-platform-dev.iam.gserviceaccount.com",
                role: "roles/iam.workloadIdentityUser",
                member: "serviceAccount:mlops-platform-dev.svc.id.goog[mlflow/eso-mlflow]",
            }),
            expect: [],
        },
    ],
};
