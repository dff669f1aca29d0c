import { CorpusClass, violations } from "./corpusCase";
import { externalSecret, FAKE, IRSA_PROVIDER, object, P, store, T } from "./_programs";

const IRSA = IRSA_PROVIDER;

export const esoObjects: CorpusClass = {
    title: "External Secrets Operator objects",
    description:
        "ESO objects that carry the credential themselves (template literals, the fake provider), authenticate with a static " +
        "credential, read with the controller's identity, or can be used from every namespace.",
    cases: [
        {
            title: "bad: a literal password in ExternalSecret spec.target.template.data",
            program: () => externalSecret("grafana-admin", "monitoring", { template: { data: { "admin-user": "admin", "admin-password": "s3cr3t-pw" } } }),
            expect: violations(P.eso, T.externalSecret),
        },
        {
            title: "bad: a connection URI with a literal password next to a templated user",
            program: () => externalSecret("mlflow-db", "mlflow", { template: { data: { uri: "postgresql://{{ .username }}:s3cr3t-pw@mlflow-db.internal:5432/mlflow" } } }),
            expect: violations(P.eso, T.externalSecret),
        },
        {
            title: "bad: a GitHub token in a template value under an innocent key",
            program: () => externalSecret("argocd-repo", "argocd", { template: { data: { url: "https://github.com/org/platform", header: `Authorization: token ${FAKE.github}` } } }),
            expect: violations(P.eso, T.externalSecret),
        },
        {
            title: "bad: a templateFrom literal with an INI password",
            program: () => externalSecret("mlflow-auth", "mlflow", { template: { templateFrom: [{ target: "Data", literal: "[mlflow]\nadmin_username = admin\nadmin_password = s3cr3t-pw\n" }] } }),
            expect: violations(P.eso, T.externalSecret),
        },
        {
            title: "bad: a ClusterExternalSecret with a literal token in its template",
            program: () => object("ci-token", {
                apiVersion: "external-secrets.io/v1", kind: "ClusterExternalSecret", metadata: { name: "ci-token" },
                spec: {
                    namespaceSelectors: [{ matchLabels: { team: "ml" } }],
                    externalSecretSpec: {
                        secretStoreRef: { name: "platform", kind: "ClusterSecretStore" },
                        target: { name: "ci-token", template: { data: { token: "s3cr3t-token-value" } } },
                        data: [{ secretKey: "x", remoteRef: { key: "/x" } }],
                    },
                },
            }),
            expect: violations(P.eso, T.clusterExternalSecret),
        },
        {
            title: "bad: a SecretStore on the fake provider carrying the data",
            program: () => store("fake", "SecretStore", { fake: { data: [{ key: "/mlops/mlflow/db-password", value: "s3cr3t-pw" }] } }, {}),
            expect: violations(P.eso, T.secretStore),
        },
        {
            title: "bad: a Kubernetes-provider store with a static bearer token from a Secret",
            program: () => store("remote-cluster", "SecretStore", {
                kubernetes: { remoteNamespace: "platform", server: { url: "https://10.0.0.1" }, auth: { token: { bearerToken: { name: "remote-token", key: "token" } } } },
            }),
            expect: violations(P.static, T.secretStore),
        },
        {
            title: "bad: a Vault store authenticating with a token from a Secret",
            program: () => store("vault", "ClusterSecretStore", {
                vault: { server: "https://vault.internal:8200", path: "secret", auth: { tokenSecretRef: { name: "vault-token", key: "token", namespace: "eso" } } },
            }, { conditions: [{ namespaces: ["mlflow"] }] }),
            expect: violations(P.static, T.clusterSecretStore),
        },
        {
            title: "bad: a SecretStore reading Parameter Store with an access key from a Secret",
            program: () => store("ssm-static", "SecretStore", {
                aws: { service: "ParameterStore", region: "eu-west-1", auth: { secretRef: {
                    accessKeyIDSecretRef: { name: "aws-creds", key: "access-key-id" }, secretAccessKeySecretRef: { name: "aws-creds", key: "secret-access-key" },
                } } },
            }),
            expect: violations(P.static, T.secretStore),
        },
        {
            title: "bad: a ClusterSecretStore reading Key Vault with a service principal secret",
            program: () => store("kv-static", "ClusterSecretStore", {
                azurekv: {
                    authType: "ServicePrincipal", vaultUrl: "https://mlops-kv.vault.azure.net/", tenantId: "00000000-0000-4000-8000-000000000002",
                    authSecretRef: { clientId: { name: "azure-sp", key: "client-id", namespace: "eso" }, clientSecret: { name: "azure-sp", key: "client-secret", namespace: "eso" } },
                },
            }, { conditions: [{ namespaces: ["mlflow"] }] }),
            expect: violations(P.static, T.clusterSecretStore),
        },
        {
            title: "bad: a SecretStore reading Secret Manager with a service account key from a Secret",
            program: () => store("gcpsm-static", "SecretStore", { gcpsm: { projectID: "mlops-platform-dev", auth: { secretRef: { secretAccessKeySecretRef: { name: "gcp-sa", key: "key.json" } } } } }),
            expect: violations(P.static, T.secretStore),
        },
        {
            title: "bad: a namespaced SecretStore with no auth block (reads with the controller's Pod Identity)",
            program: () => store("ssm-controller", "SecretStore", { aws: { service: "ParameterStore", region: "eu-west-1" } }),
            expect: violations(P.stores, T.secretStore),
        },
        {
            title: "bad: a namespaced Secret Manager store with no auth (the controller's GKE identity)",
            program: () => store("gcpsm-controller", "SecretStore", { gcpsm: { projectID: "mlops-platform-dev" } }),
            expect: violations(P.stores, T.secretStore),
        },
        {
            title: "bad: a namespaced Key Vault store on the node's managed identity",
            program: () => store("kv-mi", "SecretStore", { azurekv: { authType: "ManagedIdentity", vaultUrl: "https://mlops-kv.vault.azure.net/" } }),
            expect: violations(P.stores, T.secretStore),
        },
        {
            title: "bad: a ClusterSecretStore without conditions (every namespace may use it)",
            program: () => store("platform", "ClusterSecretStore", IRSA),
            expect: violations(P.stores, T.clusterSecretStore),
        },
        {
            title: "bad: a ClusterSecretStore whose condition matches every namespace (regex .*)",
            program: () => store("platform", "ClusterSecretStore", IRSA, { conditions: [{ namespaceRegexes: [".*"] }] }),
            expect: violations(P.stores, T.clusterSecretStore),
        },
        {
            title: "bad: a ClusterSecretStore whose condition is an empty namespaceSelector",
            program: () => store("platform", "ClusterSecretStore", IRSA, { conditions: [{ namespaceSelector: {} }] }),
            expect: violations(P.stores, T.clusterSecretStore),
        },
        {
            title: "good: an ExternalSecret whose template only references the synced keys",
            program: () => externalSecret("mlflow-db", "mlflow", { template: { engineVersion: "v2", data: {
                username: "mlflow", password: "{{ .password }}", uri: "postgresql://mlflow:{{ .password | urlquery }}@mlflow-db.internal:5432/mlflow?sslmode=require",
            } } }),
            expect: [],
        },
        {
            title: "good: Argo CD's argocd-secret written by an ExternalSecret with a merge template (as PlatformSecret renders it)",
            program: () => externalSecret("argocd-secret", "argocd", { creationPolicy: "Merge", template: { mergePolicy: "Merge", data: {
                "admin.password": "{{ .adminPasswordHash }}", "admin.passwordMtime": "2026-01-01T00:00:00Z",
            } } }),
            expect: [],
        },
        {
            title: "good: a templateFrom literal rendering grafana.ini from synced keys",
            program: () => externalSecret("grafana-ini", "monitoring", { template: { templateFrom: [{ target: "Data", literal: "[security]\nadmin_user = admin\nadmin_password = {{ .password }}\n" }] } }),
            expect: [],
        },
        {
            title: "good: the platform's stores: namespaced on IRSA, Azure workload identity, GKE Workload Identity",
            program: () => {
                store("ssm", "SecretStore", IRSA);
                store("kv", "SecretStore", { azurekv: { authType: "WorkloadIdentity", vaultUrl: "https://mlops-kv.vault.azure.net/", serviceAccountRef: { name: "eso-mlflow" } } });
                store("gcpsm", "SecretStore", { gcpsm: { projectID: "mlops-platform-dev", auth: { workloadIdentity: { serviceAccountRef: { name: "eso-mlflow" } } } } });
            },
            expect: [],
        },
        {
            title: "good: a ClusterSecretStore on Pod Identity restricted to named namespaces (the components' Pod Identity mode)",
            program: () => store("pod-identity", "ClusterSecretStore", { aws: { service: "ParameterStore", region: "eu-west-1" } }, { conditions: [{ namespaces: ["mlflow", "minio"] }] }),
            expect: [],
        },
        {
            title: "good: a store on a Secret reference the config allows by name, restricted by a label selector",
            program: () => store("vault-token", "ClusterSecretStore", {
                vault: { server: "https://vault.internal:8200", path: "secret", caProvider: { type: "Secret", name: "vault-ca", key: "ca.crt", namespace: "eso" }, auth: { tokenSecretRef: { name: "vault-token", key: "token", namespace: "eso" } } },
            }, { conditions: [{ namespaceSelector: { matchLabels: { "platform/secrets": "vault" } } }] }),
            config: { [P.static]: { allowedStoreNames: ["vault-token"] } },
            expect: [],
        },
    ],
};
