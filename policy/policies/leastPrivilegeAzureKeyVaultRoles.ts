import { ResourceValidationPolicy } from "@pulumi/policy";
import { whenType } from "../lib/whenType";

export interface LeastPrivilegeAzureKeyVaultRolesConfig {
    readonly allowVaultScope?: boolean;
}

/** Built-in roles that can read secret values, by role definition GUID. */
const SECRET_READING_ROLES: Record<string, string> = {
    "4633458b-17de-408a-b874-0445c86b69e6": "Key Vault Secrets User",
    "b86a8fe4-44ce-4948-aee5-eccb2c155cd7": "Key Vault Secrets Officer",
    "00482a5a-887f-4fb3-b363-3b7fe8e74483": "Key Vault Administrator",
};

interface RoleAssignmentProps {
    readonly roleDefinitionId?: string;
    readonly scope?: string;
}

/** What a role assignment scope covers, in words; undefined for a single secret. */
function broaderThanSecret(scope: string, allowVaultScope: boolean): string | undefined {
    const s = scope.toLowerCase().replace(/\/+$/, "");
    if (/\/providers\/microsoft\.keyvault\/vaults\/[^/]+\/secrets\/[^/]+$/.test(s)) {
        return undefined;
    }
    if (/\/providers\/microsoft\.keyvault\/vaults\/[^/]+$/.test(s)) {
        return allowVaultScope ? undefined : "a whole vault";
    }
    if (/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/.test(s)) {
        return "a resource group";
    }
    if (/^\/subscriptions\/[^/]+$/.test(s)) {
        return "a subscription";
    }
    if (s.includes("/providers/microsoft.management/managementgroups/")) {
        return "a management group";
    }
    return "more than one secret";
}

/** A secret-reading role above the secret lets the identity read every other secret in the vault, group or subscription. */
export const leastPrivilegeAzureKeyVaultRoles: ResourceValidationPolicy = {
    name: "least-privilege-azure-key-vault-roles",
    description:
        "Key Vault roles that read secret values (Key Vault Secrets User / Secrets Officer / Administrator) must be assigned on " +
        "the secret (…/vaults/<vault>/secrets/<name>), not on a vault, resource group, subscription or management group.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowVaultScope: {
                type: "boolean",
                default: false,
                description: "Accept assignments on a whole vault (for vaults that hold one application's secrets only).",
            },
        },
    },
    validateResource: whenType(["azure-native:authorization:RoleAssignment"], (args, reportViolation) => {
        const props = args.props as RoleAssignmentProps;
        const roleGuid = (props.roleDefinitionId ?? "").toLowerCase().split("/").pop() ?? "";
        const role = SECRET_READING_ROLES[roleGuid];
        if (role === undefined || props.scope === undefined) {
            return;
        }
        const allowVaultScope = args.getConfig<LeastPrivilegeAzureKeyVaultRolesConfig>().allowVaultScope ?? false;
        const covers = broaderThanSecret(props.scope, allowVaultScope);
        if (covers !== undefined) {
            reportViolation(
                `"${args.name}" assigns ${role} on ${covers} (${props.scope}); assign it on each secret's resource id instead.`,
            );
        }
    }),
};
