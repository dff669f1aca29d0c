import * as ssm from "@pulumi/aws/ssm";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { CorpusCase, violations } from "./corpusCase";

const SSM = "ssm-secure-string-for-secrets";
const CONFIGMAPS = "no-credentials-in-configmaps";
const ENV = "no-credential-env-literals";
const HELM = "no-credentials-in-helm-values";

const selector = { matchLabels: { app: "mlflow" } };
const podTemplate = (containers: k8s.types.input.core.v1.Container[]) => ({
    metadata: { labels: selector.matchLabels },
    spec: { containers },
});

export const secretValueCases: CorpusCase[] = [
    {
        title: "bad: Grafana's admin password and MinIO's root password as Helm values (Release and Chart)",
        program: () => {
            const password = new random.RandomPassword("grafana", { length: 32 });
            new k8s.helm.v3.Release("grafana", {
                chart: "grafana", repositoryOpts: { repo: "https://grafana-community.github.io/helm-charts" }, namespace: "monitoring",
                values: { adminUser: "admin", adminPassword: password.result },
            });
            new k8s.helm.v4.Chart("minio", {
                chart: "minio", namespace: "minio",
                values: { rootUser: "admin", rootPassword: "minio-root-s3cr3t", users: [{ accessKey: "mlflow", secretKey: "mlflow-s3cr3t" }] },
            });
        },
        expect: [...violations(HELM, "kubernetes:helm.sh/v3:Release"), ...violations(HELM, "kubernetes:helm.sh/v4:Chart")],
    },
    {
        title: "good: charts reading credentials from the Secrets ExternalSecrets sync",
        program: () => {
            new k8s.helm.v3.Release("grafana", {
                chart: "grafana", repositoryOpts: { repo: "https://grafana-community.github.io/helm-charts" }, namespace: "monitoring",
                values: { admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" } },
            });
            new k8s.helm.v4.Chart("mlflow", {
                chart: "mlflow", namespace: "mlflow",
                values: { backendStore: { existingDatabaseSecret: { name: "mlflow-db-credentials", usernameKey: "username", passwordKey: "password" } } },
            });
        },
        expect: [],
    },
    {
        title: "bad: a generated password in a String parameter",
        program: () => {
            const password = new random.RandomPassword("db", { length: 32 });
            new ssm.Parameter("db-password", { name: "/mlops-platform-dev/mlflow/db-password", type: "String", value: password.result });
        },
        expect: violations(SSM, "aws:ssm/parameter:Parameter"),
    },
    {
        title: "bad: an API key in insecureValue",
        program: () => new ssm.Parameter("api-key", { name: "/mlops-platform-dev/grafana/api-key", type: "String", insecureValue: "glsa_s3cr3t" }),
        expect: violations(SSM, "aws:ssm/parameter:Parameter"),
    },
    {
        title: "good: SecureString for the password, String for settings that only mention one",
        program: () => {
            const password = new random.RandomPassword("db", { length: 32 });
            new ssm.Parameter("db-password", { name: "/mlops-platform-dev/mlflow/db-password", type: "SecureString", value: password.result });
            new ssm.Parameter("log-level", { name: "/mlops-platform-dev/mlflow/log-level", type: "String", value: "info" });
            new ssm.Parameter("password-policy", { name: "/mlops-platform-dev/password-policy", type: "String", value: "32 characters, rotated every 90 days" });
        },
        expect: [],
    },
    {
        title: "bad: a ConfigMap with DB_PASSWORD",
        program: () => new k8s.core.v1.ConfigMap("mlflow-env", {
            metadata: { namespace: "mlflow" },
            data: { DB_HOST: "postgres", DB_PASSWORD: "changeme-s3cr3t" },
        }),
        expect: violations(CONFIGMAPS, "kubernetes:core/v1:ConfigMap"),
    },
    {
        title: "bad: MinIO's config.env in a ConfigMap (an env-file line with the root password)",
        program: () => new k8s.core.v1.ConfigMap("minio-config", {
            metadata: { namespace: "minio" },
            data: { "config.env": "export MINIO_ROOT_USER=admin\nexport MINIO_ROOT_PASSWORD=\"minio-root-s3cr3t\"\n" },
        }),
        expect: violations(CONFIGMAPS, "kubernetes:core/v1:ConfigMap"),
    },
    {
        title: "bad: a ConfigMapPatch adding a token, and a ConfigMapList carrying an apiKey",
        program: () => {
            new k8s.core.v1.ConfigMapPatch("ci-env", { metadata: { name: "ci-env", namespace: "ci" }, data: { GITHUB_TOKEN: "ghp_s3cr3t" } });
            new k8s.core.v1.ConfigMapList("grafana-config", {
                items: [{ metadata: { name: "grafana-datasources", namespace: "monitoring" }, data: { apiKey: "glsa_s3cr3t" } }],
            });
        },
        expect: [...violations(CONFIGMAPS, "kubernetes:core/v1:ConfigMapPatch"), ...violations(CONFIGMAPS, "kubernetes:core/v1:ConfigMapList")],
    },
    {
        title: "good: a ConfigMap with PASSWORD_POLICY text and other keys that only talk about credentials",
        program: () => new k8s.core.v1.ConfigMap("auth-settings", {
            metadata: { namespace: "mlflow" },
            data: {
                PASSWORD_POLICY: "Passwords: at least 32 characters, password rotation every 90 days, token TTL 1h.",
                PASSWORD_MIN_LENGTH: "32",
                TOKEN_TTL: "1h",
                SECRET_NAME: "mlflow-db-credentials",
                DB_PASSWORD_FILE: "/var/run/secrets/mlflow/password",
                DB_PASSWORD: "",
                "config.env": "export MINIO_ROOT_USER=admin\nexport MINIO_ROOT_PASSWORD_FILE=/run/secrets/root-password\n",
            },
        }),
        expect: [],
    },
    {
        title: "bad: a Deployment with DB_PASSWORD as a literal env value",
        program: () => new k8s.apps.v1.Deployment("mlflow", {
            spec: { selector, template: podTemplate([{ name: "mlflow", image: "mlflow", env: [
                { name: "DB_HOST", value: "postgres" },
                { name: "DB_PASSWORD", value: "changeme-s3cr3t" },
            ] }]) },
        }),
        expect: violations(ENV, "kubernetes:apps/v1:Deployment"),
    },
    {
        title: "bad: literal credentials in a StatefulSet, a CronJob's init container and a Pod",
        program: () => {
            new k8s.apps.v1.StatefulSet("minio", {
                spec: { selector, serviceName: "minio", template: podTemplate([{ name: "minio", image: "minio", env: [{ name: "MINIO_ROOT_PASSWORD", value: "minio-root-s3cr3t" }] }]) },
            });
            new k8s.batch.v1.CronJob("backup", {
                spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: { spec: {
                    restartPolicy: "OnFailure",
                    initContainers: [{ name: "fetch", image: "curl", env: [{ name: "API_KEY", value: "key-s3cr3t" }] }],
                    containers: [{ name: "backup", image: "pg" }],
                } } } } },
            });
            new k8s.core.v1.Pod("debug", { spec: { containers: [{ name: "aws", image: "aws-cli", env: [{ name: "AWS_SECRET_ACCESS_KEY", value: "abc/s3cr3t" }] }] } });
        },
        expect: [
            ...violations(ENV, "kubernetes:apps/v1:StatefulSet"),
            ...violations(ENV, "kubernetes:batch/v1:CronJob"),
            ...violations(ENV, "kubernetes:core/v1:Pod"),
        ],
    },
    {
        title: "good: credentials from secretKeyRef, and env names that only look like credentials",
        program: () => new k8s.apps.v1.Deployment("mlflow", {
            spec: { selector, template: podTemplate([{ name: "mlflow", image: "mlflow", env: [
                { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "mlflow-db-credentials", key: "password" } } },
                { name: "DB_PASSWORD_FILE", value: "/var/run/secrets/mlflow/password" },
                { name: "PASSWORD_MIN_LENGTH", value: "32" },
                { name: "PWD", value: "/app" },
                { name: "MLFLOW_TRACKING_TOKEN", value: "$(TOKEN_FROM_SECRET)" },
            ] }]) },
        }),
        expect: [],
    },
];
