import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { Secret } from "@pulumi/azure-native/keyvault";
import { Provider } from "@pulumi/kubernetes/provider";
import { RandomPassword } from "@pulumi/random";
import { AzureNamespaceAccess, AzureNamespaceAccessArgs, grantAzureRead } from "../../components/access/azure";
import { SecretStoreScope } from "../../components/access";
import { CloudProvider } from "../../components/stores/storedSecret";
import { assertNoLeaks, runProgram } from "../harness";
import { AKS_ISSUER_URL, AZURE_SUBSCRIPTION, azureSecret, azureSecretId, ofType, single, TYPES, validateManifest, VAULT_URL } from "./fixtures";

const args = (namespace: string, extra: Partial<AzureNamespaceAccessArgs> = {}): AzureNamespaceAccessArgs => ({
    clusterName: "mlops-aks",
    namespace,
    resourceGroupName: "mlops-rg",
    oidcIssuerUrl: AKS_ISSUER_URL,
    vaultUrl: VAULT_URL,
    ...extra,
});

const KEY_VAULT_SECRETS_USER = `/subscriptions/${AZURE_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`;

test("the managed identity is federated with exactly system:serviceaccount:minio:external-secrets-reader", async () => {
    const run = await runProgram(() => new AzureNamespaceAccess("minio", args("minio")));
    const identity = single(run, TYPES.userAssignedIdentity);
    assert.equal(identity.inputs.resourceName, "eso-mlops-aks-minio");
    assert.equal(identity.inputs.resourceGroupName, "mlops-rg");
    const federation = single(run, TYPES.federatedIdentityCredential);
    assert.deepEqual(federation.inputs, {
        resourceGroupName: "mlops-rg",
        resourceName: "eso-mlops-aks-minio",
        federatedIdentityCredentialResourceName: "mlops-aks-minio-external-secrets-reader",
        issuer: AKS_ISSUER_URL,
        subject: "system:serviceaccount:minio:external-secrets-reader",
        audiences: ["api://AzureADTokenExchange"],
    });
});

test("the ServiceAccount carries the identity's client and tenant ids; the SecretStore uses workload identity (ESO v1 schema)", async () => {
    const run = await runProgram(() => new AzureNamespaceAccess("minio", args("minio")));
    const identity = single(run, TYPES.userAssignedIdentity);
    // The mock answers like Azure: a client id and tenant id for the new identity; the annotations must carry those.
    const { clientId, tenantId } = run.cloud.newResource({ type: identity.type, name: identity.name, inputs: identity.inputs, custom: true }).state;
    const sa = single(run, TYPES.serviceAccount);
    assert.deepEqual(sa.inputs.metadata.annotations, { "azure.workload.identity/client-id": clientId, "azure.workload.identity/tenant-id": tenantId });
    assert.equal(sa.inputs.metadata.namespace, "minio");
    await validateManifest(sa.inputs);

    const store = single(run, TYPES.secretStore);
    assert.equal(store.inputs.metadata.name, "azure-key-vault");
    assert.equal(store.inputs.metadata.namespace, "minio");
    // No spec.tenantId: ESO rejects it together with the tenant annotation.
    assert.deepEqual(store.inputs.spec, {
        provider: { azurekv: { authType: "WorkloadIdentity", vaultUrl: VAULT_URL, serviceAccountRef: { name: "external-secrets-reader" } } },
    });
    const federation = single(run, TYPES.federatedIdentityCredential);
    assert.ok(store.dependencies.includes(federation.urn), "the store waits for the federation (token exchange fails before it exists)");
    await validateManifest(store.inputs);
});

test("grantRead: Key Vault Secrets User, full role definition id of the vault's subscription, at the secret's scope", async () => {
    const run = await runProgram(() => {
        const access = new AzureNamespaceAccess("minio", args("minio"));
        access.grantRead(azureSecret("minio-root-password"), "minio-root-password");
    });
    const identity = single(run, TYPES.userAssignedIdentity);
    const { principalId } = run.cloud.newResource({ type: identity.type, name: identity.name, inputs: identity.inputs, custom: true }).state;
    const grant = single(run, TYPES.roleAssignment);
    assert.equal(grant.name, "minio-read-minio-root-password");
    assert.deepEqual(grant.inputs, {
        principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: KEY_VAULT_SECRETS_USER,
        scope: azureSecretId("minio-root-password"),
    });
});

test("ClusterSecretStore mode: serviceAccountRef names its namespace, conditions name the allowed namespaces", async () => {
    const run = await runProgram(() =>
        new AzureNamespaceAccess("shared", args("external-secrets", { storeScope: SecretStoreScope.Cluster, allowedNamespaces: ["argocd"] })),
    );
    const store = single(run, TYPES.clusterSecretStore);
    assert.deepEqual(store.inputs.spec, {
        provider: {
            azurekv: {
                authType: "WorkloadIdentity",
                vaultUrl: VAULT_URL,
                serviceAccountRef: { name: "external-secrets-reader", namespace: "external-secrets" },
            },
        },
        conditions: [{ namespaces: ["argocd"] }],
    });
    await validateManifest(store.inputs);
});

test("grantAzureRead gives an existing principal read on one secret", async () => {
    const run = await runProgram(() => {
        grantAzureRead("legacy", { principalId: "11111111-2222-4333-8444-555555555555", secret: azureSecret("grafana-admin-password") });
    });
    const grant = single(run, TYPES.roleAssignment);
    assert.equal(grant.inputs.principalId, "11111111-2222-4333-8444-555555555555");
    assert.equal(grant.inputs.scope, azureSecretId("grafana-admin-password"));
    assert.equal(grant.inputs.roleDefinitionId, KEY_VAULT_SECRETS_USER);
});

test("two clusters: one identity and one federation per cluster, both granted the same secret", async () => {
    const run = await runProgram(() => {
        const secret = azureSecret("mlflow-db-password");
        for (const cluster of ["aks-weu", "aks-neu"]) {
            const provider = new Provider(cluster, { kubeconfig: `{"cluster": "${cluster}"}` });
            new AzureNamespaceAccess(`${cluster}-mlflow`, args("mlflow", { clusterName: cluster, oidcIssuerUrl: `https://${cluster}.oic.example/` }), { provider }).grantRead(
                secret,
                "mlflow-db-password",
            );
        }
    });
    assert.deepEqual(ofType(run, TYPES.federatedIdentityCredential).map((f) => f.inputs.issuer).sort(), ["https://aks-neu.oic.example/", "https://aks-weu.oic.example/"]);
    const grants = ofType(run, TYPES.roleAssignment);
    assert.equal(new Set(grants.map((g) => g.inputs.principalId)).size, 2);
    assert.ok(grants.every((g) => g.inputs.scope === azureSecretId("mlflow-db-password")));
    const providerOf = (r: { provider?: string }) => r.provider?.split("::")[3];
    assert.deepEqual(ofType(run, TYPES.secretStore).map(providerOf).sort(), ["aks-neu", "aks-weu"]);
});

test("leak scan: a generated password stored in Key Vault and granted through the access component appears nowhere in plain text", async () => {
    const run = await runProgram(() => {
        const password = new RandomPassword("minio-root-password", { length: 32, special: false });
        const secret = new Secret("minio-root-password", {
            resourceGroupName: "mlops-rg",
            vaultName: "mlops-kv",
            secretName: "minio-root-password",
            properties: { value: password.result },
        });
        new AzureNamespaceAccess("minio", args("minio")).grantRead(
            {
                cloud: CloudProvider.Azure,
                remoteKey: secret.name,
                grantScope: secret.id,
                location: pulumi.interpolate`keyvault:${secret.name}`,
                writtenBy: [secret],
                vaultUrl: pulumi.output(VAULT_URL),
            },
            "minio-root-password",
        );
    });
    assertNoLeaks(run);
    assert.equal(single(run, TYPES.roleAssignment).inputs.scope, azureSecretId("minio-root-password"));
});
