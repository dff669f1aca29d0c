import assert from "node:assert/strict";
import { test } from "node:test";
import {
    ArgoAdminSecret, CloudProvider, CloudStoreArgs, GrafanaSecret, MinioRootSecret, MlflowDbSecret, PlatformSecret, SecretsInputError,
} from "../../components";
import { attemptProgram } from "../harness";
import { GCP_PROJECT, RESOURCE_GROUP, VAULT_NAME } from "./cloudCases";

const aws: CloudStoreArgs = { cloud: CloudProvider.Aws };
const azure = (settings: object): CloudStoreArgs => ({ cloud: CloudProvider.Azure, azure: { vaultName: VAULT_NAME, resourceGroupName: RESOURCE_GROUP, ...settings } });
const gcp = (settings: object): CloudStoreArgs => ({ cloud: CloudProvider.Gcp, gcp: { project: GCP_PROJECT, ...settings } });
const generic = { namespace: "jupyterhub", app: "jupyterhub", valueName: "cookie-secret" };

interface BadInput {
    readonly what: string;
    readonly create: () => unknown;
    /** The argument the message must name. */
    readonly argument: string;
    /** How the message must show the bad value. */
    readonly shows: string;
    /** What the message must say to do. */
    readonly fix: RegExp;
}

const BAD_INPUTS: BadInput[] = [
    { what: "a namespace with capitals", create: () => new MlflowDbSecret("s", { ...aws, namespace: "MLflow" }),
        argument: "namespace", shows: '"MLflow"', fix: /lowercase letters, digits or '-'/ },
    { what: "a Kubernetes Secret name with '_'", create: () => new MlflowDbSecret("s", { ...aws, kubernetesSecretName: "mlflow_db" }),
        argument: "kubernetesSecretName", shows: '"mlflow_db"', fix: /lowercase letters, digits, '-' or '.'/ },
    { what: "an SSM prefix starting with /aws", create: () => new MlflowDbSecret("s", { cloud: CloudProvider.Aws, aws: { parameterPrefix: "/aws-prod" } }),
        argument: "aws.parameterPrefix", shows: '"/aws-prod"', fix: /must not begin with 'aws' or 'ssm'/ },
    { what: "an SSM name of 16 levels", create: () => new MlflowDbSecret("s", { cloud: CloudProvider.Aws, aws: { parameterPrefix: "/a/b/c/d/e/f/g/h/i/j/k/l/m/n" } }),
        argument: "aws.parameterPrefix", shows: '"/a/b/c/d/e/f/g/h/i/j/k/l/m/n"', fix: /at most 15 levels/ },
    { what: "a KMS alias instead of a key ARN", create: () => new MlflowDbSecret("s", { cloud: CloudProvider.Aws, aws: { kmsKeyArn: "alias/aws/ssm" } }),
        argument: "aws.kmsKeyArn", shows: '"alias/aws/ssm"', fix: /full key ARN/ },
    { what: "cloud azure without its settings", create: () => new GrafanaSecret("s", { cloud: CloudProvider.Azure }),
        argument: "azure", shows: "nothing (the argument is missing)", fix: /set azure\.vaultName and azure\.resourceGroupName/ },
    { what: "a Key Vault name with '_'", create: () => new GrafanaSecret("s", azure({ vaultName: "mlops_kv" })),
        argument: "azure.vaultName", shows: '"mlops_kv"', fix: /3-24 letters, digits and '-'/ },
    { what: "a Key Vault without a resource group", create: () => new GrafanaSecret("s", azure({ resourceGroupName: "" })),
        argument: "azure.resourceGroupName", shows: '""', fix: /resource group/ },
    { what: "a Key Vault secret prefix with '_'", create: () => new GrafanaSecret("s", azure({ secretNamePrefix: "dev_" })),
        argument: "azure.secretNamePrefix", shows: '"dev_"', fix: /letters, digits and '-'/ },
    { what: "cloud gcp without a project", create: () => new MinioRootSecret("s", { cloud: CloudProvider.Gcp }),
        argument: "gcp.project", shows: "nothing (the argument is missing)", fix: /set gcp\.project to a project id/ },
    { what: "a GCP project id with capitals", create: () => new MinioRootSecret("s", gcp({ project: "My_Project" })),
        argument: "gcp.project", shows: '"My_Project"', fix: /6-30 lowercase letters/ },
    { what: "a GCP replication location that is no region", create: () => new MinioRootSecret("s", gcp({ replicationLocations: ["europe"] })),
        argument: "gcp.replicationLocations", shows: '["europe"]', fix: /regions such as "europe-west1"/ },
    { what: "MinIO password of 41 characters", create: () => new MinioRootSecret("s", { ...aws, passwordLength: 41 }),
        argument: "passwordLength", shows: "41", fix: /from 16 to 40\. MinIO accepts/ },
    { what: "MinIO password of 15 characters", create: () => new MinioRootSecret("s", { ...aws, passwordLength: 15 }),
        argument: "passwordLength", shows: "15", fix: /from 16 to 40/ },
    { what: "MinIO root user of 2 characters", create: () => new MinioRootSecret("s", { ...aws, rootUser: "ab" }),
        argument: "rootUser", shows: '"ab"', fix: /at least 3/ },
    { what: "Argo CD password of 73 characters (bcrypt reads 72 bytes)", create: () => new ArgoAdminSecret("s", { ...aws, passwordLength: 73 }),
        argument: "passwordLength", shows: "73", fix: /from 16 to 72\. bcrypt uses only the first 72 bytes/ },
    { what: "rotation every 0 days", create: () => new GrafanaSecret("s", { ...aws, rotationDays: 0 }),
        argument: "rotationDays", shows: "0", fix: /whole number from 1 to 365\./ },
    { what: "rotation every 1.5 days", create: () => new GrafanaSecret("s", { ...aws, rotationDays: 1.5 }),
        argument: "rotationDays", shows: "1.5", fix: /whole number/ },
    { what: 'refreshInterval "0s"', create: () => new MlflowDbSecret("s", { ...aws, refreshInterval: "0s" }),
        argument: "refreshInterval", shows: '"0s"', fix: /non-zero Go duration.*"24h"/ },
    { what: 'refreshInterval "banana"', create: () => new MlflowDbSecret("s", { ...aws, refreshInterval: "banana" }),
        argument: "refreshInterval", shows: '"banana"', fix: /Go duration/ },
    { what: "an MLflow username with a quote", create: () => new MlflowDbSecret("s", { ...aws, username: "mlflow'; DROP ROLE x; --" }),
        argument: "username", shows: `"mlflow'; DROP ROLE x; --"`, fix: /PostgreSQL role name/ },
    { what: "a Grafana admin user with a space", create: () => new GrafanaSecret("s", { ...aws, adminUser: "grafana admin" }),
        argument: "adminUser", shows: '"grafana admin"', fix: /letters, digits/ },
    { what: "templateData that never uses the secret", create: () => new PlatformSecret("s", { ...aws, ...generic, templateData: { user: "jupyter" } }),
        argument: "templateData", shows: '{"user":"jupyter"}', fix: /reference it as \{\{ \.password \}\}/ },
    { what: "a bcryptHash template without storeBcryptHash", create: () => new PlatformSecret("s", { ...aws, ...generic, templateData: { hash: "{{ .bcryptHash }}" } }),
        argument: "templateData.hash", shows: '"{{ .bcryptHash }}"', fix: /set storeBcryptHash: true/ },
    { what: "an unknown cloud", create: () => new PlatformSecret("s", { ...generic, cloud: "oracle" as CloudProvider }),
        argument: "cloud", shows: '"oracle"', fix: /Use one of: aws, azure, gcp/ },
    { what: "a SecretStore name with capitals", create: () => new MlflowDbSecret("s", { ...aws, secretStoreName: "Platform" }),
        argument: "secretStoreName", shows: '"Platform"', fix: /lowercase letters/ },
];

/** Runs the program, catching what it throws, so that what was registered before the throw stays visible. */
async function attempt(create: () => unknown) {
    const { error, run } = await attemptProgram(create);
    return { error, registered: run.resources.map((r) => `${r.type}::${r.name}`) };
}

for (const bad of BAD_INPUTS) {
    test(`${bad.what}: a clear error naming ${bad.argument}, and no resource registered`, async () => {
        const { error, registered } = await attempt(bad.create);
        assert.ok(error instanceof SecretsInputError, `expected a SecretsInputError, got ${String(error)}`);
        assert.equal(error.argument, bad.argument);
        assert.ok(error.message.startsWith(`Invalid argument "${bad.argument}": got ${bad.shows}. `), error.message);
        assert.match(error.message, bad.fix);
        assert.deepEqual(registered, []);
    });
}

test("control: the same wrapper sees what a valid program registers", async () => {
    const { error, registered } = await attempt(() => new MinioRootSecret("s", { ...aws, passwordLength: 40 }));
    assert.equal(error, undefined);
    assert.ok(registered.includes("aws:ssm/parameter:Parameter::s"), registered.join(", "));
});
