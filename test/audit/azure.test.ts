import assert from "node:assert/strict";
import { test } from "node:test";
import { Vault } from "@pulumi/azure-native/keyvault";
import { AzureKeyVaultAudit } from "../../components/audit/azureKeyVaultAudit";
import { ProgramRun, runProgram } from "../harness";
import { expectInputError } from "../alerts/expectInputError";
import { loadedCloudSdks } from "./loadedSdks";

const SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
const VAULT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/mlops-platform/providers/Microsoft.KeyVault/vaults/mlops-platform-kv`;
const WORKSPACE_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/observability/providers/Microsoft.OperationalInsights/workspaces/platform-logs`;

const setting = (run: ProgramRun) => {
    const found = run.resources.filter((r) => r.type === "azure-native:monitor:DiagnosticSetting");
    assert.equal(found.length, 1);
    return found[0];
};

test("sends the vault's AuditEvent logs to the given workspace, into the resource-specific table", async () => {
    const run = await runProgram(() => new AzureKeyVaultAudit("mlops-secrets-audit", { keyVaultId: VAULT_ID, logAnalyticsWorkspaceId: WORKSPACE_ID }));
    const diagnostic = setting(run);
    assert.deepEqual(diagnostic.inputs, {
        name: "mlops-secrets-audit",
        resourceUri: VAULT_ID,
        workspaceId: WORKSPACE_ID,
        logs: [{ category: "AuditEvent", enabled: true }],
        logAnalyticsDestinationType: "Dedicated",
    });
    const component = run.resources.find((r) => r.type === "secrets:index:AzureKeyVaultAudit")!;
    assert.equal(diagnostic.parent, component.urn);
});

test("the vault id can come from the vault resource of the same program", async () => {
    const run = await runProgram(() => {
        const vault = new Vault("kv", {
            resourceGroupName: "mlops-platform",
            vaultName: "mlops-platform-kv",
            properties: { tenantId: "00000000-0000-4000-8000-000000000002", sku: { family: "A", name: "standard" }, enableRbacAuthorization: true },
        });
        return new AzureKeyVaultAudit("audit", { keyVaultId: vault.id, logAnalyticsWorkspaceId: WORKSPACE_ID });
    });
    const diagnostic = setting(run);
    assert.equal(diagnostic.inputs.resourceUri, VAULT_ID);
    const vault = run.resources.find((r) => r.type === "azure-native:keyvault:Vault")!;
    assert.ok(diagnostic.dependencies.includes(vault.urn), "the setting waits for the vault");
});

test("a missing or malformed workspace or vault id is refused before anything is created", async () => {
    await expectInputError(() => new AzureKeyVaultAudit("audit", { keyVaultId: VAULT_ID, logAnalyticsWorkspaceId: undefined as unknown as string }),
        "logAnalyticsWorkspaceId", /got nothing \(the argument is missing\)\. Pass the workspace's ARM resource id/);
    await expectInputError(() => new AzureKeyVaultAudit("audit", { keyVaultId: VAULT_ID, logAnalyticsWorkspaceId: "5e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b" }),
        "logAnalyticsWorkspaceId", /customer id/);
    await expectInputError(() => new AzureKeyVaultAudit("audit", { keyVaultId: VAULT_ID, logAnalyticsWorkspaceId: WORKSPACE_ID.replace("OperationalInsights", "Insights") }),
        "logAnalyticsWorkspaceId", /Microsoft\.OperationalInsights\/workspaces/);
    await expectInputError(() => new AzureKeyVaultAudit("audit", { keyVaultId: "https://mlops-platform-kv.vault.azure.net/", logAnalyticsWorkspaceId: WORKSPACE_ID }),
        "keyVaultId", /got "https:\/\/mlops-platform-kv\.vault\.azure\.net\/"\. Pass the vault's ARM resource id/);
    await expectInputError(() => new AzureKeyVaultAudit("secrets audit", { keyVaultId: VAULT_ID, logAnalyticsWorkspaceId: WORKSPACE_ID }), "name", /diagnostic setting's name/);
});

test("a program using the Azure audit loads neither the AWS nor the GCP SDK, nor the Azure root module", () => {
    assert.deepEqual(loadedCloudSdks(), { sdks: ["azure-native"], rootImports: [] });
});
