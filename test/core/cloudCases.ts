import { AwsSecretService, CloudProvider, CloudStoreArgs } from "../../components";
import { FAKE_AWS_ACCOUNT, FAKE_AWS_REGION, stableGuid } from "../harness/fakeIds";

export const KMS_KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
export const VAULT_NAME = "mlops-dev-kv";
export const RESOURCE_GROUP = "mlops-dev-rg";
export const GCP_PROJECT = "mlops-platform-dev";
export const REPLICATION_LOCATIONS = ["europe-west1", "europe-west4"];

/** One way of configuring a cloud store, with what a user should find in that cloud for a value. */
export interface CloudCase {
    readonly label: string;
    readonly args: CloudStoreArgs;
    /** Resource types that keep one value in this cloud. */
    readonly storeTypes: string[];
    /** The value's name in the store (ESO's `remoteRef.key`), with project "mlops-platform" and stack "dev". */
    storeName(app: string, valueName: string): string;
    /** The component's `cloudLocation` output for that value. */
    location(app: string, valueName: string): string;
}

const SSM = "aws:ssm/parameter:Parameter";
const KEY_VAULT_SECRET = "azure-native:keyvault:Secret";
export const GCP_SECRET = "gcp:secretmanager/secret:Secret";
export const GCP_SECRET_VERSION = "gcp:secretmanager/secretVersion:SecretVersion";

const awsCase = (label: string, args: CloudStoreArgs): CloudCase => ({
    label,
    args,
    storeTypes: [SSM],
    storeName: (app, valueName) => `/mlops-platform-dev/${app}/${valueName}`,
    location: (app, valueName) => `ssm:/mlops-platform-dev/${app}/${valueName}`,
});

export const SM_SECRET = "aws:secretsmanager/secret:Secret";
export const SM_SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
export const SM_SECRET_POLICY = "aws:secretsmanager/secretPolicy:SecretPolicy";

/** The complete ARN the mock gives a Secrets Manager secret (AWS appends '-' and 6 random characters to the name). */
export function secretsManagerArn(secretName: string): string {
    return `arn:aws:secretsmanager:${FAKE_AWS_REGION}:${FAKE_AWS_ACCOUNT}:secret:${secretName}-${stableGuid(`secret:${secretName}`).replace(/-/g, "").slice(0, 6)}`;
}

const secretsManagerCase = (label: string, args: CloudStoreArgs): CloudCase => ({
    label,
    args,
    storeTypes: [SM_SECRET, SM_SECRET_VERSION, SM_SECRET_POLICY],
    // ESO reads the secret by its complete ARN.
    storeName: (app, valueName) => secretsManagerArn(`mlops-platform-dev/${app}/${valueName}`),
    location: (app, valueName) => `secretsmanager:mlops-platform-dev/${app}/${valueName}`,
});

const gcpCase = (label: string, args: CloudStoreArgs): CloudCase => ({
    label,
    args,
    storeTypes: [GCP_SECRET, GCP_SECRET_VERSION],
    storeName: (app, valueName) => `${app}-${valueName}`,
    location: (app, valueName) => `secretmanager:projects/${GCP_PROJECT}/secrets/${app}-${valueName}`,
});

export const VAULT_ADDRESS = "https://vault.example.com:8200";
export const VAULT_KV_SECRET = "vault:kv/secretV2:SecretV2";

/** Every cloud, and the optional settings that change what is registered (KMS key, replication). */
export const CLOUD_CASES: CloudCase[] = [
    awsCase("aws", { cloud: CloudProvider.Aws }),
    awsCase("aws with kmsKeyArn", { cloud: CloudProvider.Aws, aws: { kmsKeyArn: KMS_KEY_ARN } }),
    secretsManagerCase("aws secrets manager", { cloud: CloudProvider.Aws, aws: { service: AwsSecretService.SecretsManager } }),
    secretsManagerCase("aws secrets manager with kmsKeyArn",
        { cloud: CloudProvider.Aws, aws: { service: AwsSecretService.SecretsManager, kmsKeyArn: KMS_KEY_ARN, recoveryWindowInDays: 7 } }),
    {
        label: "azure",
        args: { cloud: CloudProvider.Azure, azure: { vaultName: VAULT_NAME, resourceGroupName: RESOURCE_GROUP } },
        storeTypes: [KEY_VAULT_SECRET],
        storeName: (app, valueName) => `${app}-${valueName}`,
        location: (app, valueName) => `keyvault:${VAULT_NAME}/${app}-${valueName}`,
    },
    gcpCase("gcp", { cloud: CloudProvider.Gcp, gcp: { project: GCP_PROJECT } }),
    gcpCase("gcp with replicationLocations", { cloud: CloudProvider.Gcp, gcp: { project: GCP_PROJECT, replicationLocations: REPLICATION_LOCATIONS } }),
    {
        label: "vault",
        args: { cloud: CloudProvider.Vault, vault: { address: VAULT_ADDRESS } },
        storeTypes: [VAULT_KV_SECRET],
        storeName: (app, valueName) => `mlops-platform-dev/${app}/${valueName}`,
        location: (app, valueName) => `vault:secret/data/mlops-platform-dev/${app}/${valueName}`,
    },
];
