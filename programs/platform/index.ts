import * as pulumi from "@pulumi/pulumi";
import {
    ArgoAdminSecret, CloudProvider, GrafanaSecret, ManagedSecretArgs, MinioRootSecret, MlflowDbSecret,
} from "../../components";
import { readPlatformConfig } from "./config";

/**
 * The platform's secrets stack: MLflow's database password, MinIO's root credentials, Argo CD's admin password and
 * Grafana's admin password, each kept in the cloud's secret store and synced into its namespace by ESO, read through
 * a per-namespace identity.
 */
export function platformSecrets() {
    const config = readPlatformConfig();
    const shared: ManagedSecretArgs = {
        cloud: config.cloud,
        aws: config.aws,
        azure: config.azure,
        gcp: config.gcp,
        cluster: config.cluster,
        rotationDays: config.rotationDays,
        rotationTrigger: config.rotationTrigger,
        refreshInterval: config.refreshInterval,
    };
    const opts: pulumi.ComponentResourceOptions = { dependsOn: platformVault(config) };
    const secrets = [
        new MlflowDbSecret("mlflow-db", { ...shared, namespace: config.namespaces.mlflow }, opts),
        new MinioRootSecret("minio-root", { ...shared, namespace: config.namespaces.minio }, opts),
        new ArgoAdminSecret("argocd-admin", { ...shared, namespace: config.namespaces.argocd }, opts),
        new GrafanaSecret("grafana-admin", { ...shared, namespace: config.namespaces.grafana }, opts),
    ];
    // Only non-secret facts leave the stack: where each value lives and where it is synced.
    return {
        secrets: secrets.map((s) => ({
            cloudLocation: s.cloudLocation,
            kubernetesSecret: pulumi.interpolate`${s.kubernetesNamespace}/${s.kubernetesSecretName}`,
            keys: s.kubernetesSecretKeys,
            rotatedAt: s.rotatedAt,
            rotationDays: s.rotationDays,
        })),
    };
}

/** On Azure with `azure.createVault`, the hardened Key Vault the secrets go into; loads the Azure SDK only then. */
function platformVault(config: ReturnType<typeof readPlatformConfig>): pulumi.Resource[] {
    if (config.cloud !== CloudProvider.Azure || !config.azure?.createVault) {
        return [];
    }
    const { HardenedKeyVault } = require("../../components/azure") as typeof import("../../components/azure");
    return [new HardenedKeyVault("platform-vault", {
        resourceGroupName: config.azure.resourceGroupName,
        location: config.azure.createVault.location,
        vaultName: config.azure.vaultName,
    })];
}
