import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { CorpusCase, violations } from "./corpusCase";

const POLICY = "no-plain-kubernetes-secrets";

export const kubernetesSecretCases: CorpusCase[] = [
    {
        title: "bad: a Secret holding a generated password",
        program: () => {
            const password = new random.RandomPassword("db", { length: 32 });
            new k8s.core.v1.Secret("mlflow-db", {
                metadata: { name: "mlflow-db", namespace: "mlflow" },
                stringData: { password: password.result },
            });
        },
        expect: violations(POLICY, "kubernetes:core/v1:Secret"),
    },
    {
        title: "bad: the runbook's `kubectl patch secret argocd-secret`, written as a SecretPatch",
        program: () => {
            const password = new random.RandomPassword("argocd", { length: 32 });
            new k8s.core.v1.SecretPatch("argocd-admin", {
                metadata: { name: "argocd-secret", namespace: "argocd" },
                stringData: { "admin.password": password.bcryptHash },
            });
        },
        expect: violations(POLICY, "kubernetes:core/v1:SecretPatch"),
    },
    {
        title: "bad: a SecretList with two Secrets (one violation each)",
        program: () => {
            new k8s.core.v1.SecretList("bundle", {
                items: [
                    { metadata: { name: "minio-root", namespace: "minio" }, stringData: { rootPassword: "x".repeat(32) } },
                    { metadata: { name: "grafana-admin", namespace: "monitoring" }, type: "Opaque", data: { "admin-password": "eA==" } },
                ],
            });
        },
        expect: violations(POLICY, "kubernetes:core/v1:SecretList", 2),
    },
    {
        title: "bad: a Secret rendered by a YAML ConfigGroup (client-side rendered child)",
        program: () => {
            new k8s.yaml.ConfigGroup("minio-manifests", {
                objs: [
                    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "minio-env", namespace: "minio" }, data: { MINIO_BROWSER: "on" } },
                    { apiVersion: "v1", kind: "Secret", metadata: { name: "minio-root", namespace: "minio" }, stringData: { rootPassword: "x".repeat(32) } },
                ],
            });
        },
        expect: violations(POLICY, "kubernetes:core/v1:Secret"),
    },
    {
        title: "good: an ExternalSecret (how the platform gets a Secret into the cluster)",
        program: () => {
            new k8s.apiextensions.CustomResource("mlflow-db", {
                apiVersion: "external-secrets.io/v1",
                kind: "ExternalSecret",
                metadata: { name: "mlflow-db", namespace: "mlflow" },
                spec: {
                    secretStoreRef: { name: "platform-secrets", kind: "SecretStore" },
                    target: { name: "mlflow-db-credentials" },
                    data: [{ secretKey: "password", remoteRef: { key: "/mlops-platform-dev/mlflow/db-password" } }],
                },
            });
        },
        expect: [],
    },
    {
        title: "good: a Secret in a namespace the config allow-lists",
        program: () => {
            new k8s.core.v1.Secret("registry", {
                metadata: { name: "registry-pull", namespace: "ci-runners" },
                type: "kubernetes.io/dockerconfigjson",
                stringData: { ".dockerconfigjson": "{}" },
            });
        },
        config: { [POLICY]: { allow: [{ namespace: "ci-runners" }] } },
        expect: [],
    },
];
