import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { CorpusClass, violations } from "./corpusCase";
import { deployment, FAKE, object, P, T } from "./_programs";

const secretRef = (name: string, key: string) => ({ secretKeyRef: { name, key } });
const podTemplate = (app: string, containers: k8s.types.input.core.v1.Container[]) => ({
    metadata: { labels: { app } },
    spec: { containers },
});

export const podSpecs: CorpusClass = {
    title: "Pod specs",
    description:
        "Credentials written into a pod spec wherever it is embedded: env names the old heuristics missed, flags, connection " +
        "URIs, tokens, and pod templates inside custom resources.",
    cases: [
        {
            title: "bad: a Deployment with DB_PASSWORD as a literal env value",
            program: () => deployment("mlflow", { env: [{ name: "DB_HOST", value: "postgres" }, { name: "DB_PASSWORD", value: "changeme-s3cr3t" }] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: env names with the credential word inside or abbreviated (DB_PASS, MYSQL_PWD)",
            program: () => deployment("mlflow", { env: [{ name: "DB_PASS", value: "s3cr3t-pw" }, { name: "MYSQL_PWD", value: "s3cr3t-pw" }] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: cloud-convention names (OCI_CLI_KEY_CONTENT, AZURE_BATCH_KEY, AZURE_STORAGE_ACCOUNT_KEY)",
            program: () => deployment("batch", { env: [
                { name: "OCI_CLI_KEY_CONTENT", value: "s3cr3t-key-content" }, { name: "AZURE_BATCH_KEY", value: "s3cr3t-batch" },
                { name: "AZURE_STORAGE_ACCOUNT_KEY", value: "s3cr3t-account" },
            ] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: args --db-password=… on the command line",
            program: () => deployment("mlflow", { args: ["server", "--db-user=mlflow", "--db-password=s3cr3t-pw"] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: a password as the argument after its flag",
            program: () => deployment("psql", { command: ["psql", "--host", "db", "--password", "s3cr3t-pw"] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: a connection URI with user:password in args (MLflow's backend store)",
            program: () => deployment("mlflow", { args: ["server", `--backend-store-uri=${FAKE.postgresUri}`] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: a connection URI with a password under a neutral env name",
            program: () => deployment("mlflow", { env: [{ name: "MLFLOW_BACKEND_STORE_URI", value: FAKE.postgresUri }] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: a shell line with the password inline",
            program: () => deployment("migrate", { command: ["sh", "-c", "PGPASSWORD=s3cr3t-pw psql -h db -U mlflow -c 'select 1'"] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: a Hugging Face token under a neutral name",
            program: () => deployment("vllm", { env: [{ name: "HF_HUB", value: FAKE.huggingFace }] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: literal credentials in a StatefulSet, a CronJob's init container and a Pod",
            program: () => {
                new k8s.apps.v1.StatefulSet("minio", { spec: { selector: { matchLabels: { app: "minio" } }, serviceName: "minio", template: podTemplate("minio", [{ name: "minio", image: "minio", env: [{ name: "MINIO_ROOT_PASSWORD", value: "minio-root-s3cr3t" }] }]) } });
                new k8s.batch.v1.CronJob("backup", { spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template: { spec: {
                    restartPolicy: "OnFailure", initContainers: [{ name: "fetch", image: "curl", env: [{ name: "API_KEY", value: "key-s3cr3t" }] }], containers: [{ name: "backup", image: "pg" }],
                } } } } } });
                new k8s.core.v1.Pod("debug", { spec: { containers: [{ name: "aws", image: "aws-cli", env: [{ name: "AWS_SECRET_ACCESS_KEY", value: "abc/s3cr3t" }] }] } });
            },
            expect: [...violations(P.env, T.statefulSet), ...violations(P.env, T.cronJob), ...violations(P.env, T.pod)],
        },
        {
            title: "bad: a generated password piped into a Job's env (a computed literal is still a literal)",
            program: () => {
                const password = new random.RandomPassword("db", { length: 32 });
                new k8s.batch.v1.Job("init-db", { spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "psql", image: "postgres:16", env: [{ name: "PGPASSWORD", value: password.result }] }] } } } });
            },
            expect: violations(P.env, T.job),
        },
        {
            title: "bad: an Argo Rollout's pod template with a literal token",
            program: () => object("mlflow-rollout", {
                apiVersion: "argoproj.io/v1alpha1", kind: "Rollout", metadata: { name: "mlflow", namespace: "mlflow" },
                spec: { selector: { matchLabels: { app: "mlflow" } }, strategy: { canary: { steps: [{ setWeight: 20 }] } },
                    template: podTemplate("mlflow", [{ name: "mlflow", image: "mlflow", env: [{ name: "MLFLOW_TRACKING_TOKEN", value: "s3cr3t-token" }] }]) },
            }),
            expect: violations(P.env, "kubernetes:argoproj.io/v1alpha1:Rollout"),
        },
        {
            title: "bad: an Argo Workflow template container with a literal password, and a parameter carrying one",
            program: () => object("train", {
                apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", metadata: { generateName: "train-", namespace: "mlflow" },
                spec: {
                    entrypoint: "train",
                    arguments: { parameters: [{ name: "db-password", value: "s3cr3t-pw" }] },
                    templates: [{ name: "train", container: { image: "trainer:1", command: ["python", "train.py"], env: [{ name: "MLFLOW_TRACKING_PASSWORD", value: "s3cr3t-pw" }] } }],
                },
            }),
            expect: violations(P.env, "kubernetes:argoproj.io/v1alpha1:Workflow"),
        },
        {
            title: "bad: an Argo Workflow script template with a token in its env",
            program: () => object("sync", {
                apiVersion: "argoproj.io/v1alpha1", kind: "WorkflowTemplate", metadata: { name: "sync", namespace: "mlflow" },
                spec: { templates: [{ name: "sync", script: { image: "python:3.12", source: "print('sync')", env: [{ name: "GIT_AUTH", value: FAKE.github }] } }] },
            }),
            expect: violations(P.env, "kubernetes:argoproj.io/v1alpha1:WorkflowTemplate"),
        },
        {
            title: "bad: a DeploymentPatch adding a literal secret key",
            program: () => new k8s.apps.v1.DeploymentPatch("grafana-patch", { metadata: { name: "grafana", namespace: "monitoring" }, spec: { template: { spec: { containers: [{ name: "grafana", image: "grafana/grafana:11.2.0", env: [{ name: "GF_SECURITY_SECRET_KEY", value: "s3cr3t-signing" }] }] } } } }),
            expect: violations(P.env, "kubernetes:apps/v1:DeploymentPatch"),
        },
        {
            title: "good: credentials from secretKeyRef, and env names that only look like credentials",
            program: () => deployment("mlflow", { env: [
                { name: "DB_PASSWORD", valueFrom: secretRef("mlflow-db-credentials", "password") },
                { name: "DB_PASSWORD_FILE", value: "/var/run/secrets/mlflow/password" },
                { name: "PASSWORD_MIN_LENGTH", value: "32" },
                { name: "PWD", value: "/app" },
                { name: "MLFLOW_TRACKING_TOKEN", value: "$(TOKEN_FROM_SECRET)" },
                { name: "MAX_NEW_TOKENS", value: "4096" },
                { name: "ALLOW_EMPTY_PASSWORD", value: "no" },
                { name: "TOKEN_TTL", value: "1h" },
                { name: "SECRET_NAME", value: "mlflow-db-credentials" },
            ] }),
            expect: [],
        },
        {
            title: "good: MinIO's Deployment as its chart renders it (root credentials from the Secret)",
            source: "minio/minio:helm/minio/templates/deployment.yaml",
            program: () => deployment("minio", {
                image: "quay.io/minio/minio:RELEASE.2024-04-18T19-09-19Z",
                command: ["/bin/sh", "-ce", "/usr/bin/docker-entrypoint.sh minio server /export -S /etc/minio/certs/ --address :9000 --console-address :9001"],
                env: [
                    { name: "MINIO_ROOT_USER", valueFrom: secretRef("minio", "rootUser") },
                    { name: "MINIO_ROOT_PASSWORD", valueFrom: secretRef("minio", "rootPassword") },
                    { name: "MINIO_PROMETHEUS_AUTH_TYPE", value: "public" },
                ],
            }),
            expect: [],
        },
        {
            title: "good: Grafana's dashboard sidecar as its chart renders it (REQ_PASSWORD from the admin Secret)",
            source: "grafana/helm-charts:charts/grafana/templates/_pod.tpl",
            program: () => deployment("grafana", {
                name: "grafana-sc-dashboard",
                image: "quay.io/kiwigrid/k8s-sidecar:1.27.4",
                env: [
                    { name: "METHOD", value: "WATCH" }, { name: "LABEL", value: "grafana_dashboard" }, { name: "FOLDER", value: "/tmp/dashboards" },
                    { name: "RESOURCE", value: "both" },
                    { name: "REQ_USERNAME", valueFrom: secretRef("grafana-admin", "admin-user") },
                    { name: "REQ_PASSWORD", valueFrom: secretRef("grafana-admin", "admin-password") },
                    { name: "REQ_URL", value: "http://localhost:3000/api/admin/provisioning/dashboards/reload" }, { name: "REQ_METHOD", value: "POST" },
                ],
            }, "monitoring"),
            expect: [],
        },
        {
            title: "good: MLflow's init containers as its chart renders them (PGPASSWORD/MYSQL_PWD from Secrets, sed placeholders)",
            source: "community-charts/helm-charts:charts/mlflow/templates/deployment.yaml",
            program: () => new k8s.apps.v1.Deployment("mlflow", { metadata: { name: "mlflow", namespace: "mlflow" }, spec: { selector: { matchLabels: { app: "mlflow" } }, template: { metadata: { labels: { app: "mlflow" } }, spec: {
                initContainers: [
                    { name: "dbchecker", image: "busybox:1.32", command: ["/script/dbchecker.sh"], env: [{ name: "PGPASSWORD", valueFrom: secretRef("mlflow-db-credentials", "password") }, { name: "MYSQL_PWD", valueFrom: secretRef("mlflow-db-credentials", "password") }] },
                    { name: "ini-file-initializer", image: "busybox:1.32", command: ["sh", "-c"], args: [
                        "sed -e \"s/\\$(ADMIN_USERNAME_PLACEHOLDER)/${ADMIN_USERNAME}/g\" -e \"s/\\$(ADMIN_PASSWORD_PLACEHOLDER)/${ADMIN_PASSWORD}/g\" /template/auth_template.ini > /config/auth_result.ini",
                    ], env: [{ name: "ADMIN_PASSWORD", valueFrom: secretRef("mlflow-auth", "password") }] },
                ],
                containers: [{ name: "mlflow", image: "burakince/mlflow:2.16.0", args: ["server", "--host=0.0.0.0", "--port=5000", "--backend-store-uri=postgresql://$(PGUSER):$(PGPASSWORD)@mlflow-db.internal:5432/mlflow", "--default-artifact-root=s3://mlflow/"],
                    envFrom: [{ configMapRef: { name: "mlflow-env-configmap" } }, { secretRef: { name: "mlflow-env-secret" } }] }],
            } } } }),
            expect: [],
        },
        {
            title: "good: ESO's controller Deployment as its chart renders it (flags, no credentials)",
            source: "external-secrets/external-secrets:deploy/charts/external-secrets/templates/deployment.yaml",
            program: () => deployment("external-secrets", {
                image: "oci.external-secrets.io/external-secrets/external-secrets:v0.10.4",
                args: ["--concurrent=1", "--metrics-addr=:8080", "--loglevel=info", "--enable-leader-election=true"],
                env: [{ name: "AWS_REGION", value: "eu-west-1" }],
            }, "external-secrets"),
            expect: [],
        },
        {
            title: "good: Argo CD's server with its flags and the auth token mounted, automount off",
            program: () => new k8s.apps.v1.Deployment("argocd-server", { metadata: { name: "argocd-server", namespace: "argocd" }, spec: { selector: { matchLabels: { app: "argocd-server" } }, template: { metadata: { labels: { app: "argocd-server" } }, spec: {
                automountServiceAccountToken: false,
                containers: [{ name: "server", image: "quay.io/argoproj/argocd:v2.12.3", args: ["/usr/local/bin/argocd-server", "--port=8080", "--insecure", "--redis", "argocd-redis:6379"],
                    env: [{ name: "ARGOCD_SERVER_INSECURE", valueFrom: { configMapKeyRef: { name: "argocd-cmd-params-cm", key: "server.insecure", optional: true } } }] }],
            } } } }),
            expect: [],
        },
        {
            title: "good: an Argo Workflow reading its password from a Secret, with non-secret parameters",
            program: () => object("train", {
                apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", metadata: { generateName: "train-", namespace: "mlflow" },
                spec: {
                    entrypoint: "train", arguments: { parameters: [{ name: "epochs", value: "10" }, { name: "token-budget", value: "100000" }] },
                    templates: [{ name: "train", container: { image: "trainer:1", command: ["python", "train.py", "--epochs={{workflow.parameters.epochs}}"], env: [{ name: "MLFLOW_TRACKING_PASSWORD", valueFrom: secretRef("mlflow-auth", "password") }] } }],
                },
            }),
            expect: [],
        },
    ],
};
