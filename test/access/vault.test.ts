import { test } from "node:test";
import assert from "node:assert/strict";
import { SecretStoreScope } from "../../components/access";
import { grantVaultRead, VaultNamespaceAccess, VaultNamespaceAccessArgs, VaultTokenReviewer, vaultReadPolicyDocument } from "../../components/access/vault";
import { awsSecret, ofType, single, TYPES, validateManifest, VAULT_ADDRESS, vaultSecret } from "./fixtures";
import { attemptProgram, runProgram } from "../harness";
import { stableGuid } from "../harness/fakeIds";
import { crdSchemaErrors } from "../harness/crdSchema";
import { parseVaultPolicy } from "../../policy/lib/vault/vaultPolicy";

const args = (namespace: string, extra: Partial<VaultNamespaceAccessArgs> = {}): VaultNamespaceAccessArgs => ({
    clusterName: "mlops-dev",
    namespace,
    address: VAULT_ADDRESS,
    mountPath: "secret",
    ...extra,
});

/** The id the mock cloud gives an identity entity (a UUID, as Vault does). */
const entityId = (name: string) => stableGuid(`vault-entity:${name}`);

const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n";

test("the Kubernetes auth role admits exactly the namespace's reader ServiceAccount, with an audience and short tokens", async () => {
    const run = await runProgram(() => new VaultNamespaceAccess("mlops-dev-mlflow", args("mlflow")));
    const role = single(run, TYPES.vaultRole);
    assert.deepEqual(role.inputs, {
        backend: "kubernetes",
        roleName: "eso-mlflow",
        boundServiceAccountNames: ["external-secrets-reader"],
        boundServiceAccountNamespaces: ["mlflow"],
        audience: "vault",
        aliasNameSource: "serviceaccount_name",
        tokenPolicies: [],
        tokenTtl: 600,
        tokenMaxTtl: 600,
    });
    const sa = single(run, TYPES.serviceAccount);
    assert.equal(sa.inputs.metadata.name, "external-secrets-reader");
    assert.equal(sa.inputs.metadata.namespace, "mlflow");
    assert.equal(sa.inputs.automountServiceAccountToken, false);
    assert.deepEqual(ofType(run, TYPES.clusterRoleBinding), [], "the default reviewer (Vault's own ServiceAccount) needs nothing in the cluster");
});

test("logins map to one identity entity through the alias <namespace>/<serviceaccount> on the auth mount's accessor", async () => {
    const run = await runProgram(() => new VaultNamespaceAccess("mlops-dev-mlflow", args("mlflow")));
    const entity = single(run, TYPES.vaultEntity);
    assert.equal(entity.inputs.name, "eso-mlops-dev-mlflow");
    assert.equal(entity.inputs.externalPolicies, true, "the entity's policies come only from the per-secret grants");
    assert.equal(entity.inputs.policies, undefined);
    const alias = single(run, TYPES.vaultEntityAlias);
    assert.equal(alias.inputs.name, "mlflow/external-secrets-reader");
    assert.match(alias.inputs.mountAccessor, /^auth_kubernetes_[0-9a-f]{8}$/, "looked up from the auth mount");
    assert.equal(alias.inputs.canonicalId, entityId("eso-mlops-dev-mlflow"), "the alias belongs to the entity");
});

test("the SecretStore reads the KV v2 mount with Kubernetes auth as the reader, with the role's audience (ESO v1 schema)", async () => {
    const run = await runProgram(() => new VaultNamespaceAccess("mlops-dev-mlflow", args("mlflow", {
        vaultNamespace: "platform/dev", caBundlePem: CA_PEM, authMountPath: "k8s/mlops-dev", authMountAccessor: "auth_kubernetes_0a1b2c3d", audience: "https://vault.example.com",
    })));
    const store = single(run, TYPES.secretStore);
    assert.equal(store.inputs.metadata.name, "vault");
    assert.equal(store.inputs.metadata.namespace, "mlflow");
    assert.deepEqual(store.inputs.spec, {
        provider: {
            vault: {
                server: VAULT_ADDRESS,
                path: "secret",
                version: "v2",
                namespace: "platform/dev",
                caBundle: Buffer.from(CA_PEM).toString("base64"),
                auth: {
                    kubernetes: {
                        mountPath: "k8s/mlops-dev",
                        role: "eso-mlflow",
                        serviceAccountRef: { name: "external-secrets-reader", audiences: ["https://vault.example.com"] },
                    },
                },
            },
        },
    });
    assert.equal(single(run, TYPES.vaultRole).inputs.audience, "https://vault.example.com");
    assert.equal(single(run, TYPES.vaultEntityAlias).inputs.mountAccessor, "auth_kubernetes_0a1b2c3d");
    for (const type of [TYPES.vaultRole, TYPES.vaultEntity, TYPES.vaultEntityAlias]) {
        assert.equal(single(run, type).inputs.namespace, "platform/dev", `${type} is in the Vault namespace`);
    }
    for (const dependency of [TYPES.vaultRole, TYPES.vaultEntityAlias, TYPES.serviceAccount]) {
        assert.ok(store.dependencies.includes(single(run, dependency).urn), `the store waits for ${dependency}`);
    }
    await validateManifest(store.inputs);
    // ESO v2.9.0's own CRD, unknown fields refused (a misspelt field would be pruned by the API server), caBundle base64.
    assert.deepEqual(crdSchemaErrors(store.inputs), []);
    const misspelt = {
        apiVersion: store.inputs.apiVersion as string, kind: store.inputs.kind as string, metadata: store.inputs.metadata,
        spec: { provider: { vault: { ...store.inputs.spec.provider.vault, mountpath: "x" } } },
    };
    assert.ok(crdSchemaErrors(misspelt).length > 0,
        "the schema check refuses an unknown field (it can fail)");
});

test("a ClusterSecretStore names the reader's namespace and is restricted to the allowed namespaces (ESO v1 schema)", async () => {
    const run = await runProgram(() => new VaultNamespaceAccess("mlops-dev-cluster-store", args("external-secrets", {
        storeScope: SecretStoreScope.Cluster, allowedNamespaces: ["mlflow", "minio"],
    })));
    const store = single(run, TYPES.clusterSecretStore);
    assert.deepEqual(store.inputs.spec.provider.vault.auth.kubernetes.serviceAccountRef, { name: "external-secrets-reader", namespace: "external-secrets", audiences: ["vault"] });
    assert.deepEqual(store.inputs.spec.conditions, [{ namespaces: ["mlflow", "minio"] }]);
    assert.deepEqual(single(run, TYPES.vaultRole).inputs.boundServiceAccountNamespaces, ["external-secrets"]);
    await validateManifest(store.inputs);
});

test("grantRead: one policy naming the secret's exact data path, read only, attached non-exclusively to the entity", async () => {
    const run = await runProgram(() => {
        const access = new VaultNamespaceAccess("mlops-dev-mlflow", args("mlflow"));
        access.grantRead(vaultSecret("mlflow", "db-password"), "mlflow-db-password");
        access.grantRead(vaultSecret("mlflow", "artifact-credentials"), "mlflow-artifact-credentials");
    });
    const policies = ofType(run, TYPES.vaultPolicy);
    assert.deepEqual(policies.map((p) => p.name).sort(), ["mlops-dev-mlflow-read-mlflow-artifact-credentials", "mlops-dev-mlflow-read-mlflow-db-password"]);
    const db = policies.find((p) => p.name.endsWith("db-password"))!;
    assert.equal(db.inputs.name, "eso-mlops-dev-mlflow-read-mlflow-db-password");
    // Parsed the way Vault parses policies (HCL 1, which reads the JSON form too): one path, read only.
    assert.deepEqual(parseVaultPolicy(db.inputs.policy), { paths: [{ path: "secret/data/mlops-platform-dev/mlflow/db-password", capabilities: ["read"] }] });
    const attachments = ofType(run, TYPES.vaultEntityPolicies);
    assert.equal(attachments.length, 2, "one attachment per granted secret");
    const attachment = attachments.find((a) => a.name === db.name)!;
    assert.deepEqual(attachment.inputs, { entityId: entityId("eso-mlops-dev-mlflow"), policies: [db.inputs.name], exclusive: false });
});

test("ClientServiceAccount reviewer: the reader ServiceAccount alone is bound to system:auth-delegator", async () => {
    const run = await runProgram(() => new VaultNamespaceAccess("mlops-dev-minio", args("minio", { tokenReviewer: VaultTokenReviewer.ClientServiceAccount })));
    const binding = single(run, TYPES.clusterRoleBinding);
    assert.deepEqual(binding.inputs.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" });
    assert.deepEqual(binding.inputs.subjects, [{ kind: "ServiceAccount", name: "external-secrets-reader", namespace: "minio" }]);
    assert.ok(single(run, TYPES.secretStore).dependencies.includes(binding.urn), "the store waits for the binding");
});

test("two namespaces: two roles, two entities, and each namespace's policies name only its own secrets", async () => {
    const run = await runProgram(() => {
        new VaultNamespaceAccess("mlops-dev-mlflow", args("mlflow")).grantRead(vaultSecret("mlflow", "db-password"), "mlflow-db-password");
        new VaultNamespaceAccess("mlops-dev-minio", args("minio")).grantRead(vaultSecret("minio", "root-password"), "minio-root-password");
    });
    const roles = ofType(run, TYPES.vaultRole).map((r) => [r.inputs.roleName, r.inputs.boundServiceAccountNamespaces]);
    assert.deepEqual(roles.sort(), [["eso-minio", ["minio"]], ["eso-mlflow", ["mlflow"]]]);
    const entities = new Map(ofType(run, TYPES.vaultEntity).map((e) => [entityId(e.inputs.name), e.inputs.name]));
    const paths = ofType(run, TYPES.vaultPolicy).map((p) => parseVaultPolicy(p.inputs.policy).paths.map((x) => x.path));
    const owners = ofType(run, TYPES.vaultEntityPolicies).map((a) => entities.get(a.inputs.entityId));
    assert.deepEqual(owners.sort(), ["eso-mlops-dev-minio", "eso-mlops-dev-mlflow"]);
    assert.deepEqual(paths.flat().sort(), ["secret/data/mlops-platform-dev/minio/root-password", "secret/data/mlops-platform-dev/mlflow/db-password"]);
});

test("grantVaultRead refuses a secret of another store and a policy path with a glob", async () => {
    const wrongCloud = await attemptProgram(() => { grantVaultRead("g", { entityId: "e", secret: awsSecret("mlflow", "db-password"), policyName: "p" }); });
    assert.match(String(wrongCloud.error), /grantVaultRead\.secret\.cloud/);
    assert.equal(wrongCloud.run.resources.length, 0);
    assert.throws(() => vaultReadPolicyDocument(["secret/data/mlops-platform-dev/*"]), /without '\*' or '\+'/);
    assert.throws(() => vaultReadPolicyDocument(["secret/data/+/mlflow/db-password"]), /without '\*' or '\+'/);
    assert.throws(() => vaultReadPolicyDocument(["secret/metadata/a"]), /data path/);
});

test("a role name with a glob is refused before anything is registered", async () => {
    const { error, run } = await attemptProgram(() => new VaultNamespaceAccess("mlops-dev-mlflow", args("mlflow", { roleName: "eso-*" })));
    assert.match(String(error), /Invalid argument "VaultNamespaceAccess\.roleName": got "eso-\*"/);
    assert.equal(run.resources.length, 0);
});

test("grantPath: one exact non-KV path (dynamic credentials) for the reader's entity; globs and sudo refused", async () => {
    const run = await runProgram(() => {
        new VaultNamespaceAccess("mlops-dev-mlflow", args("mlflow")).grantPath("database/creds/mlflow", "mlflow-db-creds");
    });
    const policy = single(run, TYPES.vaultPolicy);
    assert.equal(policy.inputs.name, "eso-mlops-dev-mlflow-mlflow-db-creds");
    assert.deepEqual(parseVaultPolicy(policy.inputs.policy), { paths: [{ path: "database/creds/mlflow", capabilities: ["read"] }] });
    assert.equal(single(run, TYPES.vaultEntityPolicies).inputs.exclusive, false);
    for (const [path, capabilities] of [["database/creds/*", ["read"]], ["database/+/mlflow", ["read"]], ["database/creds/mlflow", ["sudo"]], ["database/creds/mlflow", ["read", "delete"]]] as const) {
        const { error, run: refused } = await attemptProgram(() => {
            new VaultNamespaceAccess("mlops-dev-mlflow", args("mlflow")).grantPath(path, "creds", [...capabilities]);
        });
        assert.ok(error, `${path} ${capabilities.join(",")} is refused`);
        assert.equal(refused.resources.filter((r) => r.type === TYPES.vaultPolicy).length, 0);
    }
});
