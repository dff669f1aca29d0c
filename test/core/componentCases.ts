import * as pulumi from "@pulumi/pulumi";
import { ArgoAdminSecret, CloudStoreArgs, GrafanaSecret, MinioRootSecret, MlflowDbSecret, PlatformSecret } from "../../components";

/** The values a rendered Kubernetes Secret is made of. */
export interface SyncedValues {
    readonly password: string;
    readonly bcryptHash: string;
    readonly rotatedAt: string;
}

/** A secret component with its defaults, and what its consumer's chart must find in the Kubernetes Secret. */
export interface ComponentCase {
    readonly label: string;
    readonly type: string;
    create(name: string, cloud: CloudStoreArgs, extra?: { rotationTrigger?: string }): pulumi.ComponentResource;
    readonly namespace: string;
    readonly app: string;
    readonly valueName: string;
    readonly kubernetesSecretName: string;
    /** Sorted keys of the Kubernetes Secret. */
    readonly keys: string[];
    readonly storesBcryptHash: boolean;
    readonly mergesIntoExistingSecret: boolean;
    readonly targetLabels: Record<string, string>;
    /** The Secret's data once ESO has rendered it. */
    expectedData(values: SyncedValues): Record<string, string>;
    /** Outputs beyond the common ones, as registered (secret values wrapped). */
    readonly extraOutputs: string[];
    /** `type::name` of the rotation steps the component adds for its consumer (restarts, Grafana's admin reset). */
    rotationSteps(name: string): string[];
}

const COMMAND = "command:local:Command";

export const PLATFORM_SECRET = "secrets:index:PlatformSecret";

export const COMPONENT_CASES: ComponentCase[] = [
    {
        label: "MlflowDbSecret",
        type: "secrets:index:MlflowDbSecret",
        create: (name, cloud, extra) => new MlflowDbSecret(name, { ...cloud, ...extra }),
        namespace: "mlflow",
        app: "mlflow",
        valueName: "db-password",
        kubernetesSecretName: "mlflow-db-credentials",
        keys: ["password", "username"],
        storesBcryptHash: false,
        mergesIntoExistingSecret: false,
        targetLabels: {},
        expectedData: (v) => ({ username: "mlflow", password: v.password }),
        extraOutputs: ["username"],
        rotationSteps: (name) => [`${COMMAND}::${name}-restart`],
    },
    {
        label: "MinioRootSecret",
        type: "secrets:index:MinioRootSecret",
        create: (name, cloud, extra) => new MinioRootSecret(name, { ...cloud, ...extra }),
        namespace: "minio",
        app: "minio",
        valueName: "root-password",
        kubernetesSecretName: "minio-root-credentials",
        keys: ["config.env", "rootPassword", "rootUser"],
        storesBcryptHash: false,
        mergesIntoExistingSecret: false,
        targetLabels: {},
        expectedData: (v) => ({
            rootUser: "minio-admin",
            rootPassword: v.password,
            "config.env": `export MINIO_ROOT_USER="minio-admin"\nexport MINIO_ROOT_PASSWORD="${v.password}"\n`,
        }),
        extraOutputs: ["rootUser"],
        rotationSteps: (name) => [`${COMMAND}::${name}-restart`],
    },
    {
        label: "ArgoAdminSecret",
        type: "secrets:index:ArgoAdminSecret",
        create: (name, cloud, extra) => new ArgoAdminSecret(name, { ...cloud, ...extra }),
        namespace: "argocd",
        app: "argocd",
        valueName: "admin-password",
        kubernetesSecretName: "argocd-secret",
        keys: ["admin.password", "admin.passwordMtime"],
        storesBcryptHash: true,
        mergesIntoExistingSecret: true,
        targetLabels: { "app.kubernetes.io/part-of": "argocd" },
        // The plaintext is not among them: Argo CD only ever sees the hash.
        expectedData: (v) => ({ "admin.password": v.bcryptHash, "admin.passwordMtime": v.rotatedAt }),
        extraOutputs: ["bcryptHash"],
        // Argo CD reads argocd-secret while running: nothing to restart, but the wait step checks that the merge applied.
        rotationSteps: (name) => [`${COMMAND}::${name}-restart`],
    },
    {
        label: "GrafanaSecret",
        type: "secrets:index:GrafanaSecret",
        create: (name, cloud, extra) => new GrafanaSecret(name, { ...cloud, ...extra }),
        namespace: "monitoring",
        app: "grafana",
        valueName: "admin-password",
        kubernetesSecretName: "grafana-admin-credentials",
        keys: ["admin-password", "admin-user"],
        storesBcryptHash: false,
        mergesIntoExistingSecret: false,
        targetLabels: {},
        expectedData: (v) => ({ "admin-user": "admin", "admin-password": v.password }),
        extraOutputs: ["adminUser"],
        rotationSteps: (name) => [`${COMMAND}::${name}-admin-reset`, `${COMMAND}::${name}-restart`],
    },
    {
        label: "PlatformSecret (generic)",
        type: PLATFORM_SECRET,
        create: (name, cloud, extra) =>
            new PlatformSecret(name, { ...cloud, ...extra, namespace: "jupyterhub", app: "jupyterhub", valueName: "cookie-secret" }),
        namespace: "jupyterhub",
        app: "jupyterhub",
        valueName: "cookie-secret",
        kubernetesSecretName: "jupyterhub-cookie-secret",
        keys: ["password"],
        storesBcryptHash: false,
        mergesIntoExistingSecret: false,
        targetLabels: {},
        expectedData: (v) => ({ password: v.password }),
        extraOutputs: ["bcryptHash", "externalSecretName", "managedSecret", "restartWorkloads"],
        rotationSteps: () => [],
    },
];
