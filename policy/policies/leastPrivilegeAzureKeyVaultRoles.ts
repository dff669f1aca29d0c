import { ResourceValidationPolicy } from "@pulumi/policy";
import { BUILT_IN_ROLES, GET_SECRET, grantingEntry, RolePermissions, roleGuid, scopeBreadth, WRITE_ROLE_ASSIGNMENT } from "../lib/azureRoles";
import { whenType } from "../lib/whenType";

export interface LeastPrivilegeAzureKeyVaultRolesConfig {
    readonly allowVaultScope?: boolean;
    readonly allowedPrincipalIds?: readonly string[];
}

const ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const DEFINITION = "azure-native:authorization:RoleDefinition";
const VAULT = "azure-native:keyvault:Vault";
const ACCESS_POLICY = "azure-native:keyvault:AccessPolicy";

/** Secret permissions of a legacy access policy that reveal values or names (all of them apply to every secret of the vault). */
const READING_SECRET_PERMISSIONS = ["get", "list", "backup", "all"];
const SET_SECRET = "Microsoft.KeyVault/vaults/secrets/setSecret/action";
const FIX = "assign Key Vault Secrets User (4633458b-17de-408a-b874-0445c86b69e6) on each secret's resource id (…/vaults/<vault>/secrets/<name>) instead";

/** Built-in roles that read secret values, by GUID: an ABAC condition that names none of them keeps a grant away from secrets. */
const SECRET_READING_GUIDS = Object.entries(BUILT_IN_ROLES).filter(([, r]) => grantingEntry([r.permissions], GET_SECRET, true)).map(([g]) => g);

/** Whether an ABAC condition on a role-granting assignment limits it to roles that read no secret. */
function conditionKeepsAwayFromSecrets(condition: unknown): boolean {
    if (typeof condition !== "string" || !/GuidEquals/i.test(condition) || /GuidNotEquals/i.test(condition)) {
        return false;
    }
    const text = condition.toLowerCase();
    return !SECRET_READING_GUIDS.some((g) => text.includes(g));
}

interface AccessPolicyEntry {
    readonly objectId?: string;
    readonly permissions?: { readonly secrets?: readonly string[] };
}

function readingPermissions(entry: AccessPolicyEntry | undefined): string[] {
    return (entry?.permissions?.secrets ?? []).filter((p) => READING_SECRET_PERMISSIONS.includes(String(p).toLowerCase()));
}

/**
 * Who can read a Key Vault secret, decided from role definitions' permissions (built-in roles by GUID, custom roles by
 * their own actions and dataActions): a role that reads secret values, or that writes role assignments (and so can
 * grant itself such a role), must not cover more than the secret; legacy access policies always cover the whole vault.
 */
export const leastPrivilegeAzureKeyVaultRoles: ResourceValidationPolicy = {
    name: "least-privilege-azure-key-vault-roles",
    description:
        "Roles that read Key Vault secret values (getSecret: Key Vault Secrets User / Secrets Officer / Administrator, " +
        "custom roles with that dataAction or a wildcard over it) or that can grant them (role assignment writers: Owner, User " +
        "Access Administrator, Role Based Access Control Administrator, Key Vault Data Access Administrator) must not be " +
        "assigned on a vault, resource group, subscription or management group, and custom roles that do must not be " +
        "assignable there; legacy vault access policies with secret get/list cover every secret of the vault. Assign Key " +
        "Vault Secrets User on each secret instead.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowVaultScope: {
                type: "boolean",
                default: false,
                description: "Accept read-only secret roles on a whole vault (for vaults that hold one application's secrets only).",
            },
            allowedPrincipalIds: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Principal object ids (e.g. a break-glass administrators group) whose assignments are accepted.",
            },
        },
    },
    validateResource: whenType([ASSIGNMENT, DEFINITION, VAULT, ACCESS_POLICY], (args, reportViolation) => {
        const config = args.getConfig<LeastPrivilegeAzureKeyVaultRolesConfig>();
        const allowVaultScope = config.allowVaultScope ?? false;
        const allowedPrincipals = config.allowedPrincipalIds ?? [];
        const props = args.props;

        /** Why `permissions` at a scope of this breadth reaches other secrets, or undefined. */
        const tooWide = (permissions: readonly RolePermissions[], breadth: string, condition?: unknown): string | undefined => {
            const grants = grantingEntry(permissions, WRITE_ROLE_ASSIGNMENT, false);
            if (grants !== undefined && !conditionKeepsAwayFromSecrets(condition)) {
                return `can assign itself a secret-reading role (it allows ${WRITE_ROLE_ASSIGNMENT} through "${grants.pattern}") on every secret of the ${breadth}`;
            }
            const reads = grantingEntry(permissions, GET_SECRET, true);
            if (reads === undefined) {
                return undefined;
            }
            const writes = grantingEntry(permissions, SET_SECRET, true) !== undefined;
            if (breadth === "vault" && allowVaultScope && !writes) {
                return undefined;
            }
            const through = reads.pattern === GET_SECRET ? `dataAction ${GET_SECRET}` : `dataAction "${reads.pattern}", which covers ${GET_SECRET}`;
            return `reads${writes ? " and overwrites" : ""} every secret of the ${breadth} (${through})`;
        };

        if (args.type === ASSIGNMENT) {
            const role = BUILT_IN_ROLES[roleGuid(String(props.roleDefinitionId ?? ""))];
            const breadth = typeof props.scope === "string" ? scopeBreadth(props.scope) : undefined;
            if (role === undefined || breadth === undefined || allowedPrincipals.includes(props.principalId)) {
                return;
            }
            const why = tooWide([role.permissions], breadth, props.condition);
            if (why !== undefined) {
                reportViolation(`roleDefinitionId is ${role.name}, which at scope "${props.scope}" ${why}; ${FIX}.`);
            }
        } else if (args.type === DEFINITION) {
            const permissions = (props.permissions ?? []) as RolePermissions[];
            for (const [i, scope] of ((props.assignableScopes ?? []) as string[]).entries()) {
                const breadth = scopeBreadth(scope);
                const why = breadth === undefined ? undefined : tooWide(permissions, breadth);
                if (why !== undefined) {
                    reportViolation(
                        `custom role "${props.roleName ?? args.name}" is assignable at assignableScopes[${i}] "${scope}", where it ${why}; ` +
                        `limit its dataActions to ${GET_SECRET} and its assignableScopes to the secrets it is for, or ${FIX}.`,
                    );
                    return;
                }
            }
        } else if (args.type === VAULT) {
            ((props.properties?.accessPolicies ?? []) as AccessPolicyEntry[]).forEach((entry, i) => {
                const reading = readingPermissions(entry);
                if (reading.length > 0 && !allowedPrincipals.includes(entry.objectId ?? "")) {
                    reportViolation(
                        `properties.accessPolicies[${i}].permissions.secrets grants ${reading.join(", ")} on every secret of the vault ` +
                        `(access policies cannot name a secret); set properties.enableRbacAuthorization: true, drop the access policy, and ${FIX}.`,
                    );
                }
            });
        } else {
            const entry = props.policy as AccessPolicyEntry | undefined;
            const reading = readingPermissions(entry);
            if (reading.length > 0 && !allowedPrincipals.includes(entry?.objectId ?? "")) {
                reportViolation(
                    `policy.permissions.secrets grants ${reading.join(", ")} on every secret of vault "${props.vaultName ?? ""}" ` +
                    `(access policies cannot name a secret); use an RBAC vault and ${FIX}.`,
                );
            }
        }
    }),
};
