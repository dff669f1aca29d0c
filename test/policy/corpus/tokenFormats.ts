import * as ssm from "@pulumi/aws/ssm";
import { CorpusClass, violations } from "./corpusCase";
import { configMap, deployment, externalSecret, FAKE, object, P, release, T } from "./_programs";

export const tokenFormats: CorpusClass = {
    title: "Unmistakable credential values",
    description:
        "Values that are credentials by their format (private keys, vendor tokens, JWTs, connection strings), caught " +
        "whatever key they sit under; look-alikes are public material or digests.",
    cases: [
        {
            title: "bad: an AWS access key ID in an env var named CONFIG",
            program: () => deployment("sync", { env: [{ name: "CONFIG", value: `region=eu-west-1,key=${FAKE.awsKeyId}` }] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: a Slack bot token in a ConfigMap key named channel",
            program: () => configMap("notify", "monitoring", { channel: FAKE.slack }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: a JSON Web Token in Helm values under extraArgs",
            program: () => release("grafana", "grafana", { extraArgs: { "auth-header": `Bearer ${FAKE.jwt}` } }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: an OpenAI key in a model-serving Deployment under OPENAI_BASE",
            program: () => deployment("llm-gateway", { env: [{ name: "OPENAI_BASE", value: FAKE.openai }] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: a GCP service account key JSON in a ConfigMap",
            program: () => configMap("gcs", "mlflow", { "sa.json": FAKE.gcpKeyJson }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: an Azure storage connection string in Helm values",
            source: "community-charts/helm-charts:charts/mlflow/templates/secret.yaml",
            program: () => release("mlflow", "mlflow", { artifactRoot: { azureBlob: { enabled: true, container: "mlflow", storageAccount: "mlops", conn: FAKE.azureConnection } } }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "bad: a GitLab token in an ExternalSecret template under url",
            program: () => externalSecret("repo", "argocd", { template: { data: { url: `https://oauth2:${FAKE.gitlab}@gitlab.com/org/platform.git` } } }),
            expect: violations(P.eso, T.externalSecret),
        },
        {
            title: "bad: a Google API key in a String SSM parameter named /maps/endpoint",
            program: () => new ssm.Parameter("maps", { name: "/mlops-platform-dev/maps/endpoint", type: "String", value: FAKE.googleApiKey }),
            expect: violations(P.ssm, T.parameter),
        },
        {
            title: "bad: a Stripe live key in a custom resource's spec",
            program: () => object("billing", { apiVersion: "billing.example.com/v1", kind: "Integration", metadata: { name: "stripe", namespace: "billing" }, spec: { provider: "stripe", apiBase: FAKE.stripe } }),
            expect: violations(P.env, "kubernetes:billing.example.com/v1:Integration"),
        },
        {
            title: "bad: a PEM private key in a Grafana operator datasource spec",
            program: () => object("ds", { apiVersion: "grafana.integreatly.org/v1beta1", kind: "GrafanaDatasource", metadata: { name: "pg", namespace: "monitoring" }, spec: { datasource: { name: "pg", type: "postgres", jsonData: { tlsAuth: true }, secureJsonData: { tlsClientKey: FAKE.pem } } } }),
            expect: violations(P.env, "kubernetes:grafana.integreatly.org/v1beta1:GrafanaDatasource"),
        },
        {
            title: "bad: a Hugging Face token in a Job's args",
            program: () => deployment("download", { args: ["huggingface-cli", "download", "meta-llama/Llama-3-8B", "--token", FAKE.huggingFace] }),
            expect: violations(P.env, T.deployment),
        },
        {
            title: "bad: a password URI under a neutral Helm key",
            program: () => release("mlflow", "mlflow", { backendStore: { postgres: { enabled: true }, uri: FAKE.postgresUri } }),
            expect: violations(P.helm, T.release),
        },
        {
            title: "good: public keys, certificates, image digests and UUIDs",
            program: () => {
                configMap("public", "minio", {
                    "ca.crt": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUY2E=\n-----END CERTIFICATE-----\n",
                    "ssh_known_hosts": "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n",
                });
                deployment("mlflow", { image: "ghcr.io/mlflow/mlflow@sha256:3d2a3e36b9a9b32a0d22b4f3f5c5c0e1c0f7c3b1a2d4e5f60718293a4b5c6d7e", env: [{ name: "RUN_ID", value: "5f0c7d4e-8a1b-4c2d-9e3f-0a1b2c3d4e5f" }] });
            },
            expect: [],
        },
        {
            title: "good: prose that mentions token formats, and a URI without a password",
            program: () => configMap("docs", "mlflow", {
                README: "Rotate GitHub tokens (ghp_…) and Slack tokens (xoxb-…) every 90 days. Connect with postgresql://mlflow@db:5432/mlflow.",
                TRACKING_URI: "https://mlflow.example.com",
            }),
            expect: [],
        },
        {
            title: "good: connection URIs whose passwords are references ($(VAR), ${VAR}, {{ .password }})",
            program: () => {
                deployment("mlflow", { args: ["server", "--backend-store-uri=postgresql://$(PGUSER):$(PGPASSWORD)@db:5432/mlflow"], env: [{ name: "DSN", value: "postgresql://mlflow:${DB_PASSWORD}@db:5432/mlflow" }] });
                externalSecret("mlflow-db", "mlflow", { template: { data: { uri: "postgresql://{{ .username }}:{{ .password }}@db:5432/mlflow" } } });
            },
            expect: [],
        },
        {
            title: "good: an ESO ExternalSecret reading a JWT signing key by reference",
            program: () => externalSecret("jwt", "mlflow", { template: { data: { "jwt-issuer": "https://mlflow.example.com", "jwt-audience": "mlflow" } } }),
            expect: [],
        },
        {
            title: "good: a masked URI and a sample placeholder in an ExternalSecret template",
            program: () => externalSecret("masked", "mlflow", { template: { data: { example: "postgresql://user:***@db:5432/mlflow", note: "set password in the cloud store" } } }),
            expect: [],
        },
    ],
};
