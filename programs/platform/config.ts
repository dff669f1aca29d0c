import * as pulumi from "@pulumi/pulumi";
import {
    AwsManagedDatabaseRotationArgs, AwsStoreArgs, AzureStoreArgs, CloudProvider, ClusterAccessArgs, GcpStoreArgs, MinioMode, PostgresServerArgs, SecretsInputError,
    VaultDynamicCredentialsArgs, VaultStoreArgs,
} from "../../components";

/** Which of the platform's secrets to manage, and the namespace each consumer runs in. */
export interface PlatformNamespaces {
    readonly mlflow: string;
    readonly minio: string;
    readonly argocd: string;
    readonly grafana: string;
}

/** `mlops-platform:helmReleases`: the releases of the charts that run the consumers; they name the restart targets. */
export interface HelmReleases {
    /** Release of the MinIO chart (minio/minio). */
    readonly minio: string;
    /** That chart's `mode`: distributed (a StatefulSet, the chart's default) or standalone (a Deployment). */
    readonly minioMode: MinioMode;
    /** Release of kube-prometheus-stack (or of the grafana chart) that runs Grafana. */
    readonly grafana: string;
}

/** Azure only: create the Key Vault hardened, instead of using an existing one. */
export interface CreateVaultSettings {
    readonly location: string;
}

/** Vault only: what the stack creates in Vault besides the secrets (both optional: use what you have). */
export interface VaultPlatformSettings {
    /** Create the KV v2 mount at `mountPath` (`VaultKvMount`) instead of using an existing one. */
    readonly createMount?: boolean;
    /**
     * Create the cluster's Kubernetes auth method (`VaultKubernetesAuth`, no reviewer token) at
     * `clusterIdentity.authMountPath`, with this API server address as Vault reaches it.
     */
    readonly kubernetesAuth?: { readonly kubernetesHost: string; readonly kubernetesCaCertPem?: string; readonly issuer?: string };
}

/** `mlops-platform:alerts`: the PrometheusRule alerts (needs the prometheus-operator CRDs in the cluster). */
export interface AlertsSettings {
    readonly enabled: boolean;
    readonly namespace?: string;
    readonly prometheusReleaseName?: string;
    readonly rotationGraceHours?: number;
}

/** `mlops-platform:audit`: audit logging of secret reads in the cloud (opt-in: it costs log storage). */
export interface AuditSettings {
    readonly enabled: boolean;
    /** AWS: record reads with this existing trail instead of creating one. */
    readonly awsExistingTrailArn?: string;
    /** Azure: the Log Analytics workspace that receives the Key Vault's AuditEvent logs (required on Azure). */
    readonly azureLogAnalyticsWorkspaceId?: string;
}

/**
 * `mlops-platform:scheduledRotation`: Pulumi Cloud runs `pulumi up` for this stack on a schedule (ScheduledRotation from
 * `@mlops-platform/secrets/pulumi-cloud`; needs `@pulumi/pulumiservice` and a Pulumi Cloud plan with Deployments). Off by
 * default. The other keys are ScheduledRotationArgs (organization, githubRepository or repoUrl, branch, repoDir,
 * scheduleCron, oidc, preRunCommands, environmentVariables, executorImage); rotationDays and the alert's grace come from
 * this stack's settings.
 */
export interface ScheduledRotationSettings {
    readonly enabled: boolean;
    readonly [key: string]: unknown;
}

/** The whole stack configuration of the platform program, with defaults applied. */
export interface PlatformConfig {
    readonly cloud: CloudProvider;
    readonly clusterName: string;
    readonly aws?: AwsStoreArgs;
    readonly azure?: AzureStoreArgs & { readonly createVault?: CreateVaultSettings };
    readonly gcp?: GcpStoreArgs;
    readonly vault?: VaultStoreArgs & VaultPlatformSettings;
    readonly cluster: ClusterAccessArgs;
    readonly namespaces: PlatformNamespaces;
    readonly helmReleases: HelmReleases;
    readonly rotationDays: number;
    readonly rotationTrigger: string;
    /**
     * `mlops-platform:breachId`: the incident a breach response answers. A new id rotates every secret at once and
     * revokes the previous credentials as soon as the consumers run on the new ones (docs/breach-response.md).
     */
    readonly breachId: string;
    readonly refreshInterval: string;
    /** Whether the stack sets `mlops-platform:refreshInterval` itself (else AWS-rotated secrets derive theirs). */
    readonly refreshIntervalSet: boolean;
    readonly installEso: boolean;
    /** MLflow's PostgreSQL server, for rotations to update its login; none leaves the database alone. */
    readonly mlflowDatabase?: PostgresServerArgs;
    /**
     * `mlops-platform:mlflowAwsRotation`: MLflow's login rotated by AWS Secrets Manager itself (needs `aws.service:
     * secrets-manager`; not with `mlflowDatabase`): MlflowDbSecret's `awsManagedRotation` (docs/rotation-aws-managed.md).
     */
    readonly mlflowAwsRotation?: AwsManagedDatabaseRotationArgs;
    /**
     * `mlops-platform:awsRotationAlerts`: where failed AWS rotations are reported, `{topicName, emailAddresses}` for a new
     * SNS topic or `{topicArn}` for yours (AwsRotationFailureAlerts); used with `mlflowAwsRotation`.
     */
    readonly awsRotationAlerts?: { readonly topicName?: string; readonly topicArn?: string; readonly emailAddresses?: string[] };
    /**
     * `mlops-platform:mlflowVaultDynamic` (cloud vault only): MLflow gets dynamic logins from Vault's database secrets
     * engine instead of a stored password; Vault's initial password there is the secret
     * `mlops-platform:mlflowVaultDynamicRootPassword`.
     */
    readonly mlflowVaultDynamic?: VaultDynamicCredentialsArgs;
    /** kubeconfig context for the rotation steps' kubectl. */
    readonly kubeContext?: string;
    readonly alerts: AlertsSettings;
    readonly audit: AuditSettings;
    readonly scheduledRotation: ScheduledRotationSettings;
}

const DEFAULT_NAMESPACES: PlatformNamespaces = { mlflow: "mlflow", minio: "minio", argocd: "argocd", grafana: "monitoring" };
const DEFAULT_RELEASES: HelmReleases = { minio: "minio", minioMode: MinioMode.Distributed, grafana: "kube-prometheus-stack" };

/**
 * Reads the stack config (`mlops-platform:*` keys). Only the cloud facts have no default: which cloud, the cluster's
 * identity settings (OIDC issuer, ...) and where values live (vault, project).
 */
export function readPlatformConfig(): PlatformConfig {
    const config = new pulumi.Config();
    const cloud = config.require("cloud") as CloudProvider;
    if (!Object.values(CloudProvider).includes(cloud)) {
        throw new SecretsInputError("mlops-platform:cloud", cloud, `Set it to one of: ${Object.values(CloudProvider).join(", ")}.`);
    }
    const clusterIdentity = config.getObject<Record<string, unknown>>("clusterIdentity");
    if (!clusterIdentity) {
        throw new SecretsInputError("mlops-platform:clusterIdentity", clusterIdentity,
            "Describe how ESO authenticates in the cluster (see the stack file examples: region and OIDC provider on AWS, issuer and resource group on Azure, cluster project on GCP).");
    }
    const clusterName = config.get("clusterName") ?? `${pulumi.getProject()}-${pulumi.getStack()}`;
    const audit: AuditSettings = { enabled: false, ...config.getObject<Partial<AuditSettings>>("audit") };
    if (audit.enabled && cloud === CloudProvider.Vault) {
        throw new SecretsInputError("mlops-platform:audit.enabled", audit.enabled,
            "Vault records reads in its own audit devices, which the Vault operator enables on the server (`vault audit enable file ...`; docs/store-vault.md): set audit.enabled to false.");
    }
    if (audit.enabled && cloud === CloudProvider.Azure && !audit.azureLogAnalyticsWorkspaceId) {
        throw new SecretsInputError("mlops-platform:audit.azureLogAnalyticsWorkspaceId", audit.azureLogAnalyticsWorkspaceId,
            "On Azure, audit logs go to a Log Analytics workspace: give its resource id, or set audit.enabled to false.");
    }
    return {
        cloud,
        clusterName,
        aws: config.getObject<AwsStoreArgs>("aws"),
        azure: config.getObject<PlatformConfig["azure"]>("azure"),
        gcp: config.getObject<GcpStoreArgs>("gcp"),
        vault: config.getObject<PlatformConfig["vault"]>("vault"),
        cluster: { clusterName, [cloud]: clusterIdentity },
        namespaces: { ...DEFAULT_NAMESPACES, ...config.getObject<Partial<PlatformNamespaces>>("namespaces") },
        helmReleases: { ...DEFAULT_RELEASES, ...config.getObject<Partial<HelmReleases>>("helmReleases") },
        rotationDays: config.getNumber("rotationDays") ?? 90,
        rotationTrigger: config.get("rotationTrigger") ?? "",
        breachId: breachId(config),
        refreshInterval: config.get("refreshInterval") ?? "24h",
        refreshIntervalSet: config.get("refreshInterval") !== undefined,
        installEso: config.getBoolean("installEso") ?? false,
        mlflowDatabase: mlflowDatabase(config),
        mlflowAwsRotation: config.getObject<AwsManagedDatabaseRotationArgs>("mlflowAwsRotation"),
        awsRotationAlerts: config.getObject<PlatformConfig["awsRotationAlerts"]>("awsRotationAlerts"),
        mlflowVaultDynamic: mlflowVaultDynamic(config, cloud),
        kubeContext: config.get("kubeContext"),
        alerts: { enabled: true, ...config.getObject<Partial<AlertsSettings>>("alerts") },
        audit,
        scheduledRotation: { enabled: false, ...config.getObject<Partial<ScheduledRotationSettings>>("scheduledRotation") },
    };
}

function breachId(config: pulumi.Config): string {
    const id = config.get("breachId") ?? "";
    if (id !== "" && !/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
        throw new SecretsInputError("mlops-platform:breachId", id,
            "Name the incident with up to 64 letters, digits, '.', '_' or '-' (e.g. \"INC-2026-0042\"), or leave it unset.");
    }
    return id;
}

/** `mlops-platform:mlflowVaultDynamic` plus its secret root password; both checked against the stack's other settings. */
function mlflowVaultDynamic(config: pulumi.Config, cloud: CloudProvider): VaultDynamicCredentialsArgs | undefined {
    const settings = config.getObject<Omit<VaultDynamicCredentialsArgs, "rootPassword">>("mlflowVaultDynamic");
    if (!settings) {
        return undefined;
    }
    if (cloud !== CloudProvider.Vault) {
        throw new SecretsInputError("mlops-platform:mlflowVaultDynamic", "(dynamic credential settings)",
            `Dynamic credentials come from Vault: set mlops-platform:cloud to vault, or remove mlflowVaultDynamic (the stack's cloud is ${cloud}).`);
    }
    if (config.getObject("mlflowDatabase") !== undefined) {
        throw new SecretsInputError("mlops-platform:mlflowDatabase", "(server settings)",
            "With mlflowVaultDynamic, Vault makes and drops MLflow's logins itself: remove mlflowDatabase.");
    }
    const rootPassword = config.getSecret("mlflowVaultDynamicRootPassword");
    if (rootPassword === undefined) {
        throw new SecretsInputError("mlops-platform:mlflowVaultDynamicRootPassword", undefined,
            "Give Vault's initial password on the database as a secret: `pulumi config set --secret mlops-platform:mlflowVaultDynamicRootPassword`; Vault rotates it right after setup.");
    }
    return { ...settings, rootPassword };
}

/** `mlops-platform:mlflowDatabase` plus the secret `mlops-platform:mlflowDatabaseAdminPassword` (else PGPASSWORD is used). */
function mlflowDatabase(config: pulumi.Config): PostgresServerArgs | undefined {
    const server = config.getObject<PostgresServerArgs>("mlflowDatabase");
    if (!server) {
        return undefined;
    }
    const adminPassword = config.getSecret("mlflowDatabaseAdminPassword");
    return adminPassword === undefined ? server : { ...server, adminPassword };
}
