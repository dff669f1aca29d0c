import * as keyvault from "@pulumi/azure-native/keyvault";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import { CorpusClass, violations } from "./corpusCase";

const VAULT = "hardened-key-vault";
const REPLICATION = "hardened-gcp-secret-replication";

const vaultBase = {
    resourceGroupName: "mlops-platform",
    vaultName: "mlops-kv",
    location: "westeurope",
};
const sku = { family: "A", name: keyvault.SkuName.Standard };
const tenantId = "00000000-0000-4000-8000-000000000002";

export const hardenedStores: CorpusClass = {
    title: "Hardened cloud stores",
    description: "Key Vaults an attacker (or a deleted stack) could wipe for good, and Secret Manager secrets that cannot exist.",
    cases: [
        {
            title: "bad: a Key Vault with access policies (RBAC off by SDK default) and no purge protection",
            program: () => new keyvault.Vault("kv", { ...vaultBase, properties: { tenantId, sku } }),
            expect: violations(VAULT, "azure-native:keyvault:Vault", 2),
        },
        {
            title: "bad: a Key Vault with soft delete turned off",
            program: () => new keyvault.Vault("kv", {
                ...vaultBase,
                properties: { tenantId, sku, enableRbacAuthorization: true, enablePurgeProtection: true, enableSoftDelete: false },
            }),
            expect: violations(VAULT, "azure-native:keyvault:Vault"),
        },
        {
            title: "good: a hardened Key Vault",
            program: () => new keyvault.Vault("kv", {
                ...vaultBase,
                properties: { tenantId, sku, enableRbacAuthorization: true, enablePurgeProtection: true, softDeleteRetentionInDays: 90 },
            }),
            expect: [],
        },
        {
            title: "bad: Secret Manager secrets without a usable replication policy",
            program: () => {
                new secretmanager.Secret("no-replication", { secretId: "mlflow-db-password", replication: {} });
                new secretmanager.Secret("no-replicas", { secretId: "minio-root-password", replication: { userManaged: { replicas: [] } } });
            },
            expect: violations(REPLICATION, "gcp:secretmanager/secret:Secret", 2),
        },
        {
            title: "good: automatic and user-managed replication",
            program: () => {
                new secretmanager.Secret("auto", { secretId: "mlflow-db-password", replication: { auto: {} } });
                new secretmanager.Secret("eu", { secretId: "minio-root-password", replication: { userManaged: { replicas: [{ location: "europe-west1" }] } } });
            },
            expect: [],
        },
    ],
};
