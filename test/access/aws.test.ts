import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Parameter } from "@pulumi/aws/ssm";
import { Provider } from "@pulumi/kubernetes/provider";
import { RandomPassword } from "@pulumi/random";
import { AwsIdentityMode, AwsNamespaceAccess, AwsNamespaceAccessArgs, grantAwsRead } from "../../components/access/aws";
import { SecretStoreScope } from "../../components/access";
import { CloudProvider } from "../../components/stores/storedSecret";
import { SecretsInputError } from "../../components/validation/inputError";
import { assertNoLeaks, runProgram } from "../harness";
import {
    ACCOUNT,
    awsSecret,
    KMS_KEY_ARN,
    OIDC_HOST_PATH,
    OIDC_ISSUER_URL,
    OIDC_PROVIDER_ARN,
    ofType,
    parameterArn,
    policyResources,
    REGION,
    single,
    TYPES,
    validateManifest,
} from "./fixtures";

const irsa = (namespace: string, extra: Partial<AwsNamespaceAccessArgs> = {}): AwsNamespaceAccessArgs => ({
    clusterName: "mlops-dev",
    namespace,
    region: REGION,
    oidcProviderArn: OIDC_PROVIDER_ARN,
    oidcIssuerUrl: OIDC_ISSUER_URL,
    ...extra,
});

test("IRSA: the role trusts exactly system:serviceaccount:mlflow:external-secrets-reader through the cluster's OIDC provider", async () => {
    const run = await runProgram(() => new AwsNamespaceAccess("mlflow", irsa("mlflow")));
    const role = single(run, TYPES.role);
    assert.equal(role.inputs.name, "eso-mlops-dev-mlflow");
    assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy), {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ExternalSecretsIrsa",
                Effect: "Allow",
                Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_HOST_PATH}` },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${OIDC_HOST_PATH}:sub`]: "system:serviceaccount:mlflow:external-secrets-reader",
                        [`${OIDC_HOST_PATH}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    });
});

test("IRSA: the ServiceAccount carries the role ARN and the SecretStore authenticates as it (ESO v1 schema)", async () => {
    const run = await runProgram(() => new AwsNamespaceAccess("mlflow", irsa("mlflow")));
    const sa = single(run, TYPES.serviceAccount);
    assert.deepEqual(sa.inputs.metadata.annotations, { "eks.amazonaws.com/role-arn": `arn:aws:iam::${ACCOUNT}:role/eso-mlops-dev-mlflow` });
    assert.equal(sa.inputs.metadata.namespace, "mlflow");
    assert.equal(sa.inputs.metadata.name, "external-secrets-reader");
    assert.equal(sa.inputs.automountServiceAccountToken, false);
    await validateManifest(sa.inputs);

    const store = single(run, TYPES.secretStore);
    assert.equal(store.inputs.metadata.name, "aws-parameter-store");
    assert.equal(store.inputs.metadata.namespace, "mlflow");
    assert.deepEqual(store.inputs.spec, {
        provider: { aws: { service: "ParameterStore", region: REGION, auth: { jwt: { serviceAccountRef: { name: "external-secrets-reader" } } } } },
    });
    assert.ok(store.dependencies.includes(sa.urn), "the store waits for its ServiceAccount");
    await validateManifest(store.inputs);
    assert.equal(ofType(run, TYPES.clusterSecretStore).length, 0);
});

test("grantRead: the exact SSM read actions on the exact parameter ARN, and nothing on a wildcard", async () => {
    const run = await runProgram(() => {
        const access = new AwsNamespaceAccess("mlflow", irsa("mlflow"));
        access.grantRead(awsSecret("mlflow", "mlflow-db-password"), "mlflow-db-password");
    });
    const grant = single(run, TYPES.rolePolicy);
    assert.equal(grant.name, "mlflow-read-mlflow-db-password");
    assert.equal(grant.inputs.role, "eso-mlops-dev-mlflow");
    const policy = JSON.parse(grant.inputs.policy);
    assert.deepEqual(policy, {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadParameter",
                Effect: "Allow",
                Action: ["ssm:GetParameter"],
                Resource: parameterArn("/mlops-platform-dev/mlflow/mlflow-db-password"),
            },
        ],
    });
    assert.ok(policyResources(policy).every((r) => !r.includes("*")));
    const access = run.resources.find((r) => r.type === "secrets:index:AwsNamespaceAccess")!;
    assert.equal(grant.parent, access.urn, "the grant is a child of the access component");
});

test("grantRead with a customer-managed key: kms:Decrypt on that key, only for SSM and only for this parameter", async () => {
    const run = await runProgram(() => {
        const access = new AwsNamespaceAccess("mlflow", irsa("mlflow"));
        access.grantRead(awsSecret("mlflow", "mlflow-db-password", KMS_KEY_ARN), "mlflow-db-password");
    });
    const policy = JSON.parse(single(run, TYPES.rolePolicy).inputs.policy);
    assert.deepEqual(policy.Statement[1], {
        Sid: "DecryptParameter",
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: KMS_KEY_ARN,
        Condition: {
            StringEquals: {
                "kms:EncryptionContext:PARAMETER_ARN": parameterArn("/mlops-platform-dev/mlflow/mlflow-db-password"),
                "kms:ViaService": `ssm.${REGION}.amazonaws.com`,
            },
        },
    });
    assert.equal(policy.Statement.length, 2);
});

test("grantRead refuses a secret of another cloud before registering anything", async () => {
    let refused: unknown;
    const run = await runProgram(() => {
        const access = new AwsNamespaceAccess("mlflow", irsa("mlflow"));
        try {
            access.grantRead({ ...awsSecret("mlflow", "x"), cloud: CloudProvider.Gcp }, "x");
        } catch (e) {
            refused = e;
        }
    });
    assert.ok(refused instanceof SecretsInputError && refused.argument === "grantAwsRead.secret.cloud" && /gcp/.test(refused.message), String(refused));
    assert.equal(ofType(run, TYPES.rolePolicy).length, 0);
});

test("ClusterSecretStore mode: one ServiceAccount in external-secrets, a store restricted to the named namespaces", async () => {
    const run = await runProgram(() =>
        new AwsNamespaceAccess(
            "shared",
            irsa("external-secrets", { storeScope: SecretStoreScope.Cluster, allowedNamespaces: ["mlflow", "minio"] }),
        ),
    );
    assert.equal(ofType(run, TYPES.secretStore).length, 0);
    const store = single(run, TYPES.clusterSecretStore);
    assert.equal(store.inputs.metadata.namespace, undefined);
    assert.deepEqual(store.inputs.spec, {
        provider: {
            aws: {
                service: "ParameterStore",
                region: REGION,
                auth: { jwt: { serviceAccountRef: { name: "external-secrets-reader", namespace: "external-secrets" } } },
            },
        },
        conditions: [{ namespaces: ["mlflow", "minio"] }],
    });
    await validateManifest(store.inputs);
    const trust = JSON.parse(single(run, TYPES.role).inputs.assumeRolePolicy);
    assert.equal(trust.Statement[0].Condition.StringEquals[`${OIDC_HOST_PATH}:sub`], "system:serviceaccount:external-secrets:external-secrets-reader");
});

test("EKS Pod Identity: association on the ESO controller's ServiceAccount, tag-bound trust, store without auth block", async () => {
    const run = await runProgram(() =>
        new AwsNamespaceAccess("shared", {
            clusterName: "mlops-dev",
            namespace: "external-secrets",
            region: REGION,
            identityMode: AwsIdentityMode.PodIdentity,
            storeScope: SecretStoreScope.Cluster,
            allowedNamespaces: ["mlflow"],
        }),
    );
    const role = single(run, TYPES.role);
    assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy), {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ExternalSecretsPodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-name": "mlops-dev",
                        "aws:RequestTag/kubernetes-namespace": "external-secrets",
                        "aws:RequestTag/kubernetes-service-account": "external-secrets",
                    },
                },
            },
        ],
    });
    const association = single(run, TYPES.podIdentityAssociation);
    assert.deepEqual(association.inputs, {
        clusterName: "mlops-dev",
        namespace: "external-secrets",
        serviceAccount: "external-secrets",
        roleArn: `arn:aws:iam::${ACCOUNT}:role/eso-mlops-dev-external-secrets`,
    });
    assert.equal(ofType(run, TYPES.serviceAccount).length, 0, "the controller's ServiceAccount belongs to the ESO chart");
    const store = single(run, TYPES.clusterSecretStore);
    assert.deepEqual(store.inputs.spec.provider, { aws: { service: "ParameterStore", region: REGION } });
    await validateManifest(store.inputs);
});

test("grantAwsRead gives an existing role read on one parameter", async () => {
    const run = await runProgram(() => {
        grantAwsRead("legacy-reader", { roleName: "existing-app-role", secret: awsSecret("minio", "minio-root-password") });
    });
    const grant = single(run, TYPES.rolePolicy);
    assert.equal(grant.inputs.role, "existing-app-role");
    assert.deepEqual(policyResources(JSON.parse(grant.inputs.policy)), [parameterArn("/mlops-platform-dev/minio/minio-root-password")]);
});

test("two clusters: each gets its own role and ServiceAccount through its own Kubernetes provider, both read the same parameter", async () => {
    const run = await runProgram(() => {
        const secret = awsSecret("mlflow", "mlflow-db-password");
        for (const cluster of ["mlops-eu", "mlops-us"]) {
            const provider = new Provider(cluster, { kubeconfig: `{"cluster": "${cluster}"}` });
            const access = new AwsNamespaceAccess(`${cluster}-mlflow`, irsa("mlflow", { clusterName: cluster }), { provider });
            access.grantRead(secret, "mlflow-db-password");
        }
    });
    assert.deepEqual(ofType(run, TYPES.role).map((r) => r.inputs.name).sort(), ["eso-mlops-eu-mlflow", "eso-mlops-us-mlflow"]);
    const grants = ofType(run, TYPES.rolePolicy);
    assert.deepEqual(grants.map((g) => g.inputs.role).sort(), ["eso-mlops-eu-mlflow", "eso-mlops-us-mlflow"]);
    for (const grant of grants) {
        assert.deepEqual(policyResources(JSON.parse(grant.inputs.policy)), [parameterArn("/mlops-platform-dev/mlflow/mlflow-db-password")]);
    }
    const k8sObjects = [...ofType(run, TYPES.serviceAccount), ...ofType(run, TYPES.secretStore)];
    const providerOf = (r: { provider?: string }) => r.provider?.split("::")[3];
    assert.deepEqual(k8sObjects.map(providerOf).sort(), ["mlops-eu", "mlops-eu", "mlops-us", "mlops-us"]);
});

test("leak scan: a generated password stored in SSM and granted through the access component appears nowhere in plain text", async () => {
    const run = await runProgram(() => {
        const password = new RandomPassword("mlflow-db-password", { length: 32, special: false });
        const parameter = new Parameter("mlflow-db-password", {
            name: "/mlops-platform-dev/mlflow/db-password",
            type: "SecureString",
            value: password.result,
            keyId: KMS_KEY_ARN,
        });
        const access = new AwsNamespaceAccess("mlflow", irsa("mlflow"));
        access.grantRead(
            {
                cloud: CloudProvider.Aws,
                remoteKey: parameter.name,
                grantScope: parameter.arn,
                location: pulumi.interpolate`ssm:${parameter.name}`,
                writtenBy: [parameter],
                kmsKeyArn: pulumi.output(KMS_KEY_ARN),
                region: pulumi.output(REGION),
            },
            "mlflow-db-password",
        );
    });
    assertNoLeaks(run);
    assert.deepEqual(policyResources(JSON.parse(single(run, TYPES.rolePolicy).inputs.policy)), [
        parameterArn("/mlops-platform-dev/mlflow/db-password"),
        KMS_KEY_ARN,
    ]);
});
