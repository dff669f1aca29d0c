import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { CorpusClass, violations } from "./corpusCase";
import { externalSecret, object, P, T } from "./_programs";

/** A resource registered under any type token, as a provider SDK or a hand-written class would. */
class Raw extends pulumi.CustomResource {
    constructor(type: string, name: string, props: Record<string, unknown>) {
        super(type, name, props);
    }
}

export const plainSecrets: CorpusClass = {
    title: "Plain Secrets by another name",
    description: "A Kubernetes Secret written by Pulumi, its value in the program and the state, declared under any type or shape.",
    cases: [
        {
            title: "bad: a Secret holding a generated password",
            program: () => {
                const password = new random.RandomPassword("db", { length: 32 });
                new k8s.core.v1.Secret("mlflow-db", { metadata: { name: "mlflow-db", namespace: "mlflow" }, stringData: { password: password.result } });
            },
            expect: violations(P.secrets, T.secret),
        },
        {
            title: "bad: the runbook's `kubectl patch secret argocd-secret`, written as a SecretPatch",
            program: () => {
                const password = new random.RandomPassword("argocd", { length: 32 });
                new k8s.core.v1.SecretPatch("argocd-admin", { metadata: { name: "argocd-secret", namespace: "argocd" }, stringData: { "admin.password": password.bcryptHash } });
            },
            expect: violations(P.secrets, "kubernetes:core/v1:SecretPatch"),
        },
        {
            title: "bad: a SecretList with two Secrets (one violation each)",
            program: () => new k8s.core.v1.SecretList("bundle", {
                items: [
                    { metadata: { name: "minio-root", namespace: "minio" }, stringData: { rootPassword: "x".repeat(32) } },
                    { metadata: { name: "grafana-admin", namespace: "monitoring" }, type: "Opaque", data: { "admin-password": "eA==" } },
                ],
            }),
            expect: violations(P.secrets, "kubernetes:core/v1:SecretList", 2),
        },
        {
            title: "bad: an empty SecretList",
            program: () => new k8s.core.v1.SecretList("empty", { items: [] }),
            expect: violations(P.secrets, "kubernetes:core/v1:SecretList"),
        },
        {
            title: "bad: a CustomResource with apiVersion v1, kind Secret",
            program: () => object("sneaky", { apiVersion: "v1", kind: "Secret", metadata: { name: "mlflow-db", namespace: "mlflow" }, stringData: { password: "s3cr3t-pw" } }),
            expect: violations(P.secrets, "kubernetes:v1:Secret"),
        },
        {
            title: "bad: a CustomResource with kind SecretList and no items",
            program: () => object("sneaky-list", { apiVersion: "v1", kind: "SecretList", items: [] }),
            expect: violations(P.secrets, "kubernetes:v1:SecretList"),
        },
        {
            title: "bad: a Secret under the token kubernetes:v1:Secret, registered by hand",
            program: () => new Raw("kubernetes:v1:Secret", "by-token", { metadata: { name: "grafana-admin", namespace: "monitoring" }, stringData: { "admin-password": "s3cr3t-pw" } }),
            expect: violations(P.secrets, "kubernetes:v1:Secret"),
        },
        {
            title: "bad: a core/v1 Secret token with inputs that claim to be a ConfigMap",
            program: () => new Raw("kubernetes:core/v1:Secret", "disguised", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "mlflow" }, data: { a: "YQ==" } }),
            expect: violations(P.secrets, T.secret),
        },
        {
            title: "bad: a List (apiVersion v1, kind List) carrying a Secret",
            program: () => object("list", { apiVersion: "v1", kind: "List", items: [{ apiVersion: "v1", kind: "Secret", metadata: { name: "minio-root", namespace: "minio" }, stringData: { rootPassword: "s3cr3t-pw" } }] }),
            expect: violations(P.secrets, "kubernetes:v1:List"),
        },
        {
            title: "bad: a TLS Secret with its private key, outside any allow-list",
            program: () => new k8s.core.v1.Secret("tls", { metadata: { name: "minio-tls", namespace: "minio" }, type: "kubernetes.io/tls", stringData: { "tls.crt": "cert", "tls.key": "key" } }),
            expect: violations(P.secrets, T.secret),
        },
        {
            title: "bad: a docker registry pull Secret with credentials",
            program: () => new k8s.core.v1.Secret("pull", { metadata: { name: "registry", namespace: "mlflow" }, type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": "{\"auths\":{}}" } }),
            expect: violations(P.secrets, T.secret),
        },
        {
            title: "bad: a Secret rendered by a YAML v1 ConfigGroup's objs (flagged as the rendered child)",
            program: () => new k8s.yaml.ConfigGroup("minio-manifests", {
                objs: [
                    { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "minio-env", namespace: "minio" }, data: { MINIO_BROWSER: "on" } },
                    { apiVersion: "v1", kind: "Secret", metadata: { name: "minio-root", namespace: "minio" }, stringData: { rootPassword: "x".repeat(32) } },
                ],
            }),
            expect: violations(P.secrets, T.secret),
        },
        {
            title: "good: an ExternalSecret (how the platform gets a Secret into the cluster)",
            program: () => externalSecret("mlflow-db", "mlflow", {}),
            expect: [],
        },
        {
            title: "good: a Secret in a namespace the config allow-lists",
            program: () => new k8s.core.v1.Secret("registry", {
                metadata: { name: "registry-pull", namespace: "ci-runners" }, type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": "{}" },
            }),
            config: { [P.secrets]: { allow: [{ namespace: "ci-runners" }] } },
            expect: [],
        },
        {
            title: "good: a CustomResource named Secret in another API group (a Vault operator's VaultStaticSecret)",
            program: () => object("vault", { apiVersion: "secrets.hashicorp.com/v1beta1", kind: "VaultStaticSecret", metadata: { name: "db", namespace: "mlflow" }, spec: { mount: "kv", path: "db", destination: { name: "db", create: true } } }),
            expect: [],
        },
        {
            title: "good: a ConfigMap and a ServiceAccount whose names contain \"secret\"",
            program: () => {
                new k8s.core.v1.ConfigMap("secret-rotation-schedule", { metadata: { name: "secret-rotation-schedule", namespace: "mlflow" }, data: { schedule: "0 3 * * 0" } });
                new k8s.core.v1.ServiceAccount("external-secrets", { metadata: { name: "external-secrets", namespace: "external-secrets" } });
            },
            expect: [],
        },
        {
            title: "good: a Role that lets ESO write Secrets (RBAC about Secrets is not a Secret)",
            program: () => new k8s.rbac.v1.Role("eso-writer", {
                metadata: { name: "eso-writer", namespace: "mlflow" },
                rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "create", "update"] }],
            }),
            expect: [],
        },
    ],
};
