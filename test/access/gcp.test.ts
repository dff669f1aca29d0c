import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Secret, SecretVersion } from "@pulumi/gcp/secretmanager";
import { Provider } from "@pulumi/kubernetes/provider";
import { RandomPassword } from "@pulumi/random";
import { GcpIdentityMode, GcpNamespaceAccess, GcpNamespaceAccessArgs, grantGcpRead } from "../../components/access/gcp";
import { SecretStoreScope } from "../../components/access";
import { CloudProvider } from "../../components/stores/storedSecret";
import { assertNoLeaks, runProgram } from "../harness";
import { GCP_PROJECT, GCP_PROJECT_NUMBER, gcpSecret, gcpSecretId, ofType, single, TYPES, validateManifest } from "./fixtures";

const args = (namespace: string, extra: Partial<GcpNamespaceAccessArgs> = {}): GcpNamespaceAccessArgs => ({
    clusterName: "mlops-gke",
    namespace,
    clusterProject: GCP_PROJECT,
    ...extra,
});

const GSA_EMAIL = `eso-mlops-gke-argocd@${GCP_PROJECT}.iam.gserviceaccount.com`;

test("Google service account mode: only argocd/external-secrets-reader may act as the account", async () => {
    const run = await runProgram(() => new GcpNamespaceAccess("argocd", args("argocd")));
    const account = single(run, TYPES.googleServiceAccount);
    assert.equal(account.inputs.accountId, "eso-mlops-gke-argocd");
    assert.equal(account.inputs.project, GCP_PROJECT);
    const binding = single(run, TYPES.serviceAccountIamMember);
    assert.deepEqual(binding.inputs, {
        serviceAccountId: `projects/${GCP_PROJECT}/serviceAccounts/${GSA_EMAIL}`,
        role: "roles/iam.workloadIdentityUser",
        member: `serviceAccount:${GCP_PROJECT}.svc.id.goog[argocd/external-secrets-reader]`,
    });
    const sa = single(run, TYPES.serviceAccount);
    assert.deepEqual(sa.inputs.metadata.annotations, { "iam.gke.io/gcp-service-account": GSA_EMAIL });
    await validateManifest(sa.inputs);
});

test("the SecretStore authenticates with workload identity as the ServiceAccount (ESO v1 schema)", async () => {
    const run = await runProgram(() => new GcpNamespaceAccess("argocd", args("argocd")));
    const store = single(run, TYPES.secretStore);
    assert.equal(store.inputs.metadata.name, "gcp-secret-manager");
    assert.equal(store.inputs.metadata.namespace, "argocd");
    assert.deepEqual(store.inputs.spec, {
        provider: { gcpsm: { projectID: GCP_PROJECT, auth: { workloadIdentity: { serviceAccountRef: { name: "external-secrets-reader" } } } } },
    });
    assert.ok(store.dependencies.includes(single(run, TYPES.serviceAccountIamMember).urn), "the store waits for the workload identity binding");
    await validateManifest(store.inputs);
});

test("clusterLocation names the cluster in the store, for ESO outside the GKE metadata server's reach", async () => {
    const run = await runProgram(() => new GcpNamespaceAccess("argocd", args("argocd", { clusterLocation: "europe-west1", secretsProject: "mlops-secrets-prod" })));
    assert.deepEqual(single(run, TYPES.secretStore).inputs.spec.provider.gcpsm, {
        projectID: "mlops-secrets-prod",
        auth: {
            workloadIdentity: {
                serviceAccountRef: { name: "external-secrets-reader" },
                clusterLocation: "europe-west1",
                clusterName: "mlops-gke",
                clusterProjectID: GCP_PROJECT,
            },
        },
    });
});

test("grantRead: roles/secretmanager.secretAccessor on the one secret for the Google service account", async () => {
    const run = await runProgram(() => {
        new GcpNamespaceAccess("argocd", args("argocd")).grantRead(gcpSecret("argocd-admin-password"), "argocd-admin-password");
    });
    const grant = single(run, TYPES.secretIamMember);
    assert.equal(grant.name, "argocd-read-argocd-admin-password");
    assert.deepEqual(grant.inputs, {
        secretId: gcpSecretId("argocd-admin-password"),
        role: "roles/secretmanager.secretAccessor",
        member: `serviceAccount:${GSA_EMAIL}`,
    });
});

test("direct principal mode: no Google service account, no annotation, grants name the workload identity principal", async () => {
    const run = await runProgram(() => {
        const access = new GcpNamespaceAccess(
            "argocd",
            args("argocd", { identityMode: GcpIdentityMode.DirectPrincipal, clusterProjectNumber: GCP_PROJECT_NUMBER }),
        );
        access.grantRead(gcpSecret("argocd-admin-password"), "argocd-admin-password");
    });
    assert.equal(ofType(run, TYPES.googleServiceAccount).length, 0);
    assert.equal(ofType(run, TYPES.serviceAccountIamMember).length, 0);
    assert.deepEqual(single(run, TYPES.serviceAccount).inputs.metadata.annotations, {});
    assert.equal(
        single(run, TYPES.secretIamMember).inputs.member,
        `principal://iam.googleapis.com/projects/${GCP_PROJECT_NUMBER}/locations/global/workloadIdentityPools/${GCP_PROJECT}.svc.id.goog/subject/ns/argocd/sa/external-secrets-reader`,
    );
    await validateManifest(single(run, TYPES.secretStore).inputs);
});

test("ClusterSecretStore mode: serviceAccountRef names its namespace, conditions name the allowed namespaces", async () => {
    const run = await runProgram(() =>
        new GcpNamespaceAccess("shared", args("external-secrets", { storeScope: SecretStoreScope.Cluster, allowedNamespaces: ["monitoring", "argocd"] })),
    );
    const store = single(run, TYPES.clusterSecretStore);
    assert.deepEqual(store.inputs.spec.provider.gcpsm.auth.workloadIdentity.serviceAccountRef, { name: "external-secrets-reader", namespace: "external-secrets" });
    assert.deepEqual(store.inputs.spec.conditions, [{ namespaces: ["monitoring", "argocd"] }]);
    await validateManifest(store.inputs);
});

test("grantGcpRead gives an existing member read on one secret", async () => {
    const run = await runProgram(() => {
        grantGcpRead("legacy", { member: "serviceAccount:app@other-project.iam.gserviceaccount.com", secret: gcpSecret("minio-root-password") });
    });
    assert.deepEqual(single(run, TYPES.secretIamMember).inputs, {
        secretId: gcpSecretId("minio-root-password"),
        role: "roles/secretmanager.secretAccessor",
        member: "serviceAccount:app@other-project.iam.gserviceaccount.com",
    });
});

test("two clusters: one Google service account per cluster, both granted the same secret", async () => {
    const run = await runProgram(() => {
        const secret = gcpSecret("grafana-admin-password");
        for (const cluster of ["gke-eu", "gke-us"]) {
            const provider = new Provider(cluster, { kubeconfig: `{"cluster": "${cluster}"}` });
            new GcpNamespaceAccess(`${cluster}-monitoring`, args("monitoring", { clusterName: cluster }), { provider }).grantRead(secret, "grafana-admin-password");
        }
    });
    assert.deepEqual(ofType(run, TYPES.googleServiceAccount).map((a) => a.inputs.accountId).sort(), ["eso-gke-eu-monitoring", "eso-gke-us-monitoring"]);
    assert.deepEqual(
        ofType(run, TYPES.secretIamMember).map((g) => g.inputs.member).sort(),
        [`serviceAccount:eso-gke-eu-monitoring@${GCP_PROJECT}.iam.gserviceaccount.com`, `serviceAccount:eso-gke-us-monitoring@${GCP_PROJECT}.iam.gserviceaccount.com`],
    );
    const providerOf = (r: { provider?: string }) => r.provider?.split("::")[3];
    assert.deepEqual(ofType(run, TYPES.serviceAccount).map(providerOf).sort(), ["gke-eu", "gke-us"]);
});

test("a long cluster name still gives a valid, distinct 30-character account id per namespace", async () => {
    const run = await runProgram(() => {
        for (const ns of ["monitoring", "mlflow"]) {
            new GcpNamespaceAccess(`long-${ns}`, args(ns, { clusterName: "mlops-platform-production-europe-west" }));
        }
    });
    const ids = ofType(run, TYPES.googleServiceAccount).map((a) => a.inputs.accountId as string);
    assert.equal(new Set(ids).size, 2);
    for (const id of ids) {
        assert.match(id, /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/);
    }
});

test("leak scan: a generated password stored in Secret Manager and granted through the access component appears nowhere in plain text", async () => {
    const run = await runProgram(() => {
        const password = new RandomPassword("grafana-admin-password", { length: 32, special: false });
        const secret = new Secret("grafana-admin-password", { secretId: "grafana-admin-password", project: GCP_PROJECT, replication: { auto: {} } });
        const version = new SecretVersion("grafana-admin-password", { secret: secret.id, secretData: password.result });
        new GcpNamespaceAccess("monitoring", args("monitoring")).grantRead(
            {
                cloud: CloudProvider.Gcp,
                remoteKey: secret.secretId,
                grantScope: secret.id,
                location: pulumi.interpolate`secretmanager:${secret.id}`,
                writtenBy: [version],
                project: pulumi.output(GCP_PROJECT),
            },
            "grafana-admin-password",
        );
    });
    assertNoLeaks(run);
    assert.equal(single(run, TYPES.secretIamMember).inputs.secretId, gcpSecretId("grafana-admin-password"));
});
