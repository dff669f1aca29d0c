import * as pulumi from "@pulumi/pulumi";
import {
    ArgoAdminSecret, CloudProvider, ClusterAccessArgs, DatabaseCredentials, defaultRotationFunctionName, EsoInstall, GrafanaSecret,
    ManagedSecretArgs, MinioRootSecret, MlflowDbSecret, MlflowDbSecretArgs, resolveVaultDynamicCredentials, SecretAlerts,
} from "../../components";
import { PlatformConfig, readPlatformConfig } from "./config";

/**
 * The platform's secrets stack: MLflow's database password, MinIO's root credentials, Argo CD's admin password and
 * Grafana's admin password, each kept in the cloud's secret store and synced into its namespace by ESO, read through
 * a per-namespace identity.
 */
export function platformSecrets() {
    const config = readPlatformConfig();
    const vaultSetup = platformVaultSetup(config);
    const shared: ManagedSecretArgs = {
        cloud: config.cloud,
        aws: config.aws,
        azure: config.azure,
        gcp: config.gcp,
        vault: vaultStoreArgs(config),
        cluster: vaultSetup?.cluster ?? config.cluster,
        rotationDays: config.rotationDays,
        // Breach response: a new breachId rotates every secret now and ends the previous credentials after the restarts.
        rotationTrigger: config.breachId === "" ? config.rotationTrigger : `${config.rotationTrigger}+breach:${config.breachId}`,
        revokePrevious: config.breachId !== "",
        refreshInterval: config.refreshInterval,
        kubeContext: config.kubeContext,
    };
    // First: its settings are checked in its constructor, so a bad schedule stops the program before anything exists.
    if (config.scheduledRotation.enabled) {
        scheduledRotation(config);
    }
    const vault = platformVault(config);
    // ESO's CRDs must exist before any SecretStore or ExternalSecret.
    // Its ServiceMonitors carry the label the alerts' Prometheus selects on, so ESO's metrics feed the ESO alerts.
    const eso = config.installEso
        ? new EsoInstall("external-secrets", { serviceMonitorLabels: { release: config.alerts.prometheusReleaseName ?? "kube-prometheus-stack" } })
        : undefined;
    const opts: pulumi.ComponentResourceOptions = {
        dependsOn: [vault, eso, ...(vaultSetup?.resources ?? [])].filter((r): r is NonNullable<typeof r> => r !== undefined),
    };
    const ns = config.namespaces;
    // The Kubernetes Secret each consumer's chart is pointed at; named here so the alerts can name them too.
    const managed = [
        { namespace: ns.mlflow, secretName: "mlflow-db-credentials" },
        { namespace: ns.minio, secretName: "minio-root-credentials" },
        { namespace: ns.argocd, secretName: "argocd-secret" },
        { namespace: ns.grafana, secretName: "grafana-admin-credentials" },
    ];
    const secrets = [
        new MlflowDbSecret("mlflow-db", mlflowArgs(config, shared, managed[0].secretName), opts),
        new MinioRootSecret("minio-root", {
            ...shared, namespace: ns.minio, kubernetesSecretName: managed[1].secretName,
            helmReleaseName: config.helmReleases.minio, minioMode: config.helmReleases.minioMode,
        }, opts),
        new ArgoAdminSecret("argocd-admin", { ...shared, namespace: ns.argocd }, opts),
        new GrafanaSecret("grafana-admin", {
            ...shared, namespace: ns.grafana, kubernetesSecretName: managed[3].secretName, helmReleaseName: config.helmReleases.grafana,
        }, opts),
    ];
    if (config.alerts.enabled) {
        const mlflowDynamic = config.mlflowVaultDynamic ? resolvedMlflowVaultDynamic(config) : undefined;
        new SecretAlerts("platform-secrets", {
            namespace: config.alerts.namespace,
            prometheusReleaseName: config.alerts.prometheusReleaseName,
            rotationGraceHours: config.alerts.rotationGraceHours,
            // A secret AWS rotates is watched by AwsRotationFailureAlerts, and dynamic MLflow logins by the lease alerts:
            // neither is rotated by `pulumi up`, so neither gets the overdue alert.
            managedSecrets: managed.flatMap((m, i) => (i === 0 && (config.mlflowAwsRotation || config.mlflowVaultDynamic) ? [] : [{
                name: m.secretName,
                namespace: m.namespace,
                rotationDays: config.rotationDays,
                lastRotatedUnix: secrets[i].rotatedAtUnix,
            }])),
            dynamicCredentials: mlflowDynamic ? [{
                externalSecretName: managed[0].secretName,
                namespace: ns.mlflow,
                credentialTtlSeconds: mlflowDynamic.ttlSeconds,
                refreshInterval: mlflowDynamic.refreshInterval,
            }] : undefined,
        });
    }
    if (config.audit.enabled) {
        secretReadAudit(config, vault);
    }
    if (config.mlflowAwsRotation && config.awsRotationAlerts) {
        const { AwsRotationFailureAlerts } = require("../../components/aws") as typeof import("../../components/aws");
        const functionName = config.mlflowAwsRotation.functionName ?? defaultRotationFunctionName("mlflow-db");
        new AwsRotationFailureAlerts("aws-rotation-alerts", { ...config.awsRotationAlerts, rotationFunctionNames: [functionName] });
    }
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

/**
 * MLflow's arguments: a stored password (rotated by `pulumi up`, optionally updated on `mlflowDatabase`), or with
 * `mlflowVaultDynamic` dynamic logins from Vault, where the stack-wide rotation, restart and refresh settings do not apply.
 */
function mlflowArgs(config: PlatformConfig, shared: ManagedSecretArgs, secretName: string): MlflowDbSecretArgs {
    if (!config.mlflowVaultDynamic) {
        return {
            ...shared, namespace: config.namespaces.mlflow, kubernetesSecretName: secretName, database: config.mlflowDatabase,
            // AWS rotates it: no trigger or revocation of Pulumi's, and ESO's refresh derived unless set for the stack.
            ...(config.mlflowAwsRotation
                ? { awsManagedRotation: config.mlflowAwsRotation, rotationTrigger: undefined, revokePrevious: undefined, refreshInterval: config.refreshIntervalSet ? config.refreshInterval : undefined }
                : {}),
        };
    }
    const { rotationDays: _days, revokePrevious: _revoke, refreshInterval: _refresh, kubeContext: _context, ...dynamic } = shared;
    return {
        ...dynamic,
        namespace: config.namespaces.mlflow,
        kubernetesSecretName: secretName,
        credentials: DatabaseCredentials.VaultDynamic,
        vaultDynamic: config.mlflowVaultDynamic,
    };
}

/** The lease and refresh MLflow's dynamic logins get, for the alerts (the same defaults the secret applies). */
function resolvedMlflowVaultDynamic(config: PlatformConfig) {
    return resolveVaultDynamicCredentials("mlops-platform:mlflowVaultDynamic", config.mlflowVaultDynamic, {
        ownerRole: "mlflow",
        refreshIntervalArgument: "mlops-platform:mlflowVaultDynamic",
    });
}

/** On Azure with `azure.createVault`, the hardened Key Vault the secrets go into; loads the Azure SDK only then. */
function platformVault(config: PlatformConfig): import("../../components/azure").HardenedKeyVault | undefined {
    if (config.cloud !== CloudProvider.Azure || !config.azure?.createVault) {
        return undefined;
    }
    const { HardenedKeyVault } = require("../../components/azure") as typeof import("../../components/azure");
    return new HardenedKeyVault("platform-vault", {
        resourceGroupName: config.azure.resourceGroupName,
        location: config.azure.createVault.location,
        vaultName: config.azure.vaultName,
    });
}

/** Vault's store settings as the secrets take them (without the platform's own `createMount`/`kubernetesAuth`). */
function vaultStoreArgs(config: PlatformConfig): ManagedSecretArgs["vault"] {
    if (config.vault === undefined) {
        return undefined;
    }
    const { createMount: _createMount, kubernetesAuth: _kubernetesAuth, ...store } = config.vault;
    return store;
}

/**
 * On Vault, what the stack creates there before the secrets when asked: the KV v2 mount (`vault.createMount`) and the
 * cluster's Kubernetes auth method (`vault.kubernetesAuth`), whose accessor the readers' identity aliases then name.
 * Loads @pulumi/vault only then.
 */
function platformVaultSetup(config: PlatformConfig): { resources: pulumi.Resource[]; cluster: ClusterAccessArgs } | undefined {
    if (config.cloud !== CloudProvider.Vault || config.vault === undefined) {
        return undefined;
    }
    const vault = require("../../components/vault") as typeof import("../../components/vault");
    const resources: pulumi.Resource[] = [];
    let cluster = config.cluster;
    if (config.vault.createMount) {
        resources.push(new vault.VaultKvMount("platform-kv", { path: config.vault.mountPath, maxVersions: config.vault.maxVersions, namespace: config.vault.namespace }));
    }
    if (config.vault.kubernetesAuth) {
        const auth = new vault.VaultKubernetesAuth("platform-kubernetes-auth", {
            path: config.cluster.vault?.authMountPath,
            ...config.vault.kubernetesAuth,
            namespace: config.vault.namespace,
        });
        resources.push(auth);
        cluster = { ...cluster, vault: { ...cluster.vault, authMountAccessor: auth.accessor } };
    }
    return { resources, cluster };
}

/**
 * The stack's own `pulumi up` on a Pulumi Cloud schedule, so period-based rotations happen on time; its cadence follows
 * this stack's rotationDays and the overdue alert's grace. Loads @pulumi/pulumiservice only when enabled.
 */
function scheduledRotation(config: PlatformConfig): void {
    const { ScheduledRotation } = require("../../components/pulumiCloud") as typeof import("../../components/pulumiCloud");
    const { enabled: _enabled, ...settings } = config.scheduledRotation;
    new ScheduledRotation("scheduled-rotation", {
        ...(settings as unknown as import("../../components/pulumiCloud").ScheduledRotationArgs),
        rotationDays: [config.rotationDays],
        rotationGraceHours: config.alerts.rotationGraceHours,
    });
}

/** Audit logging of secret reads in the stack's cloud; each cloud's module loads only for that cloud. */
function secretReadAudit(config: PlatformConfig, vault: import("../../components/azure").HardenedKeyVault | undefined): void {
    switch (config.cloud) {
        case CloudProvider.Aws: {
            const { AwsParameterStoreAudit } = require("../../components/aws") as typeof import("../../components/aws");
            new AwsParameterStoreAudit("secret-reads", { existingTrailArn: config.audit.awsExistingTrailArn });
            return;
        }
        case CloudProvider.Azure: {
            const azure = require("../../components/azure") as typeof import("../../components/azure");
            new azure.AzureKeyVaultAudit("secret-reads", {
                keyVaultId: vault?.vaultId ?? azure.keyVaultId(config.azure!.resourceGroupName, config.azure!.vaultName),
                logAnalyticsWorkspaceId: config.audit.azureLogAnalyticsWorkspaceId!,
            });
            return;
        }
        case CloudProvider.Gcp: {
            const { GcpSecretManagerAudit } = require("../../components/gcp") as typeof import("../../components/gcp");
            new GcpSecretManagerAudit("secret-reads", { project: config.gcp!.project });
            return;
        }
    }
}
