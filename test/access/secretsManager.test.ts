// AWS Secrets Manager as a store: the secret, its versions and resource policy, the exact read grants, the ESO
// SecretStore with `service: SecretsManager`, and the MLflow document. Decisions are made by the policy pack's IAM
// evaluator (policy/lib/iam/aws), the same semantics as the pack and the who-can-read table.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { evaluateAwsRequest } from "../../policy/lib/iam/aws";
import {
    AwsIdentityMode, AwsSecretService, CloudProvider, CloudStoreArgs, ClusterAccessArgs, MinioRootSecret, MlflowDbSecret, PlatformSecret,
    SecretStoreScope, SecretsInputError,
} from "../../components";
import { grantAwsRead, secretReadPolicy, secretResourcePolicy } from "../../components/aws";
import { assertNoLeaks, attemptProgram, isWireSecret, ProgramRun, runProgram } from "../harness";
import { extractedFields, renderTargetData } from "../core/esoSimulation";
import { secretsManagerArn, SM_SECRET, SM_SECRET_POLICY, SM_SECRET_VERSION } from "../core/cloudCases";
import { ACCOUNT, KMS_KEY_ARN, OIDC_ISSUER_URL, OIDC_PROVIDER_ARN, ofType, REGION, single, TYPES, validateManifest } from "./fixtures";
import { esoSchemaError } from "../core/esoSchema";

const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:user/deployer`;
const ROOT_USER = `arn:aws:iam::${ACCOUNT}:root`;
const BREAK_GLASS = `arn:aws:iam::${ACCOUNT}:role/ops/break-glass`;
const sm = (settings: object = {}): CloudStoreArgs => ({ cloud: CloudProvider.Aws, aws: { service: AwsSecretService.SecretsManager, region: REGION, ...settings } });
const irsaCluster: ClusterAccessArgs = { clusterName: "mlops-dev", aws: { region: REGION, oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuerUrl: OIDC_ISSUER_URL } };
const k8sOpts = () => ({ provider: new k8s.Provider("cluster", { kubeconfig: "kubeconfig" }) });
const MLFLOW_ARN = secretsManagerArn("mlops-platform-dev/mlflow/db-password");
const MINIO_ARN = secretsManagerArn("mlops-platform-dev/minio/root-password");
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

const named = (run: ProgramRun, type: string, name: string) => {
    const found = ofType(run, type).filter((r) => r.name === name);
    assert.equal(found.length, 1, `one ${type} named ${name}`);
    return found[0];
};

/** The platform's MLflow and MinIO secrets on Secrets Manager, read through IRSA (MLflow with its database). */
function platform(settings: object = {}, cluster: ClusterAccessArgs = irsaCluster) {
    return () => {
        const opts = k8sOpts();
        new MlflowDbSecret("mlflow-db", { ...sm(settings), cluster, database: { host: "mlflow-db.internal.example" } }, opts);
        new MinioRootSecret("minio-root", { ...sm(settings), cluster }, opts);
    };
}

test("the secret: its name, the customer-managed key, the recovery window and tags; the value only in a secret-wrapped version", async () => {
    const run = await runProgram(platform({ kmsKeyArn: KMS_KEY_ARN, recoveryWindowInDays: 7 }));
    const secret = named(run, SM_SECRET, "minio-root");
    assert.deepEqual(secret.inputs, {
        name: "mlops-platform-dev/minio/root-password",
        description: "Managed by @mlops-platform/secrets: minio root-password",
        kmsKeyId: KMS_KEY_ARN,
        recoveryWindowInDays: 7,
        region: REGION,
        tags: { "managed-by": "pulumi", "part-of": "mlops-platform-secrets" },
    });
    const version = named(run, SM_SECRET_VERSION, "minio-root");
    assert.equal(version.inputs.secretId, MINIO_ARN, "the version belongs to the secret, by its complete ARN");
    assert.ok(isWireSecret(version.rawInputs.secretString), "the value is sent as a secret");
    assert.equal(version.inputs.secretString, run.cloud.generatedSecrets[2]);
    assert.equal(version.inputs.versionStages, undefined, "no stages given: PutSecretValue moves AWSCURRENT to the new version");
    assert.equal(named(run, SM_SECRET_POLICY, "minio-root").inputs.blockPublicPolicy, true);
    assertNoLeaks(run);
});

test("default recovery window is AWS's 30 days; 0 deletes at once", async () => {
    const byDefault = await runProgram(() => new MinioRootSecret("minio-root", sm()));
    assert.equal(single(byDefault, SM_SECRET).inputs.recoveryWindowInDays, 30);
    const atOnce = await runProgram(() => new MinioRootSecret("minio-root", sm({ recoveryWindowInDays: 0 })));
    assert.equal(single(atOnce, SM_SECRET).inputs.recoveryWindowInDays, 0);
});

/** Who may do what on a secret, decided from its registered resource policy and an identity policy allowing everything. */
function decide(run: ProgramRun, secretName: string, principalArn: string | undefined, action: string, identity: object = ADMIN_EVERYWHERE) {
    const resourcePolicy = JSON.parse(named(run, SM_SECRET_POLICY, secretName).inputs.policy);
    return evaluateAwsRequest({ identityPolicies: [identity], resourcePolicy }, {
        action,
        resource: secretName === "mlflow-db" ? MLFLOW_ARN : MINIO_ARN,
        principal: principalArn ? { type: "AWS", id: principalArn } : { type: "Service", id: "lambda.amazonaws.com" },
        context: principalArn ? { "aws:PrincipalArn": principalArn } : {},
    });
}

// The worst case for a resource policy to defend against: a principal whose identity policy allows every action.
const ADMIN_EVERYWHERE = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

test("resource policy: against AdministratorAccess-like grants, only the readers read the value and only the managers change the secret", async () => {
    const run = await runProgram(platform({ adminPrincipalArns: [BREAK_GLASS] }));
    const reader = roleArn("eso-mlops-dev-mlflow");
    const otherReader = roleArn("eso-mlops-dev-minio");
    const otherAdmin = roleArn("platform-admin");
    const actions = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage",
        "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy", "secretsmanager:DeleteSecret", "secretsmanager:RotateSecret",
        "secretsmanager:UpdateSecret", "secretsmanager:DescribeSecret"];
    const table = Object.fromEntries([
        ["reader (mlflow's ESO role)", reader], ["another namespace's reader", otherReader], ["another admin of the account", otherAdmin],
        ["deployer", DEPLOYER], ["root user", ROOT_USER], ["break-glass (adminPrincipalArns)", BREAK_GLASS], ["an AWS service", undefined],
    ].map(([label, arn]) => [label, actions.filter((a) => decide(run, "mlflow-db", arn, a) === "Allowed").map((a) => a.split(":")[1])]));
    const everything = actions.map((a) => a.split(":")[1]);
    assert.deepEqual(table, {
        "reader (mlflow's ESO role)": ["GetSecretValue", "DescribeSecret"],
        "another namespace's reader": ["DescribeSecret"],
        "another admin of the account": ["DescribeSecret"],
        deployer: everything,
        "root user": everything,
        "break-glass (adminPrincipalArns)": everything,
        "an AWS service": ["DescribeSecret"],
    });
    // The resource policy never grants by itself: without an identity policy, the reader reads nothing.
    assert.equal(decide(run, "mlflow-db", reader, "secretsmanager:GetSecretValue", { Version: "2012-10-17", Statement: [] }), "ImplicitlyDenied");
});

test("resource policy: lists are sorted and complete whatever the declaration order, so it does not change between runs", async () => {
    const policy = (run: ProgramRun) => JSON.parse(named(run, SM_SECRET_POLICY, "minio-root").inputs.policy);
    const one = policy(await runProgram(platform({ adminPrincipalArns: [BREAK_GLASS, roleArn("ci")] })));
    const two = policy(await runProgram(platform({ adminPrincipalArns: [roleArn("ci"), BREAK_GLASS] })));
    assert.deepEqual(one, two);
    assert.deepEqual(one.Statement[1].Condition.ArnNotEquals["aws:PrincipalArn"], [roleArn("ci"), BREAK_GLASS, ROOT_USER, DEPLOYER].sort());
    assert.deepEqual(secretResourcePolicy({ readers: ["b", "a", "b"], managers: ["c"] }).valueOf(),
        secretResourcePolicy({ readers: ["a", "b"], managers: ["c", "c"] }));
});

test("grant: GetSecretValue only, on the complete secret ARN, for exactly the reader's own secret", async () => {
    const run = await runProgram(platform());
    const grant = named(run, TYPES.rolePolicy, "mlops-dev-mlflow-read-mlflow-db-password");
    const document = JSON.parse(grant.inputs.policy);
    assert.deepEqual(document, {
        Version: "2012-10-17",
        Statement: [{ Sid: "ReadSecret", Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: MLFLOW_ARN }],
    });
    const can = (action: string, resource: string) => evaluateAwsRequest({ identityPolicies: [document] }, { action, resource });
    assert.equal(can("secretsmanager:GetSecretValue", MLFLOW_ARN), "Allowed");
    assert.equal(can("secretsmanager:GetSecretValue", MINIO_ARN), "ImplicitlyDenied");
    // A look-alike secret whose name starts the same (what a `-??????` or `*` ARN would also match).
    assert.equal(can("secretsmanager:GetSecretValue", `${MLFLOW_ARN.slice(0, -7)}-backup-AbCdEf`), "ImplicitlyDenied");
    for (const action of ["secretsmanager:DescribeSecret", "secretsmanager:ListSecrets", "secretsmanager:BatchGetSecretValue", "secretsmanager:PutSecretValue"]) {
        assert.equal(can(action, MLFLOW_ARN), "ImplicitlyDenied", action);
    }
});

test("grant with a customer-managed key: kms:Decrypt only through Secrets Manager in the secret's region, only for that secret", async () => {
    const run = await runProgram(platform({ kmsKeyArn: KMS_KEY_ARN }));
    const document = JSON.parse(named(run, TYPES.rolePolicy, "mlops-dev-mlflow-read-mlflow-db-password").inputs.policy);
    const decrypt = (context: Record<string, string>) =>
        evaluateAwsRequest({ identityPolicies: [document] }, { action: "kms:Decrypt", resource: KMS_KEY_ARN, context });
    const via = `secretsmanager.${REGION}.amazonaws.com`;
    assert.equal(decrypt({ "kms:ViaService": via, "kms:EncryptionContext:SecretARN": MLFLOW_ARN }), "Allowed");
    assert.equal(decrypt({ "kms:ViaService": via, "kms:EncryptionContext:SecretARN": MINIO_ARN }), "ImplicitlyDenied", "another secret under the same key");
    assert.equal(decrypt({ "kms:EncryptionContext:SecretARN": MLFLOW_ARN }), "ImplicitlyDenied", "a direct call to KMS");
    assert.equal(decrypt({ "kms:ViaService": `ssm.${REGION}.amazonaws.com`, "kms:EncryptionContext:SecretARN": MLFLOW_ARN }), "ImplicitlyDenied");
});

test("secretReadPolicy refuses what is not one complete secret ARN, or not the secret ESO reads", () => {
    for (const bad of [`arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:mlops-platform-dev/mlflow/db-password`,
        `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:mlops-platform-dev/mlflow/db-password-??????`,
        `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:mlops-platform-dev/*`, "*"]) {
        assert.throws(() => secretReadPolicy(bad), (e: unknown) => e instanceof SecretsInputError && /complete ARN/.test(e.message), bad);
    }
    assert.throws(() => secretReadPolicy(MLFLOW_ARN, undefined, MINIO_ARN), /not the secret ESO reads/);
    assert.throws(() => secretReadPolicy(MLFLOW_ARN, "alias/aws/secretsmanager"), /key ARN/);
});

test("ESO: a SecretStore with service SecretsManager under IRSA (valid against the ESO v1 CRD), and ExternalSecrets reading by ARN", async () => {
    const run = await runProgram(platform());
    const stores = ofType(run, TYPES.secretStore);
    assert.deepEqual(stores.map((s) => `${s.inputs.metadata.namespace}/${s.inputs.metadata.name}`).sort(), ["minio/aws-secrets-manager", "mlflow/aws-secrets-manager"]);
    for (const store of stores) {
        assert.deepEqual(store.inputs.spec.provider, {
            aws: { service: "SecretsManager", region: REGION, auth: { jwt: { serviceAccountRef: { name: "external-secrets-reader" } } } },
        });
        await validateManifest(store.inputs);
    }
    const es = named(run, EXTERNAL_SECRET, "minio-root");
    assert.deepEqual(es.inputs.spec.secretStoreRef, { name: "aws-secrets-manager", kind: "SecretStore" });
    assert.deepEqual(es.inputs.spec.data, [{ secretKey: "password", remoteRef: { key: MINIO_ARN } }]);
    assert.equal(await esoSchemaError(es.inputs), undefined);
    const policyUrn = named(run, SM_SECRET_POLICY, "minio-root").urn;
    assert.ok(es.dependencies.includes(policyUrn), "ESO reads only once the resource policy names its reader");
});

test("ESO: EKS Pod Identity with a ClusterSecretStore reads Secrets Manager with no auth block (the controller's identity)", async () => {
    const cluster: ClusterAccessArgs = {
        clusterName: "mlops-dev", storeScope: SecretStoreScope.Cluster, allowedNamespaces: ["mlflow", "minio"],
        aws: { region: REGION, identityMode: AwsIdentityMode.PodIdentity },
    };
    const run = await runProgram(platform({}, cluster));
    const store = single(run, TYPES.clusterSecretStore);
    assert.equal(store.inputs.metadata.name, "aws-secrets-manager");
    assert.deepEqual(store.inputs.spec.provider, { aws: { service: "SecretsManager", region: REGION } });
    await validateManifest(store.inputs);
    const policy = JSON.parse(named(run, SM_SECRET_POLICY, "minio-root").inputs.policy);
    assert.ok(policy.Statement[0].Condition.ArnNotEquals["aws:PrincipalArn"].includes(roleArn("eso-mlops-dev-external-secrets")));
});

test("one namespace, both services: each value is read through the store of its own service", async () => {
    const run = await runProgram(() => {
        const opts = k8sOpts();
        new PlatformSecret("ssm-token", { cloud: CloudProvider.Aws, aws: { region: REGION }, cluster: irsaCluster, namespace: "mlflow", app: "mlflow", valueName: "token" }, opts);
        new PlatformSecret("sm-token", { ...sm(), cluster: irsaCluster, namespace: "mlflow", app: "mlflow", valueName: "api-key" }, opts);
    });
    const stores = ofType(run, TYPES.secretStore).map((s) => [s.name, s.inputs.metadata.name, s.inputs.spec.provider.aws.service]);
    assert.deepEqual(stores.sort(), [["mlops-dev-mlflow-store", "aws-parameter-store", "ParameterStore"],
        ["mlops-dev-mlflow-store-secrets-manager", "aws-secrets-manager", "SecretsManager"]]);
    assert.equal(named(run, EXTERNAL_SECRET, "ssm-token").inputs.spec.secretStoreRef.name, "aws-parameter-store");
    assert.equal(named(run, EXTERNAL_SECRET, "sm-token").inputs.spec.secretStoreRef.name, "aws-secrets-manager");
    assert.equal(ofType(run, TYPES.role).length, 1, "one identity for the namespace, whatever the service");
});

test("MLflow with database: the value is AWS's database secret document, and ESO's extract renders exactly the chart's keys", async () => {
    const run = await runProgram(platform());
    const version = named(run, SM_SECRET_VERSION, "mlflow-db");
    const document = JSON.parse(version.inputs.secretString);
    const password = run.cloud.generatedSecrets[0];
    assert.deepEqual(document,
        { engine: "postgres", host: "mlflow-db.internal.example", port: 5432, username: "mlflow_a", password, dbname: "mlflow", ssl: true });
    assert.equal(typeof document.port, "number", "a JSON number, as AWS's rotation functions write it");
    // ESO's GetSecretMap: strings unquoted, the number as its raw JSON text.
    assert.deepEqual(extractedFields(version.inputs.secretString),
        { engine: "postgres", host: "mlflow-db.internal.example", port: "5432", username: "mlflow_a", password, dbname: "mlflow", ssl: "true" });
    const es = named(run, EXTERNAL_SECRET, "mlflow-db");
    assert.deepEqual(es.inputs.spec.dataFrom, [{ extract: { key: MLFLOW_ARN } }]);
    assert.equal(es.inputs.spec.target.template.mergePolicy, undefined, "Replace: the document's other fields stay out of the Secret");
    // community-charts/mlflow backendStore.existingDatabaseSecret {usernameKey: username, passwordKey: password}
    assert.deepEqual(renderTargetData(run, es), { username: "mlflow_a", password });
    assertNoLeaks(run);
});

test("MLflow with database on Parameter Store keeps the {username, password} document", async () => {
    const run = await runProgram(() => new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Aws, database: { host: "db" } }));
    const parameter = single(run, "aws:ssm/parameter:Parameter");
    assert.deepEqual(Object.keys(JSON.parse(parameter.inputs.value)), ["username", "password"]);
});

test("grantAwsRead on a Secrets Manager secret needs the role's ARN for the resource policy, and adds it there", async () => {
    const missing = await attemptProgram(() => {
        const secret = new MinioRootSecret("minio-root", sm());
        grantAwsRead("reader", { roleName: "analytics", secret: storedOf(secret) });
    });
    assert.ok(missing.error instanceof SecretsInputError, String(missing.error));
    assert.equal(missing.error.argument, "grantAwsRead.roleArn");

    const run = await runProgram(() => {
        const secret = new MinioRootSecret("minio-root", sm());
        grantAwsRead("reader", { roleName: "analytics", roleArn: roleArn("teams/analytics"), secret: storedOf(secret) });
    });
    const policy = JSON.parse(single(run, SM_SECRET_POLICY).inputs.policy);
    assert.ok(policy.Statement[0].Condition.ArnNotEquals["aws:PrincipalArn"].includes(roleArn("teams/analytics")));
    assert.ok(!policy.Statement[1].Condition.ArnNotEquals["aws:PrincipalArn"].includes(roleArn("teams/analytics")), "a reader is no manager");
});

test("a grant declared after the resource policy was written fails loudly instead of leaving the reader denied", async () => {
    let late: unknown;
    await runProgram(async () => {
        const secret = new MinioRootSecret("minio-root", sm());
        await new Promise((resolve) => setTimeout(resolve, 10));
        try {
            grantAwsRead("reader", { roleName: "analytics", roleArn: roleArn("analytics"), secret: storedOf(secret) });
        } catch (error) {
            late = error;
        }
    });
    assert.ok(late instanceof SecretsInputError, String(late));
    assert.match(late.message, /already written.*same turn of the program/);
});

/** The stored value behind a typed secret (its PlatformSecret child's storedSecrets()). */
function storedOf(secret: MinioRootSecret) {
    const { platformSecretOf } = require("../../components/secrets/exposedOutputs") as typeof import("../../components/secrets/exposedOutputs");
    return platformSecretOf(secret).storedSecrets()[0];
}
