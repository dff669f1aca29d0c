import { Policy, Provider, Token } from "@pulumi/vault";
import { AuthBackendRoleSecretId } from "@pulumi/vault/approle";
import { EntityPolicies } from "@pulumi/vault/identity";
import { AuthBackendRole, AuthBackendRoleArgs } from "@pulumi/vault/kubernetes";
import { CloudProvider, MinioRootSecret, MlflowDbSecret } from "../../../components";
import { VaultKubernetesAuth, VaultNamespaceAccess } from "../../../components/vault";
import { CorpusClass, violations } from "./corpusCase";
import { object, P } from "./_programs";

const LEAST = "vault-least-privilege";
const TYPES = {
    policy: "vault:index/policy:Policy",
    role: "vault:kubernetes/authBackendRole:AuthBackendRole",
    entityPolicies: "vault:identity/entityPolicies:EntityPolicies",
    token: "vault:index/token:Token",
    provider: "pulumi:providers:vault",
    secretId: "vault:appRole/authBackendRoleSecretId:AuthBackendRoleSecretId",
    secretStore: "kubernetes:external-secrets.io/v1:SecretStore",
};
const ADDRESS = "https://vault.example.com:8200";
const FAKE_VAULT_TOKEN = "hvs.s3cr3tAbCdEfGhIjKlMnOpQrStUv";

const policy = (text: string, name = "eso-mlflow-read") => new Policy(name, { name, policy: text });

/** A Kubernetes auth role as the package makes it, with one field changed. */
const role = (change: Partial<AuthBackendRoleArgs> = {}) => new AuthBackendRole("eso-mlflow", {
    backend: "kubernetes",
    roleName: "eso-mlflow",
    boundServiceAccountNames: ["external-secrets-reader"],
    boundServiceAccountNamespaces: ["mlflow"],
    audience: "vault",
    aliasNameSource: "serviceaccount_name",
    tokenPolicies: [],
    tokenTtl: 600,
    tokenMaxTtl: 600,
    ...change,
});

/** An ESO SecretStore in `mlflow` with the given `vault` provider auth block. */
const store = (auth: Record<string, unknown> | undefined) => object("vault-store", {
    apiVersion: "external-secrets.io/v1",
    kind: "SecretStore",
    metadata: { name: "vault", namespace: "mlflow" },
    spec: { provider: { vault: { server: ADDRESS, path: "secret", version: "v2", ...(auth === undefined ? {} : { auth }) } } },
});

const vault = { cloud: CloudProvider.Vault, vault: { address: ADDRESS } } as const;

export const vaultKv: CorpusClass = {
    title: "Vault KV and Kubernetes auth",
    description:
        "Vault policies that read more than exact paths (globs, sudo, root), Kubernetes auth roles any ServiceAccount can use, " +
        "long-lived or orphan tokens, Vault tokens in provider configs, and ESO stores that authenticate to Vault with a token " +
        "or as the controller.",
    cases: [
        {
            title: "bad: a policy reading every KV secret (secret/data/*)",
            program: () => policy(`path "secret/data/*" {\n  capabilities = ["read"]\n}`),
            expect: violations(LEAST, TYPES.policy),
        },
        {
            title: "bad: a '+' segment, any app's db-password",
            program: () => policy(`path "secret/data/mlops-platform-dev/+/db-password" { capabilities = ["read"] }`),
            expect: violations(LEAST, TYPES.policy),
        },
        {
            title: "bad: the glob hidden in the JSON form of the policy",
            program: () => policy(JSON.stringify({ path: { "secret/data/mlops-platform-dev/mlflow*": { capabilities: ["read"] } } })),
            expect: violations(LEAST, TYPES.policy),
        },
        {
            title: "bad: an exact path, then a second block with a prefix glob on metadata (list every secret)",
            program: () => policy(`path "secret/data/mlops-platform-dev/mlflow/db-password" { capabilities = ["read"] }\npath "secret/metadata/*" { capabilities = ["list"] }`),
            expect: violations(LEAST, TYPES.policy),
        },
        {
            title: "bad: sudo on the exact secret path",
            program: () => policy(`path "secret/data/mlops-platform-dev/mlflow/db-password" { capabilities = ["read", "sudo"] }`),
            expect: violations(LEAST, TYPES.policy),
        },
        {
            title: "bad: the old policy = \"sudo\" form on an exact path",
            program: () => policy(`path "secret/data/mlops-platform-dev/mlflow/db-password" {\n  policy = "sudo"\n}`),
            expect: violations(LEAST, TYPES.policy),
        },
        {
            title: "bad: old-style write on secret/* (a glob)",
            program: () => policy(`path "secret/*" { policy = "write" }`),
            expect: violations(LEAST, TYPES.policy),
        },
        {
            title: "bad: a policy Vault would not parse (cannot be checked)",
            program: () => policy(`path "secret/data/mlops-platform-dev/mlflow/db-password" { capabilities = ["read"]`),
            expect: violations(LEAST, TYPES.policy),
        },
        {
            title: "bad: a Kubernetes auth role any ServiceAccount name can use",
            program: () => role({ boundServiceAccountNames: ["*"] }),
            expect: violations(LEAST, TYPES.role),
        },
        {
            title: "bad: a prefix glob on the ServiceAccount name (external-secrets-*)",
            program: () => role({ boundServiceAccountNames: ["external-secrets-*"] }),
            expect: violations(LEAST, TYPES.role),
        },
        {
            title: "bad: a role bound to every namespace",
            program: () => role({ boundServiceAccountNamespaces: ["*"] }),
            expect: violations(LEAST, TYPES.role),
        },
        {
            title: "bad: a namespace selector that selects every namespace, no namespaces named",
            program: () => role({ boundServiceAccountNamespaces: [], boundServiceAccountNamespaceSelector: "{}" }),
            expect: violations(LEAST, TYPES.role),
        },
        {
            title: "bad: a role without an audience",
            program: () => role({ audience: undefined }),
            expect: violations(LEAST, TYPES.role),
        },
        {
            title: "bad: a role whose tokens carry the root policy",
            program: () => role({ tokenPolicies: ["default", "root"] }),
            expect: violations(LEAST, TYPES.role),
        },
        {
            title: "bad: a role with Vault's default TTLs (32 days)",
            program: () => role({ tokenTtl: undefined, tokenMaxTtl: undefined }),
            expect: violations(LEAST, TYPES.role),
        },
        {
            title: "bad: a role issuing periodic tokens",
            program: () => role({ tokenPeriod: 86400 }),
            expect: violations(LEAST, TYPES.role),
        },
        {
            title: "bad: the root policy attached to an entity",
            program: () => new EntityPolicies("admin", { entityId: "00000000-0000-4000-8000-000000000001", policies: ["root"], exclusive: false }),
            expect: violations(LEAST, TYPES.entityPolicies),
        },
        {
            title: "bad: a renewable 32-day token minted for a workload",
            program: () => new Token("ci", { policies: ["eso-mlflow-read"], ttl: "768h" }),
            expect: violations(LEAST, TYPES.token),
        },
        {
            title: "bad: a short orphan token (noParent) outliving its creator",
            program: () => new Token("ci", { policies: ["eso-mlflow-read"], ttl: "10m", renewable: false, noParent: true }),
            expect: violations(LEAST, TYPES.token),
        },
        {
            title: "bad: a Vault token in the provider's configuration",
            program: () => new Provider("vault", { address: ADDRESS, token: FAKE_VAULT_TOKEN }),
            expect: violations(P.static, TYPES.provider),
        },
        {
            title: "bad: a userpass password in the provider's login block",
            program: () => new Provider("vault", { address: ADDRESS, authLoginUserpass: { username: "deployer", password: "s3cr3t-pw" } }),
            expect: violations(P.static, TYPES.provider),
        },
        {
            title: "bad: an AppRole secret id minted into state",
            program: () => new AuthBackendRoleSecretId("eso", { backend: "approle", roleName: "eso" }),
            expect: violations(P.static, TYPES.secretId),
        },
        {
            title: "bad: an ESO store authenticating to Vault with a token Secret",
            program: () => store({ tokenSecretRef: { name: "vault-token", key: "token" } }),
            expect: violations(P.static, TYPES.secretStore),
        },
        {
            title: "bad: an ESO store with no Vault auth (the controller's own)",
            program: () => store(undefined),
            expect: violations(P.stores, TYPES.secretStore),
        },
        {
            title: "bad: Kubernetes auth with neither serviceAccountRef nor secretRef (the controller pod's token)",
            program: () => store({ kubernetes: { mountPath: "kubernetes", role: "eso-mlflow" } }),
            expect: violations(P.stores, TYPES.secretStore),
        },
        {
            title: "bad: Kubernetes auth with a long-lived ServiceAccount token Secret",
            program: () => store({ kubernetes: { mountPath: "kubernetes", role: "eso-mlflow", secretRef: { name: "eso-token", key: "token" } } }),
            expect: violations(P.static, TYPES.secretStore),
        },
        {
            title: "good: the package's own access set for a namespace, with two grants",
            program: () => {
                const access = new VaultNamespaceAccess("mlops-dev-mlflow", { clusterName: "mlops-dev", namespace: "mlflow", address: ADDRESS, mountPath: "secret" });
                access.grantPath("database/creds/mlflow", "mlflow-db-creds");
                return access;
            },
            expect: [],
        },
        {
            title: "good: MlflowDbSecret and MinioRootSecret on Vault, synced through Kubernetes auth",
            program: () => {
                new MlflowDbSecret("mlflow-db", { ...vault, cluster: { clusterName: "mlops-dev" } });
                new MinioRootSecret("minio-root", { ...vault, cluster: { clusterName: "mlops-dev", vault: { tokenTtlSeconds: 3600 } } });
            },
            expect: [],
        },
        {
            title: "good: the package's Kubernetes auth method (no reviewer token)",
            program: () => new VaultKubernetesAuth("mlops-dev", { kubernetesHost: "https://kubernetes.default.svc" }),
            expect: [],
        },
        {
            title: "good: HCL with comments that mention '*' and sudo, exact paths only",
            program: () => policy([
                "# Reads secret/data/* would be too wide; sudo is never needed here.",
                `path "secret/data/mlops-platform-dev/mlflow/db-password" { capabilities = ["read"] } // not "secret/*"`,
                "/* path \"secret/*\" { capabilities = [\"sudo\"] } */",
            ].join("\n")),
            expect: [],
        },
        {
            title: "good: a deny on a glob next to an exact read",
            program: () => policy(`path "secret/data/*" { capabilities = ["deny"] }\npath "secret/data/mlops-platform-dev/mlflow/db-password" { capabilities = ["read"] }`),
            expect: [],
        },
        {
            title: "good: '+' inside a segment name is no wildcard",
            program: () => policy(`path "secret/data/mlops-platform-dev/c++-builder/token" { capabilities = ["read"] }`),
            expect: [],
        },
        {
            title: "good: an operators' admin policy with sudo, allow-listed in the config",
            program: () => policy(`path "sys/*" { capabilities = ["create", "read", "update", "delete", "list", "sudo"] }`, "platform-admins"),
            config: { [LEAST]: { allowedPolicyNames: ["platform-admins"] } },
            expect: [],
        },
        {
            title: "good: a provider with no token in its config (VAULT_TOKEN or `vault login` where pulumi up runs)",
            program: () => new Provider("vault", { address: ADDRESS, skipChildToken: true, namespace: "platform" }),
            expect: [],
        },
        {
            title: "good: a 10-minute, non-renewable child token",
            program: () => new Token("smoke-test", { policies: ["eso-mlflow-read"], ttl: "10m", renewable: false }),
            expect: [],
        },
        {
            title: "good: a role bound to exact names in two namespaces, 1-hour tokens",
            program: () => role({ boundServiceAccountNamespaces: ["mlflow", "mlflow-canary"], tokenTtl: 3600, tokenMaxTtl: 3600 }),
            expect: [],
        },
        {
            title: "good: an ESO store with Kubernetes auth as the namespace's reader ServiceAccount",
            program: () => store({ kubernetes: { mountPath: "kubernetes", role: "eso-mlflow", serviceAccountRef: { name: "external-secrets-reader", audiences: ["vault"] } } }),
            expect: [],
        },
    ],
};
