import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CloudProvider, MinioRootSecret } from "../../components";
import { grantAwsRead } from "../../components/access/aws";
import { platformSecretOf } from "../../components/secrets/exposedOutputs";
import { IDENTITY_DOC, withTables } from "../../scripts/identityTable";
import * as vault from "@pulumi/vault";
import { stableGuid } from "../harness/fakeIds";
import { ACCOUNT_ADMIN, identityTables, Matrix, platformProgram, Reader, readersOf, SCENARIOS, vaultPathMatches, whoCanRead } from "./whoCanRead";

// The intended "who can read what", written out by hand (not derived from the components): the matrix the graph
// analysis finds must equal it exactly, in every identity mode and store scope.

const OWN: Record<string, string> = { mlflow: "mlflow-db-password", minio: "minio-root-password", argocd: "argocd-admin-password-bcrypt", monitoring: "grafana-admin-password" };
// Argo CD's plaintext password is stored for operators but never granted: ESO syncs only its bcrypt hash.
const SYNCED = Object.values(OWN);

/** Readers -> the values (by their store-independent name, e.g. `mlflow-db-password`) each may read. */
type Intended = Record<string, string[]>;

const perNamespace = (extra: Intended = {}): Intended => ({
    ...Object.fromEntries(Object.entries(OWN).map(([ns, value]) => [ns, [value]])),
    ...extra,
});
const shared = (extra: Intended = {}): Intended => ({ ...Object.fromEntries(Object.keys(OWN).map((ns) => [ns, SYNCED])), ...extra });

// Parameter Store has no resource policy: a role of the account allowed `*` reads every value, the plaintext of Argo CD
// included. A Secrets Manager secret's resource policy denies it.
const ALL_VALUES = [...SYNCED, "argocd-admin-password"];
const accountAdmin = { [ACCOUNT_ADMIN.label]: ALL_VALUES };

const INTENDED: Record<string, Intended> = {
    "AWS IRSA, SecretStore per namespace": perNamespace(accountAdmin),
    "AWS IRSA, ClusterSecretStore": shared(accountAdmin),
    // EKS Pod Identity does not isolate (documented, and refused with per-namespace stores): any namespace's auth-less
    // SecretStore acts as the controller's role.
    "AWS EKS Pod Identity, ClusterSecretStore": shared({ "tenant (no secrets)": SYNCED, ...accountAdmin }),
    "AWS Secrets Manager, IRSA, SecretStore per namespace": perNamespace(),
    "AWS Secrets Manager, EKS Pod Identity, ClusterSecretStore": shared({ "tenant (no secrets)": SYNCED }),
    "Azure Workload Identity, SecretStore per namespace": perNamespace(),
    "Azure Workload Identity, ClusterSecretStore": shared(),
    // GKE's pool is the project's: the same namespace in another cluster of the project is the same principal.
    "GCP Workload Identity, SecretStore per namespace": perNamespace({ "mlflow, another cluster": [OWN.mlflow] }),
    "GCP Workload Identity (direct principal), SecretStore per namespace": perNamespace({ "mlflow, another cluster": [OWN.mlflow] }),
    "GCP Workload Identity, ClusterSecretStore": shared({ "external-secrets, another cluster": SYNCED }),
    // Each cluster has its own Kubernetes auth mount (its API server reviews the tokens): another cluster reaches nothing.
    "Vault Kubernetes auth, SecretStore per namespace": perNamespace(),
    "Vault Kubernetes auth, ClusterSecretStore": shared(),
};

/**
 * A matrix keyed by store names (`/mlops-platform-dev/mlflow/db-password`, `mlops-platform-dev/mlflow/db-password`,
 * `mlflow-db-password`) as reader -> short value names.
 */
function byReader(matrix: Matrix, readers: Reader[]): Intended {
    const short = (stored: string) => stored.replace(/^\/?mlops-platform-dev\//, "").replace(/\//g, "-");
    const result: Intended = {};
    for (const reader of readers) {
        const values = Object.entries(matrix).filter(([, readers]) => readers.includes(reader.label)).map(([v]) => short(v)).sort();
        if (values.length > 0) {
            result[reader.label] = values;
        }
    }
    return result;
}

const sorted = (intended: Intended) => Object.fromEntries(Object.entries(intended).map(([k, v]) => [k, [...v].sort()]));

test("every scenario has an intended matrix", () => {
    assert.deepEqual(SCENARIOS.map((s) => s.label).sort(), Object.keys(INTENDED).sort());
});

for (const scenario of SCENARIOS) {
    test(`who can read what, ${scenario.label}: exactly the intended matrix`, async () => {
        const matrix = await whoCanRead(scenario);
        assert.equal(Object.keys(matrix).length, 5, "four consumers' values and Argo CD's hash are all stored");
        assert.deepEqual(byReader(matrix, readersOf(scenario)), sorted(INTENDED[scenario.label]));
    });
}

test("the analysis sees a grant wider than intended (it can fail): the mlflow role also granted MinIO's root password", async () => {
    const scenario = SCENARIOS.find((s) => s.cloud === CloudProvider.Aws)!;
    const matrix = await whoCanRead(scenario, () => {
        platformProgram(scenario)();
        const minio = new MinioRootSecret("minio-root-2", { ...scenario.store, aws: { region: "us-east-1", parameterPrefix: "/other" }, namespace: "minio-2" });
        grantAwsRead("extra", { roleName: "eso-mlops-dev-mlflow", secret: platformSecretOf(minio).storedSecrets()[0] });
    });
    assert.deepEqual(matrix["/other/minio/root-password"], [ACCOUNT_ADMIN.label, "mlflow"]);
});

test("Secrets Manager: the analysis sees both halves (it can fail): a grant to another secret reads it only once the secret's policy names the role", async () => {
    const scenario = SCENARIOS.find((s) => s.label === "AWS Secrets Manager, IRSA, SecretStore per namespace")!;
    const matrix = await whoCanRead(scenario, () => {
        platformProgram(scenario)();
        const minio = new MinioRootSecret("minio-root-2", { ...scenario.store, aws: { region: "us-east-1", service: scenario.store.aws!.service, secretNamePrefix: "other" }, namespace: "minio-2" });
        grantAwsRead("extra", { roleName: "eso-mlops-dev-mlflow", roleArn: "arn:aws:iam::123456789012:role/eso-mlops-dev-mlflow", secret: platformSecretOf(minio).storedSecrets()[0] });
    });
    assert.deepEqual(matrix["other/minio/root-password"], ["mlflow"]);
    // The identity grant alone, without the resource policy naming the role (as a grant made in another stack would be):
    // the policy's Deny wins.
    const withoutPolicyEntry = await whoCanRead(scenario, () => {
        platformProgram(scenario)();
        const minio = new MinioRootSecret("minio-root-2", { ...scenario.store, aws: { region: "us-east-1", service: scenario.store.aws!.service, secretNamePrefix: "other" }, namespace: "minio-2" });
        const stored = platformSecretOf(minio).storedSecrets()[0];
        grantAwsRead("extra", { roleName: "eso-mlops-dev-mlflow", roleArn: "arn:aws:iam::123456789012:role/eso-mlops-dev-mlflow",
            secret: { ...stored, resourcePolicy: { allow: () => undefined } } });
    });
    assert.deepEqual(withoutPolicyEntry["other/minio/root-password"], []);
});

test("Vault: the analysis sees a glob policy attached to the mlflow entity (it can fail)", async () => {
    const scenario = SCENARIOS.find((s) => s.cloud === CloudProvider.Vault && !s.cluster.storeScope)!;
    const matrix = await whoCanRead(scenario, () => {
        platformProgram(scenario)();
        const wide = new vault.Policy("wide", { name: "wide", policy: 'path "secret/data/mlops-platform-dev/+/*" { capabilities = ["read"] }' });
        new vault.identity.EntityPolicies("wide", { entityId: stableGuid("vault-entity:eso-mlops-dev-mlflow"), policies: [wide.name], exclusive: false });
    });
    assert.deepEqual(byReader(matrix, readersOf(scenario)).mlflow, [...SYNCED, "argocd-admin-password"].sort(), "the glob reaches every value, Argo CD's plaintext too");
});

test("Vault path matching follows Vault's rules", () => {
    assert.ok(vaultPathMatches("secret/data/a/b", "secret/data/a/b"));
    assert.ok(!vaultPathMatches("secret/data/a/b", "secret/data/a/bc"));
    assert.ok(vaultPathMatches("secret/data/a*", "secret/data/ab/c"));
    assert.ok(vaultPathMatches("secret/data/+/b", "secret/data/x/b"));
    assert.ok(!vaultPathMatches("secret/data/+/b", "secret/data/x/y/b"));
    assert.ok(vaultPathMatches("secret/+/x/*", "secret/data/x/y/z"));
    assert.ok(!vaultPathMatches("secret/data/c++/b", "secret/data/cx/b"));
});

test("docs/identity.md holds the generated who-can-read-what tables (run `npm run docs:identity` after a change)", async () => {
    const doc = readFileSync(IDENTITY_DOC, "utf8");
    assert.equal(doc, withTables(doc, await identityTables()), "docs/identity.md is stale: run npm run docs:identity");
});
