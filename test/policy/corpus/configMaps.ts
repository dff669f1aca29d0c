import * as k8s from "@pulumi/kubernetes";
import { CorpusClass, violations } from "./corpusCase";
import { configMap, FAKE, P, T } from "./_programs";

const b64 = (text: string) => Buffer.from(text).toString("base64");

export const configMaps: CorpusClass = {
    title: "ConfigMaps",
    description:
        "ConfigMaps are readable by anyone who can read a namespace's configuration and are not encrypted at rest: credentials " +
        "as keys, inside YAML, JSON, INI or .env content, or base64 in binaryData.",
    cases: [
        {
            title: "bad: a ConfigMap with DB_PASSWORD",
            program: () => configMap("mlflow-env", "mlflow", { DB_HOST: "postgres", DB_PASSWORD: "changeme-s3cr3t" }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: MinIO's config.env in a ConfigMap (an env-file line with the root password)",
            program: () => configMap("minio-config", "minio", { "config.env": "export MINIO_ROOT_USER=admin\nexport MINIO_ROOT_PASSWORD=\"minio-root-s3cr3t\"\n" }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: a grafana.ini with a literal admin_password",
            program: () => configMap("grafana", "monitoring", { "grafana.ini": "[server]\nroot_url = https://grafana.example.com\n[security]\nadmin_user = admin\nadmin_password = s3cr3t-pw\n" }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: a Grafana datasource YAML with a password in secureJsonData",
            program: () => configMap("datasources", "monitoring", { "datasources.yaml": "apiVersion: 1\ndatasources:\n  - name: MLflow DB\n    type: postgres\n    url: mlflow-db.internal:5432\n    user: grafana\n    secureJsonData:\n      password: s3cr3t-pw\n" }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: a JSON config with a nested client secret",
            program: () => configMap("oidc", "mlflow", { "oidc.json": JSON.stringify({ issuer: "https://login.example.com", client: { id: "mlflow", secret: "s3cr3t-client" } }) }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: an Alertmanager config with a Slack webhook URL (a token in the URL)",
            program: () => configMap("alertmanager", "monitoring", { "alertmanager.yml": "route:\n  receiver: slack\nreceivers:\n  - name: slack\n    slack_configs:\n      - api_url: https://hooks.slack.com/services/T0000000/B0000000/s3cr3tAbCdEfGhIjKlMnOp\n" }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: a properties file with a JDBC URL carrying the password",
            program: () => configMap("app", "mlflow", { "application.properties": "spring.datasource.url=jdbc:postgresql://mlflow:s3cr3t-pw@db:5432/mlflow\nserver.port=8080\n" }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: a credential base64-encoded in binaryData",
            program: () => configMap("bin", "mlflow", {}, { "settings.env": b64("MLFLOW_TRACKING_USERNAME=admin\nMLFLOW_TRACKING_PASSWORD=s3cr3t-pw\n") }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: a PEM private key under a neutral key",
            program: () => configMap("certs", "minio", { "server.pem": FAKE.pem }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "bad: a ConfigMapPatch adding a token, and a ConfigMapList carrying an apiKey",
            program: () => {
                new k8s.core.v1.ConfigMapPatch("ci-env", { metadata: { name: "ci-env", namespace: "ci" }, data: { GITHUB_TOKEN: "ghp_s3cr3t" } });
                new k8s.core.v1.ConfigMapList("grafana-config", { items: [{ metadata: { name: "grafana-datasources", namespace: "monitoring" }, data: { apiKey: "glsa_s3cr3t" } }] });
            },
            expect: [...violations(P.configMaps, "kubernetes:core/v1:ConfigMapPatch"), ...violations(P.configMaps, "kubernetes:core/v1:ConfigMapList")],
        },
        {
            title: "bad: a ConfigMap written as a CustomResource",
            program: () => new k8s.apiextensions.CustomResource("cm", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "env", namespace: "mlflow" }, data: { AWS_SECRET_ACCESS_KEY: "s3cr3t/abc" } } as never),
            expect: violations(P.configMaps, "kubernetes:v1:ConfigMap"),
        },
        {
            title: "bad: an Argo CD argocd-cm with a repository password",
            source: "argoproj/argo-helm:charts/argo-cd/templates/argocd-configs/argocd-cm.yaml",
            program: () => configMap("argocd-cm", "argocd", { repositories: "- url: https://github.com/org/platform\n  username: bot\n  password: s3cr3t-pw\n" }),
            expect: violations(P.configMaps, T.configMap),
        },
        {
            title: "good: a grafana.ini reading the admin password from a file ($__file), as the Grafana chart renders grafana.ini",
            source: "grafana/helm-charts:charts/grafana/templates/_config.tpl",
            program: () => configMap("grafana", "monitoring", {
                "grafana.ini": "[analytics]\ncheck_for_updates = true\n[log]\nmode = console\n[paths]\ndata = /var/lib/grafana/\n[security]\nadmin_user = admin\nadmin_password = $__file{/etc/secrets/grafana-admin/admin-password}\n[auth.generic_oauth]\nclient_secret = $__env{GF_OAUTH_CLIENT_SECRET}\n",
            }),
            expect: [],
        },
        {
            title: "good: a ConfigMap with PASSWORD_POLICY text and other keys that only talk about credentials",
            program: () => configMap("auth-settings", "mlflow", {
                PASSWORD_POLICY: "Passwords: at least 32 characters, password rotation every 90 days, token TTL 1h.",
                PASSWORD_MIN_LENGTH: "32", TOKEN_TTL: "1h", SECRET_NAME: "mlflow-db-credentials",
                DB_PASSWORD_FILE: "/var/run/secrets/mlflow/password", DB_PASSWORD: "",
                "config.env": "export MINIO_ROOT_USER=admin\nexport MINIO_ROOT_PASSWORD_FILE=/run/secrets/root-password\n",
            }),
            expect: [],
        },
        {
            title: "good: Argo CD's argocd-cm and argocd-rbac-cm as the chart renders them (Dex secret as $ reference)",
            source: "argoproj/argo-helm:charts/argo-cd/templates/argocd-configs/argocd-cm.yaml",
            program: () => {
                configMap("argocd-cm", "argocd", {
                    "admin.enabled": "true", url: "https://argocd.example.com", "accounts.image-updater": "apiKey",
                    "dex.config": "connectors:\n  - type: github\n    id: github\n    name: GitHub\n    config:\n      clientID: 0123456789abcdef0123\n      clientSecret: $dex.github.clientSecret\n",
                    "timeout.reconciliation": "180s",
                });
                configMap("argocd-rbac-cm", "argocd", { "policy.default": "role:readonly", "policy.csv": "p, role:admin, applications, *, */*, allow\ng, platform-admins, role:admin\n" });
            },
            expect: [],
        },
        {
            title: "good: kube-prometheus-stack's Grafana datasource provisioning (no credentials, basic auth off)",
            source: "prometheus-community/helm-charts:charts/kube-prometheus-stack/values.yaml",
            program: () => configMap("kube-prometheus-stack-grafana-datasource", "monitoring", {
                "datasource.yaml": "apiVersion: 1\ndatasources:\n- name: Prometheus\n  type: prometheus\n  uid: prometheus\n  url: http://kube-prometheus-stack-prometheus.monitoring:9090/\n  access: proxy\n  isDefault: true\n  jsonData:\n    httpMethod: POST\n    timeInterval: 30s\n  basicAuth: false\n",
            }),
            expect: [],
        },
        {
            title: "good: MinIO's chart ConfigMap with its helper scripts (credentials read from mounted files)",
            source: "minio/minio:helm/minio/templates/_helper_create_user.txt",
            program: () => configMap("minio", "minio", {
                "initialize": "#!/bin/sh\nset -e\nMC_CONFIG_DIR=\"/etc/minio/mc/\"\nMC=\"/usr/bin/mc --insecure --config-dir ${MC_CONFIG_DIR}\"\nACCESS=$(cat /config/rootUser)\nSECRET=$(cat /config/rootPassword)\n${MC} alias set myminio http://minio:9000 ${ACCESS} ${SECRET}\n",
                "add-user": "#!/bin/sh\nUSER=$1\nUSER_PASSWORD=$(cat /config/secrets/$USER)\n",
            }),
            expect: [],
        },
        {
            title: "good: a public certificate and CA bundle (not private keys)",
            program: () => configMap("ca", "minio", { "ca.crt": "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUY2E=\n-----END CERTIFICATE-----\n", "public.pem": "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n" }),
            expect: [],
        },
        {
            title: "good: binaryData with an image",
            program: () => configMap("logo", "monitoring", {}, { "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xfe, 0x01]).toString("base64") }),
            expect: [],
        },
    ],
};
