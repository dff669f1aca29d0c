import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { CorpusClass, violations } from "./corpusCase";
import { chart, FAKE, object, P, release, T } from "./_programs";

const FILES = "test/policy/corpus/files";
const ARGO_APP = "kubernetes:argoproj.io/v1alpha1:Application";

export const helmValues: CorpusClass = {
    title: "Helm values",
    description:
        "Chart values are kept by Helm in its release Secret and by Pulumi in state: credentials in values, in values " +
        "files, in env lists and arrays, or in an Argo CD Application's Helm parameters.",
    cases: [
        {
            title: "bad: Grafana's admin password and MinIO's root password as values (Release and Chart)",
            program: () => {
                const password = new random.RandomPassword("grafana", { length: 32 });
                release("grafana", "grafana", { adminUser: "admin", adminPassword: password.result });
                chart("minio", "minio", { rootUser: "admin", rootPassword: "minio-root-s3cr3t" });
            },
            expect: [...violations(P.helm, T.release), ...violations(P.helm, T.chart)],
        },
        {
            title: "bad: kube-prometheus-stack with the chart's default grafana.adminPassword left in",
            source: "prometheus-community/helm-charts:charts/kube-prometheus-stack/values.yaml",
            program: () => release("monitoring", "kube-prometheus-stack", { grafana: { adminPassword: "prom-operator" } }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: credentials in a local valueYamlFiles file (Release)",
            program: () => release("monitoring", "kube-prometheus-stack", {}, { valueYamlFiles: [new pulumi.asset.FileAsset(`${FILES}/kube-prometheus-stack-values.yaml`)] }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: credentials in a local valueYamlFiles file (helm.v4.Chart)",
            program: () => chart("monitoring", "kube-prometheus-stack", {}, { valueYamlFiles: [new pulumi.asset.FileAsset(`${FILES}/kube-prometheus-stack-values.yaml`)] }),
            expect: violations(P.helm, T.chart),
        },
        {
            title: "bad: a password in an extraEnvVars {name, value} list",
            program: () => release("mlflow", "mlflow", { extraEnvVars: [{ name: "MLFLOW_TRACKING_URI", value: "http://mlflow" }, { name: "DB_PASS", value: "s3cr3t-pw" }] }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: passwords in an array (auth.passwords)",
            program: () => release("postgresql", "postgresql", { auth: { usernames: ["mlflow"], passwords: ["s3cr3t-pw"] } }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: MinIO users with a literal secretKey",
            source: "minio/minio:helm/minio/templates/_helper_create_user.txt",
            program: () => chart("minio", "minio", { existingSecret: "minio-root", users: [{ accessKey: "mlflow", secretKey: "mlflow-s3cr3t", policy: "readwrite" }] }),
            expect: violations(P.helm, T.chart),
        },
        {
            title: "bad: MLflow chart with the backend store password and S3 keys in values",
            source: "community-charts/helm-charts:charts/mlflow/templates/secret.yaml",
            program: () => release("mlflow", "mlflow", {
                backendStore: { postgres: { enabled: true, host: "mlflow-db.internal", user: "mlflow", password: "s3cr3t-pw" } },
                artifactRoot: { s3: { enabled: true, bucket: "mlflow", awsAccessKeyId: FAKE.awsKeyId, awsSecretAccessKey: "s3cr3t/abc" } },
            }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: Argo CD chart with the admin bcrypt hash and a repository password",
            source: "argoproj/argo-helm:charts/argo-cd/templates/argocd-configs/argocd-secret.yaml",
            program: () => release("argocd", "argo-cd", {
                configs: {
                    secret: { argocdServerAdminPassword: "$2a$10$s3cr3tHashhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhhh" },
                    repositories: { platform: { url: "https://github.com/org/platform", username: "bot", password: "s3cr3t-pw" } },
                },
            }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: an Alertmanager SMTP password inside kube-prometheus-stack values",
            program: () => release("monitoring", "kube-prometheus-stack", { alertmanager: { config: { global: { smtp_auth_username: "alerts", smtp_auth_password: "s3cr3t-pw" } } } }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: a GitHub token under an innocent key (dashboards download header)",
            program: () => release("grafana", "grafana", { dashboards: { default: { platform: { url: "https://raw.githubusercontent.com/org/dash.json", headerValue: FAKE.github } } } }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: ESO chart with static AWS keys in extraEnv",
            source: "external-secrets/external-secrets:deploy/charts/external-secrets/templates/deployment.yaml",
            program: () => release("external-secrets", "external-secrets", { extraEnv: [{ name: "AWS_ACCESS_KEY_ID", value: FAKE.awsKeyId }, { name: "AWS_SECRET_ACCESS_KEY", value: "s3cr3t/abc" }] }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: a multi-line config block in values holding a password",
            program: () => release("mlflow", "mlflow", { auth: { enabled: true, configIni: "[mlflow]\ndefault_permission = READ\nadmin_username = admin\nadmin_password = s3cr3t-pw\n" } }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: an Argo CD Application passing the Grafana password as a Helm parameter",
            program: () => object("grafana-app", {
                apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "grafana", namespace: "argocd" },
                spec: {
                    project: "default", destination: { server: "https://kubernetes.default.svc", namespace: "monitoring" },
                    source: { repoURL: "https://grafana.github.io/helm-charts", chart: "grafana", targetRevision: "8.5.0", helm: { parameters: [{ name: "adminPassword", value: "s3cr3t-pw" }] } },
                },
            }),
            expect: violations(P.helm, ARGO_APP),
        },
        {
            title: "bad: an Argo CD Application with a password in its Helm values text",
            program: () => object("minio-app", {
                apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "minio", namespace: "argocd" },
                spec: {
                    project: "default", destination: { server: "https://kubernetes.default.svc", namespace: "minio" },
                    source: { repoURL: "https://charts.min.io", chart: "minio", targetRevision: "5.2.0", helm: { values: "rootUser: admin\nrootPassword: minio-root-s3cr3t\n" } },
                },
            }),
            expect: violations(P.helm, ARGO_APP),
        },
        {
            title: "good: charts reading credentials from the Secrets ExternalSecrets sync",
            source: "grafana/helm-charts:charts/grafana/templates/_pod.tpl",
            program: () => {
                release("grafana", "grafana", { admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" } });
                chart("mlflow", "mlflow", { backendStore: { existingDatabaseSecret: { name: "mlflow-db-credentials", usernameKey: "username", passwordKey: "password" } } });
            },
            expect: [],
        },
        {
            title: "good: MinIO values as the platform renders them (existingSecret, users from Secrets, TLS Secret name)",
            source: "minio/minio:helm/minio/templates/deployment.yaml",
            program: () => chart("minio", "minio", {
                existingSecret: "minio-root", rootUser: "", rootPassword: "",
                users: [{ accessKey: "mlflow", existingSecret: "minio-mlflow", existingSecretKey: "password", policy: "readwrite" }],
                tls: { enabled: true, certSecret: "minio-tls", publicCrt: "tls.crt", privateKey: "tls.key" },
                environment: { MINIO_BROWSER: "on", MINIO_PROMETHEUS_AUTH_TYPE: "public" },
            }),
            expect: [],
        },
        {
            title: "good: MLflow values with S3 keys read from an existing Secret",
            source: "community-charts/helm-charts:charts/mlflow/templates/secret.yaml",
            program: () => release("mlflow", "mlflow", {
                artifactRoot: { s3: { enabled: true, bucket: "mlflow", existingSecret: { name: "mlflow-s3", keyOfAccessKeyId: "AWS_ACCESS_KEY_ID", keyOfSecretAccessKey: "AWS_SECRET_ACCESS_KEY" } } },
                backendStore: { postgres: { enabled: true, host: "mlflow-db.internal" }, existingDatabaseSecret: { name: "mlflow-db-credentials", usernameKey: "username", passwordKey: "password" } },
            }),
            expect: [],
        },
        {
            title: "good: Argo CD values file with switches, a Dex client secret as an argocd-secret reference, automount off",
            source: "argoproj/argo-helm:charts/argo-cd/templates/argocd-configs/argocd-cm.yaml",
            program: () => release("argocd", "argo-cd", {}, { valueYamlFiles: [new pulumi.asset.FileAsset(`${FILES}/argocd-values-ok.yaml`)] }),
            expect: [],
        },
        {
            title: "good: kube-prometheus-stack values with counters, switches and file references",
            source: "prometheus-community/helm-charts:charts/kube-prometheus-stack/values.yaml",
            program: () => release("monitoring", "kube-prometheus-stack", {
                grafana: {
                    admin: { existingSecret: "grafana-admin" },
                    "grafana.ini": { security: { admin_password: "$__file{/etc/secrets/grafana-admin/admin-password}", disable_initial_admin_creation: false } },
                    serviceAccount: { automountServiceAccountToken: false },
                },
                alertmanager: { config: { receivers: [{ name: "slack", slack_configs: [{ api_url_file: "/etc/alertmanager/secrets/slack/url" }] }] } },
                prometheus: { prometheusSpec: { secrets: ["etcd-client-cert"], retention: "15d" } },
            }),
            expect: [],
        },
        {
            title: "good: ESO chart values as the platform installs it (IRSA annotation, no keys)",
            source: "external-secrets/external-secrets:deploy/charts/external-secrets/templates/deployment.yaml",
            program: () => release("external-secrets", "external-secrets", {
                installCRDs: true,
                serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "arn:aws:iam::111122223333:role/eso" } },
                extraEnv: [{ name: "AWS_REGION", value: "eu-west-1" }, { name: "AWS_STS_REGIONAL_ENDPOINTS", value: "regional" }],
                webhook: { certManager: { enabled: false } },
            }),
            expect: [],
        },
        {
            title: "good: an LLM-serving chart with token counters and auth switches",
            program: () => release("vllm", "vllm", {
                extraEnvVars: [{ name: "MAX_NEW_TOKENS", value: "4096" }, { name: "ALLOW_EMPTY_PASSWORD", value: "no" }, { name: "HF_TOKEN_FILE", value: "/var/run/secrets/hf/token" }],
                auth: { usePassword: true, tokens: 8192 },
                tokenizer: { maxTokens: 4096 },
            }),
            expect: [],
        },
        {
            title: "good: an Argo CD Application whose Helm values only point at existing Secrets",
            program: () => object("grafana-app", {
                apiVersion: "argoproj.io/v1alpha1", kind: "Application", metadata: { name: "grafana", namespace: "argocd" },
                spec: {
                    project: "default", destination: { server: "https://kubernetes.default.svc", namespace: "monitoring" },
                    source: { repoURL: "https://grafana.github.io/helm-charts", chart: "grafana", targetRevision: "8.5.0", helm: { valuesObject: { admin: { existingSecret: "grafana-admin" } } } },
                },
            }),
            expect: [],
        },
    ],
};
