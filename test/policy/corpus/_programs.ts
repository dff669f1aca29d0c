import * as k8s from "@pulumi/kubernetes";

/** Policy names, as the corpus expects them. */
export const P = {
    secrets: "no-plain-kubernetes-secrets",
    env: "no-credential-env-literals",
    configMaps: "no-credentials-in-configmaps",
    helm: "no-credentials-in-helm-values",
    eso: "no-credentials-in-external-secrets",
    stores: "secret-stores-isolated",
    static: "no-static-cloud-credentials",
    ssm: "ssm-secure-string-for-secrets",
    length: "random-password-min-length",
    randomString: "random-password-for-credentials",
    rotation: "secret-rotation-configured",
    deployments: "no-credentials-in-deployment-settings",
    vaultRole: "vault-database-role-bounded",
    vaultRoot: "vault-database-root-rotated",
} as const;

/** Type tokens the corpus expects verdicts on. */
export const T = {
    secret: "kubernetes:core/v1:Secret",
    configMap: "kubernetes:core/v1:ConfigMap",
    deployment: "kubernetes:apps/v1:Deployment",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
    cronJob: "kubernetes:batch/v1:CronJob",
    job: "kubernetes:batch/v1:Job",
    pod: "kubernetes:core/v1:Pod",
    release: "kubernetes:helm.sh/v3:Release",
    chart: "kubernetes:helm.sh/v4:Chart",
    configGroup: "kubernetes:yaml/v2:ConfigGroup",
    configFile: "kubernetes:yaml/v2:ConfigFile",
    externalSecret: "kubernetes:external-secrets.io/v1:ExternalSecret",
    clusterExternalSecret: "kubernetes:external-secrets.io/v1:ClusterExternalSecret",
    secretStore: "kubernetes:external-secrets.io/v1:SecretStore",
    clusterSecretStore: "kubernetes:external-secrets.io/v1:ClusterSecretStore",
    parameter: "aws:ssm/parameter:Parameter",
    randomPassword: "random:index/randomPassword:RandomPassword",
    randomString: "random:index/randomString:RandomString",
    vaultRole: "vault:database/secretBackendRole:SecretBackendRole",
    vaultConnection: "vault:database/secretBackendConnection:SecretBackendConnection",
} as const;

/** Fake credentials in real formats; each carries the marker the runner checks no verdict quotes (where the format allows). */
const pad = (prefix: string, length: number) => (prefix + "s3cr3tAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyz").slice(0, length);
export const FAKE = {
    github: pad("ghp_", 40),
    awsKeyId: "AKIAIOSFODNN7EXAMPLE",
    slack: "xoxb-123456789012-s3cr3tAbCdEfGh",
    pem: "-----BEGIN RSA PRIVATE KEY-----\nMIIEs3cr3tpAIBAAKCAQEA0Z3VS5JJcds3xfn\n-----END RSA PRIVATE KEY-----\n",
    jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzM2NyM3QifQ.s3cr3tSignatureAbcdef12",
    huggingFace: pad("hf_", 37),
    openai: pad("sk-proj-", 60),
    googleApiKey: "AIza" + pad("Sy", 35),
    gitlab: pad("glpat-", 30),
    stripe: pad("sk_live_", 32),
    azureConnection: `DefaultEndpointsProtocol=https;AccountName=mlops;AccountKey=${pad("", 60)}==;EndpointSuffix=core.windows.net`,
    gcpKeyJson: JSON.stringify({
        type: "service_account", project_id: "mlops-platform-dev", private_key_id: "0123",
        private_key: "-----BEGIN PRIVATE KEY-----\ns3cr3t\n-----END PRIVATE KEY-----\n",
        client_email: "eso@mlops-platform-dev.iam.gserviceaccount.com",
    }),
    postgresUri: "postgresql://mlflow:s3cr3t-pw@mlflow-db.internal:5432/mlflow",
};

/** Any Kubernetes object as a CustomResource: the type token becomes `kubernetes:<apiVersion>:<kind>`. */
export function object(name: string, obj: Record<string, unknown>): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(name, obj as k8s.apiextensions.CustomResourceArgs);
}

const labels = (app: string) => ({ app });

/** A Deployment with one container (name = app) in `namespace`. */
export function deployment(app: string, container: Partial<k8s.types.input.core.v1.Container>, namespace = app): void {
    new k8s.apps.v1.Deployment(app, {
        metadata: { name: app, namespace },
        spec: {
            selector: { matchLabels: labels(app) },
            template: { metadata: { labels: labels(app) }, spec: { containers: [{ name: app, image: `${app}:latest`, ...container }] } },
        },
    });
}

export function configMap(name: string, namespace: string, data: Record<string, string>, binaryData?: Record<string, string>): void {
    new k8s.core.v1.ConfigMap(name, { metadata: { name, namespace }, data, binaryData });
}

export function release(name: string, chart: string, values: Record<string, unknown>, extra: Partial<k8s.helm.v3.ReleaseArgs> = {}): void {
    new k8s.helm.v3.Release(name, { chart, namespace: name, values, ...extra });
}

export function chart(name: string, chartName: string, values: Record<string, unknown>, extra: Partial<k8s.helm.v4.ChartArgs> = {}): void {
    new k8s.helm.v4.Chart(name, { chart: chartName, namespace: name, values, ...extra });
}

export function store(name: string, kind: "SecretStore" | "ClusterSecretStore", provider: Record<string, unknown>, spec: Record<string, unknown> = {}): void {
    object(name, {
        apiVersion: "external-secrets.io/v1",
        kind,
        metadata: kind === "SecretStore" ? { name, namespace: "mlflow" } : { name },
        spec: { provider, ...spec },
    });
}

/** The store every good ESO case reads through: IRSA with the namespace's own ServiceAccount. */
export const IRSA_PROVIDER = { aws: { service: "ParameterStore", region: "eu-west-1", auth: { jwt: { serviceAccountRef: { name: "eso-mlflow" } } } } };

export function externalSecret(name: string, namespace: string, target: Record<string, unknown>, kind = "SecretStore"): void {
    object(name, {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: { name, namespace },
        spec: {
            refreshInterval: "24h",
            secretStoreRef: { name: "platform-secrets", kind },
            target: { name, creationPolicy: "Owner", ...target },
            data: [{ secretKey: "password", remoteRef: { key: `/mlops-platform-dev/${namespace}/${name}` } }],
        },
    });
}

export function configGroupYaml(name: string, yaml: string): void {
    new k8s.yaml.v2.ConfigGroup(name, { yaml });
}
