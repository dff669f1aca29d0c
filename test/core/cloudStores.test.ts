import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { CloudProvider, MlflowDbSecret } from "../../components";
import { HardenedKeyVault } from "../../components/stores/azure/hardenedKeyVault";
import { FAKE_AZURE_TENANT } from "../harness/fakeIds";
import { ProgramRun, runProgram } from "../harness";
import { GCP_PROJECT, GCP_SECRET, GCP_SECRET_VERSION, KMS_KEY_ARN, REPLICATION_LOCATIONS, RESOURCE_GROUP, VAULT_NAME } from "./cloudCases";
import { EXTERNAL_SECRET, KEY_VAULT_SECRET, ofType, only, SSM_PARAMETER } from "./runQueries";

const remoteKeys = (run: ProgramRun) => only(run, EXTERNAL_SECRET).inputs.spec.data.map((d: { remoteRef: { key: string } }) => d.remoteRef.key);
const location = (run: ProgramRun) => only(run, "secrets:index:MlflowDbSecret").rawOutputs!.cloudLocation;

describe("AWS Parameter Store", () => {
    test("a SecureString, standard tier, under the AWS-managed key unless kmsKeyArn is given", async () => {
        const run = await runProgram(() => { new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Aws }); });
        const parameter = only(run, SSM_PARAMETER).inputs;
        assert.equal(parameter.name, "/mlops-platform-dev/mlflow/db-password");
        assert.equal(parameter.type, "SecureString");
        assert.equal(parameter.tier, "Standard");
        assert.equal(parameter.keyId, undefined, "no keyId: AWS uses alias/aws/ssm");
        const withKey = await runProgram(() => { new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Aws, aws: { kmsKeyArn: KMS_KEY_ARN } }); });
        assert.equal(only(withKey, SSM_PARAMETER).inputs.keyId, KMS_KEY_ARN);
    });

    test("the default prefix follows the project and stack; a parameterPrefix replaces it (trailing '/' ignored)", async () => {
        const prod = await runProgram(() => { new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Aws }); }, { project: "ml", stack: "prod" });
        assert.equal(only(prod, SSM_PARAMETER).inputs.name, "/ml-prod/mlflow/db-password");
        const custom = await runProgram(() => { new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Aws, aws: { parameterPrefix: "/platform/prod/" } }); });
        assert.equal(only(custom, SSM_PARAMETER).inputs.name, "/platform/prod/mlflow/db-password");
        assert.deepEqual(remoteKeys(custom), ["/platform/prod/mlflow/db-password"], "ESO reads the renamed parameter");
        assert.equal(location(custom), "ssm:/platform/prod/mlflow/db-password");
    });
});

describe("Azure Key Vault", () => {
    test("a secret in the given vault and resource group; no vault is created", async () => {
        const run = await runProgram(() => {
            new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Azure, azure: { vaultName: VAULT_NAME, resourceGroupName: RESOURCE_GROUP } });
        });
        const secret = only(run, KEY_VAULT_SECRET).inputs;
        assert.deepEqual([secret.vaultName, secret.resourceGroupName, secret.secretName], [VAULT_NAME, RESOURCE_GROUP, "mlflow-db-password"]);
        assert.equal(secret.properties.contentType, "text/plain");
        assert.deepEqual(ofType(run, "azure-native:keyvault:Vault"), []);
    });

    test("secretNamePrefix lets environments share a vault", async () => {
        const run = await runProgram(() => {
            new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Azure, azure: { vaultName: VAULT_NAME, resourceGroupName: RESOURCE_GROUP, secretNamePrefix: "dev-" } });
        });
        assert.equal(only(run, KEY_VAULT_SECRET).inputs.secretName, "dev-mlflow-db-password");
        assert.deepEqual(remoteKeys(run), ["dev-mlflow-db-password"]);
        assert.equal(location(run), `keyvault:${VAULT_NAME}/dev-mlflow-db-password`);
    });

    test("HardenedKeyVault: RBAC authorization, soft delete with purge protection, the deployer's tenant", async () => {
        const run = await runProgram(() => {
            new HardenedKeyVault("platform-kv", { resourceGroupName: RESOURCE_GROUP, location: "westeurope", vaultName: VAULT_NAME });
        });
        const vault = only(run, "azure-native:keyvault:Vault");
        assert.equal(vault.parent, only(run, "secrets:index:HardenedKeyVault").urn);
        const { properties, ...placement } = vault.inputs;
        assert.deepEqual(placement, { resourceGroupName: RESOURCE_GROUP, location: "westeurope", vaultName: VAULT_NAME });
        assert.deepEqual(
            {
                tenantId: properties.tenantId,
                enableRbacAuthorization: properties.enableRbacAuthorization,
                enableSoftDelete: properties.enableSoftDelete,
                enablePurgeProtection: properties.enablePurgeProtection,
                softDeleteRetentionInDays: properties.softDeleteRetentionInDays,
            },
            { tenantId: FAKE_AZURE_TENANT, enableRbacAuthorization: true, enableSoftDelete: true, enablePurgeProtection: true, softDeleteRetentionInDays: 90 },
        );
        assert.equal(only(run, "secrets:index:HardenedKeyVault").rawOutputs!.vaultUri, `https://${VAULT_NAME}.vault.azure.net/`);
    });
});

describe("GCP Secret Manager", () => {
    test("automatic replication by default; user-managed replicas in the given regions", async () => {
        const auto = await runProgram(() => { new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Gcp, gcp: { project: GCP_PROJECT } }); });
        const secret = only(auto, GCP_SECRET).inputs;
        assert.deepEqual([secret.project, secret.secretId], [GCP_PROJECT, "mlflow-db-password"]);
        assert.deepEqual(secret.replication, { auto: {} });
        const pinned = await runProgram(() => {
            new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Gcp, gcp: { project: GCP_PROJECT, replicationLocations: REPLICATION_LOCATIONS } });
        });
        assert.deepEqual(only(pinned, GCP_SECRET).inputs.replication,
            { userManaged: { replicas: [{ location: "europe-west1" }, { location: "europe-west4" }] } });
    });

    test("the value is a version of that secret, abandoned rather than destroyed when replaced", async () => {
        const run = await runProgram(() => { new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Gcp, gcp: { project: GCP_PROJECT } }); });
        const version = only(run, GCP_SECRET_VERSION);
        assert.equal(version.inputs.secret, `projects/${GCP_PROJECT}/secrets/mlflow-db-password`);
        assert.equal(version.inputs.deletionPolicy, "ABANDON");
        assert.ok(version.dependencies.includes(only(run, GCP_SECRET).urn));
    });

    test("secretIdPrefix lets environments share a project", async () => {
        const run = await runProgram(() => {
            new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Gcp, gcp: { project: GCP_PROJECT, secretIdPrefix: "dev-" } });
        });
        assert.equal(only(run, GCP_SECRET).inputs.secretId, "dev-mlflow-db-password");
        assert.deepEqual(remoteKeys(run), ["dev-mlflow-db-password"]);
        assert.equal(location(run), `secretmanager:projects/${GCP_PROJECT}/secrets/dev-mlflow-db-password`);
    });
});
