import { test } from "node:test";
import assert from "node:assert/strict";
import { SecretStoreScope } from "../../components/access";
import { AwsIdentityMode, AwsNamespaceAccess, AwsNamespaceAccessArgs } from "../../components/access/aws";
import { AzureNamespaceAccess, AzureNamespaceAccessArgs, grantAzureRead } from "../../components/access/azure";
import { GcpIdentityMode, GcpNamespaceAccess, GcpNamespaceAccessArgs, grantGcpRead } from "../../components/access/gcp";
import { EsoInstall } from "../../components/eso";
import { SecretsInputError } from "../../components/validation/inputError";
import { attemptProgram, runProgram } from "../harness";
import { AKS_ISSUER_URL, azureSecret, GCP_PROJECT, gcpSecret, OIDC_ISSUER_URL, OIDC_PROVIDER_ARN, REGION, VAULT_URL } from "./fixtures";

const aws: AwsNamespaceAccessArgs = { clusterName: "mlops-dev", namespace: "mlflow", region: REGION, oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuerUrl: OIDC_ISSUER_URL };
const azure: AzureNamespaceAccessArgs = { clusterName: "mlops-aks", namespace: "minio", resourceGroupName: "mlops-rg", oidcIssuerUrl: AKS_ISSUER_URL, vaultUrl: VAULT_URL };
const gcp: GcpNamespaceAccessArgs = { clusterName: "mlops-gke", namespace: "argocd", clusterProject: GCP_PROJECT };
const cluster = { storeScope: SecretStoreScope.Cluster };
const podIdentity = { ...aws, oidcProviderArn: undefined, oidcIssuerUrl: undefined, identityMode: AwsIdentityMode.PodIdentity, namespace: "external-secrets" };

// [what is wrong, program, argument the error must name, value it must show]
const cases: [string, () => unknown, string, string][] = [
    ["AWS: no OIDC provider ARN", () => new AwsNamespaceAccess("a", { ...aws, oidcProviderArn: undefined }), "AwsNamespaceAccess.oidcProviderArn", "nothing (the argument is missing)"],
    ["AWS: no issuer", () => new AwsNamespaceAccess("a", { ...aws, oidcIssuerUrl: undefined }), "AwsNamespaceAccess.oidcIssuerUrl", "nothing"],
    ["AWS: issuer over http", () => new AwsNamespaceAccess("a", { ...aws, oidcIssuerUrl: OIDC_ISSUER_URL.replace("https", "http") }), "AwsNamespaceAccess.oidcIssuerUrl", '"http://oidc'],
    ["AWS: issuer without scheme", () => new AwsNamespaceAccess("a", { ...aws, oidcIssuerUrl: OIDC_ISSUER_URL.replace("https://", "") }), "AwsNamespaceAccess.oidcIssuerUrl", '"oidc.eks'],
    ["AWS: a role ARN instead of the OIDC provider", () => new AwsNamespaceAccess("a", { ...aws, oidcProviderArn: "arn:aws:iam::123456789012:role/eks" }), "AwsNamespaceAccess.oidcProviderArn", '"arn:aws:iam::123456789012:role/eks"'],
    ["AWS: provider of another cluster", () => new AwsNamespaceAccess("a", { ...aws, oidcProviderArn: OIDC_PROVIDER_ARN.replace(/id\/.*/, "id/OTHER") }), "AwsNamespaceAccess.oidcProviderArn", "id/OTHER"],
    ["AWS: bad region", () => new AwsNamespaceAccess("a", { ...aws, region: "useast1" }), "AwsNamespaceAccess.region", '"useast1"'],
    ["AWS: Pod Identity with a namespaced store", () => new AwsNamespaceAccess("a", podIdentity), "AwsNamespaceAccess.identityMode", '"PodIdentity"'],
    ["AWS: Pod Identity given an OIDC provider", () => new AwsNamespaceAccess("a", { ...podIdentity, ...cluster, allowedNamespaces: ["mlflow"], oidcProviderArn: OIDC_PROVIDER_ARN }), "AwsNamespaceAccess.oidcProviderArn", "oidc-provider"],
    ["namespace with capitals", () => new AwsNamespaceAccess("a", { ...aws, namespace: "MLflow" }), "AwsNamespaceAccess.namespace", '"MLflow"'],
    ["namespace of 64 characters", () => new AzureNamespaceAccess("a", { ...azure, namespace: "n".repeat(64) }), "AzureNamespaceAccess.namespace", "n".repeat(64)],
    ["ServiceAccount with an underscore", () => new GcpNamespaceAccess("a", { ...gcp, serviceAccountName: "eso_reader" }), "GcpNamespaceAccess.serviceAccountName", '"eso_reader"'],
    ["store name with a space", () => new AwsNamespaceAccess("a", { ...aws, storeName: "my store" }), "AwsNamespaceAccess.storeName", '"my store"'],
    ["empty cluster name", () => new GcpNamespaceAccess("a", { ...gcp, clusterName: "" }), "GcpNamespaceAccess.clusterName", '""'],
    ["ClusterSecretStore without namespaces", () => new AwsNamespaceAccess("a", { ...aws, ...cluster }), "AwsNamespaceAccess.allowedNamespaces", "nothing"],
    ["ClusterSecretStore with an empty list", () => new AzureNamespaceAccess("a", { ...azure, ...cluster, allowedNamespaces: [] }), "AzureNamespaceAccess.allowedNamespaces", "[]"],
    ["ClusterSecretStore with a bad namespace", () => new GcpNamespaceAccess("a", { ...gcp, ...cluster, allowedNamespaces: ["mlflow", "Argo CD"] }), "GcpNamespaceAccess.allowedNamespaces[1]", '"Argo CD"'],
    ["ClusterSecretStore with a repeated namespace", () => new GcpNamespaceAccess("a", { ...gcp, ...cluster, allowedNamespaces: ["mlflow", "mlflow"] }), "GcpNamespaceAccess.allowedNamespaces", '"mlflow"'],
    ["allowedNamespaces on a namespaced store", () => new AwsNamespaceAccess("a", { ...aws, allowedNamespaces: ["minio"] }), "AwsNamespaceAccess.allowedNamespaces", '["minio"]'],
    ["Azure: issuer over http", () => new AzureNamespaceAccess("a", { ...azure, oidcIssuerUrl: "http://issuer.example/" }), "AzureNamespaceAccess.oidcIssuerUrl", '"http://issuer.example/"'],
    ["Azure: no issuer", () => new AzureNamespaceAccess("a", { ...azure, oidcIssuerUrl: undefined as unknown as string }), "AzureNamespaceAccess.oidcIssuerUrl", "nothing"],
    ["Azure: vault name instead of URL", () => new AzureNamespaceAccess("a", { ...azure, vaultUrl: "mlops-kv" }), "AzureNamespaceAccess.vaultUrl", '"mlops-kv"'],
    ["Azure: principal id that is not a GUID", () => grantAzureRead("g", { principalId: "eso-reader", secret: azureSecret("x") }), "grantAzureRead.principalId", '"eso-reader"'],
    ["GCP: project name instead of id", () => new GcpNamespaceAccess("a", { ...gcp, clusterProject: "MLOps Platform" }), "GcpNamespaceAccess.clusterProject", '"MLOps Platform"'],
    ["GCP: direct principal without the project number", () => new GcpNamespaceAccess("a", { ...gcp, identityMode: GcpIdentityMode.DirectPrincipal }), "GcpNamespaceAccess.clusterProjectNumber", "nothing"],
    ["GCP: project number without the direct principal form", () => new GcpNamespaceAccess("a", { ...gcp, clusterProjectNumber: "123456789012" }), "GcpNamespaceAccess.clusterProjectNumber", '"123456789012"'],
    ["GCP: public member", () => grantGcpRead("g", { member: "allUsers", secret: gcpSecret("x") }), "grantGcpRead.member", '"allUsers"'],
    ["ESO: unpinned chart", () => new EsoInstall("eso", { chartVersion: "latest" }), "EsoInstall.chartVersion", '"latest"'],
    ["ESO: chart before external-secrets.io/v1", () => new EsoInstall("eso", { chartVersion: "0.15.1" }), "EsoInstall.chartVersion", '"0.15.1"'],
    ["ESO: bad namespace", () => new EsoInstall("eso", { namespace: "External-Secrets" }), "EsoInstall.namespace", '"External-Secrets"'],
];

for (const [what, program, argument, shown] of cases) {
    test(`refused before any resource exists: ${what}`, async () => {
        const { error, run } = await attemptProgram(program);
        assert.ok(error instanceof SecretsInputError, `expected a SecretsInputError, got ${String(error)}`);
        assert.equal(error.argument, argument);
        assert.ok(error.message.includes(shown), `the message shows the bad value: ${error.message}`);
        assert.ok(error.fix.length > 20, "the message says how to fix it");
        assert.deepEqual(run.resources.map((r) => r.urn), []);
    });
}

test("a bad grant name is refused and registers no grant", async () => {
    let error: unknown;
    const run = await runProgram(() => {
        const access = new GcpNamespaceAccess("argocd", gcp);
        try {
            access.grantRead(gcpSecret("argocd-admin-password"), "Argo CD admin");
        } catch (e) {
            error = e;
        }
    });
    assert.ok(error instanceof SecretsInputError && error.argument === "grantRead name", String(error));
    assert.equal(run.resources.filter((r) => r.type.includes("IamMember")).length, 0);
});
