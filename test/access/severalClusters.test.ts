import { test } from "node:test";
import assert from "node:assert/strict";
import * as k8s from "@pulumi/kubernetes";
import { CloudProvider, MinioRootSecret } from "../../components";
import { assertNoLeaks, attemptProgram, runProgram } from "../harness";

const azureCluster = (clusterName: string) => ({
    clusterName,
    azure: { resourceGroupName: "mlops-rg", oidcIssuerUrl: `https://westeurope.oic.prod-aks.azure.com/tenant/${clusterName}/` },
});

test("one stored secret synced into two clusters: one cloud value, one identity and one ExternalSecret per cluster", async () => {
    const run = await runProgram(() => {
        const blue = new k8s.Provider("blue", { kubeconfig: "blue-kubeconfig" });
        const green = new k8s.Provider("green", { kubeconfig: "green-kubeconfig" });
        const minio = new MinioRootSecret("minio-root", {
            cloud: CloudProvider.Azure,
            azure: { vaultName: "mlops-kv", resourceGroupName: "mlops-rg" },
            cluster: azureCluster("blue"),
        }, { provider: blue });
        minio.syncToCluster(azureCluster("green"), green, "green-admin");
    });
    const ofType = (type: string) => run.resources.filter((r) => r.type === type);
    assert.equal(ofType("azure-native:keyvault:Secret").length, 1, "the value is stored once");
    const identities = ofType("azure-native:managedidentity:UserAssignedIdentity");
    assert.deepEqual(identities.map((r) => r.inputs.resourceName).sort(), ["eso-blue-minio", "eso-green-minio"]);
    const credentials = ofType("azure-native:managedidentity:FederatedIdentityCredential");
    assert.deepEqual(credentials.map((r) => r.inputs.issuer).sort(), [azureCluster("blue").azure.oidcIssuerUrl, azureCluster("green").azure.oidcIssuerUrl].sort());

    // Each cluster's ExternalSecret goes to that cluster's API server, and each identity is granted the value exactly.
    // (A provider reference is "<provider urn>::<provider id>".)
    const providerUrn = (name: string) => run.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === name)!.urn;
    const externalSecret = (name: string) => ofType("kubernetes:external-secrets.io/v1:ExternalSecret").find((r) => r.name === name)!;
    assert.ok(externalSecret("minio-root").provider?.startsWith(`${providerUrn("blue")}::`));
    assert.ok(externalSecret("minio-root-green").provider?.startsWith(`${providerUrn("green")}::`));
    const grants = ofType("azure-native:authorization:RoleAssignment");
    assert.equal(grants.length, 2);
    for (const grant of grants) {
        assert.match(grant.inputs.scope, /\/vaults\/mlops-kv\/secrets\/minio-root-password$/);
    }
    // The restart step runs in each cluster, the second one with its own kube context.
    const restarts = ofType("command:local:Command").filter((r) => r.name.endsWith("-restart"));
    assert.deepEqual(restarts.map((r) => [r.name, r.inputs.environment.MLOPS_KUBE_CONTEXT]).sort(),
        [["minio-root-green-restart", "green-admin"], ["minio-root-restart", undefined]]);
    assertNoLeaks(run);
});

test("syncing into the same cluster twice is refused", async () => {
    const { error } = await attemptProgram(() => {
        const minio = new MinioRootSecret("minio-root", {
            cloud: CloudProvider.Azure,
            azure: { vaultName: "mlops-kv", resourceGroupName: "mlops-rg" },
            cluster: azureCluster("blue"),
        });
        minio.syncToCluster(azureCluster("blue"), new k8s.Provider("again", {}));
    });
    assert.match((error as Error | undefined)?.message ?? "", /already synced into that cluster/);
});
