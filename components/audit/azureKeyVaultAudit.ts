import * as pulumi from "@pulumi/pulumi";
import { DiagnosticSetting } from "@pulumi/azure-native/monitor";
import { SecretsInputError } from "../validation/inputError";
import { checkedInput } from "./checkedInput";
import { componentType, withPreviousType } from "../naming/componentType";

export interface AzureKeyVaultAuditArgs {
    /**
     * ARM resource id of the Key Vault whose secret reads are logged:
     * `/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault>`.
     */
    readonly keyVaultId: pulumi.Input<string>;
    /**
     * ARM resource id of the Log Analytics workspace that receives the audit events:
     * `/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name>`.
     */
    readonly logAnalyticsWorkspaceId: pulumi.Input<string>;
}

const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const RESOURCE_GROUP = "[-\\w._()]{1,90}";
const VAULT_ID = new RegExp(`^/subscriptions/${GUID}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft\\.KeyVault/vaults/[a-zA-Z0-9-]{3,24}$`, "i");
const WORKSPACE_ID = new RegExp(
    `^/subscriptions/${GUID}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft\\.OperationalInsights/workspaces/[a-zA-Z0-9][a-zA-Z0-9-]{2,61}[a-zA-Z0-9]$`, "i");
const SETTING_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,79}$/;

function requireVaultId(value: string): string {
    if (typeof value !== "string" || !VAULT_ID.test(value)) {
        throw new SecretsInputError("keyVaultId", value,
            "Pass the vault's ARM resource id, /subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults/<vault name> " +
            "(`az keyvault show -n <vault> --query id`).");
    }
    return value;
}

function requireWorkspaceId(value: string): string {
    if (typeof value !== "string" || !WORKSPACE_ID.test(value)) {
        const guidHint = typeof value === "string" && new RegExp(`^${GUID}$`).test(value)
            ? " That looks like the workspace's customer id (the \"Workspace ID\" in the portal); a diagnostic setting needs the ARM resource id."
            : "";
        throw new SecretsInputError("logAnalyticsWorkspaceId", value,
            "Pass the workspace's ARM resource id, /subscriptions/<subscription id>/resourceGroups/<group>/providers/Microsoft.OperationalInsights/workspaces/<name> " +
            `(\`az monitor log-analytics workspace show -g <group> -n <name> --query id\`).${guidHint}`);
    }
    return value;
}

/**
 * Audit logging of Key Vault secret reads: a diagnostic setting that sends the vault's `AuditEvent` category (every
 * SecretGet, SecretSet, ..., with caller identity and IP) to a Log Analytics workspace, into the resource-specific
 * table `AZKVAuditLogs`. The setting is named after the component.
 */
export class AzureKeyVaultAudit extends pulumi.ComponentResource {
    /** ARM id of the diagnostic setting. */
    readonly diagnosticSettingId: pulumi.Output<string>;

    constructor(name: string, args: AzureKeyVaultAuditArgs, opts?: pulumi.ComponentResourceOptions) {
        if (!SETTING_NAME.test(name)) {
            throw new SecretsInputError("name", name,
                "The component name is the diagnostic setting's name: use at most 80 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        const keyVaultId = checkedInput(args.keyVaultId, requireVaultId);
        const workspaceId = checkedInput(args.logAnalyticsWorkspaceId, requireWorkspaceId);
        super(componentType("AzureKeyVaultAudit"), name, {}, withPreviousType(opts, "mlops:audit:AzureKeyVaultAudit"));

        const setting = new DiagnosticSetting(name, {
            name,
            resourceUri: keyVaultId,
            workspaceId,
            logs: [{ category: "AuditEvent", enabled: true }],
            // Resource-specific table (AZKVAuditLogs) rather than the shared AzureDiagnostics one: typed columns, and it
            // can use the cheaper Basic logs plan.
            logAnalyticsDestinationType: "Dedicated",
        }, { parent: this });

        this.diagnosticSettingId = setting.id;
        this.registerOutputs({ diagnosticSettingId: this.diagnosticSettingId });
    }
}
