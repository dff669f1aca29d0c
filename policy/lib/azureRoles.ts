/**
 * Azure RBAC semantics for Key Vault secrets: which operations a role definition's permissions grant (actions /
 * notActions and dataActions / notDataActions, with `*` wildcards, case-insensitive), for built-in roles known by their
 * role definition GUID and for custom roles by their own permissions.
 *
 * The built-in permissions below are those Microsoft publishes for each role (Microsoft Learn, "Azure built-in roles",
 * Security and General categories; the same JSON is mirrored per role by AzAdvertizer), reduced to the entries that
 * decide a secret read or a role grant.
 */

export interface RolePermissions {
    readonly actions?: readonly string[];
    readonly notActions?: readonly string[];
    readonly dataActions?: readonly string[];
    readonly notDataActions?: readonly string[];
}

export interface BuiltInRole {
    readonly name: string;
    readonly permissions: RolePermissions;
}

export const BUILT_IN_ROLES: Readonly<Record<string, BuiltInRole>> = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": { name: "Owner", permissions: { actions: ["*"] } },
    "b24988ac-6180-42a0-ab88-20f7382dd24c": {
        name: "Contributor",
        permissions: { actions: ["*"], notActions: ["Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write", "Microsoft.Authorization/elevateAccess/Action"] },
    },
    "acdd72a7-3385-48ef-bd42-f606fba81ae7": { name: "Reader", permissions: { actions: ["*/read"] } },
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": { name: "User Access Administrator", permissions: { actions: ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"] } },
    "f58310d9-a9f6-439a-9e8d-f62e7b41a168": {
        name: "Role Based Access Control Administrator",
        permissions: { actions: ["Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete", "*/read", "Microsoft.Support/*"] },
    },
    "8b54135c-b56d-4d72-a534-26097cfdc8d8": {
        name: "Key Vault Data Access Administrator",
        permissions: { actions: ["Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete", "Microsoft.Authorization/*/read", "Microsoft.KeyVault/vaults/*/read"] },
    },
    "00482a5a-887f-4fb3-b363-3b7fe8e74483": { name: "Key Vault Administrator", permissions: { actions: ["Microsoft.KeyVault/vaults/*/read"], dataActions: ["Microsoft.KeyVault/vaults/*"] } },
    "b86a8fe4-44ce-4948-aee5-eccb2c155cd7": { name: "Key Vault Secrets Officer", permissions: { actions: ["Microsoft.KeyVault/vaults/*/read"], dataActions: ["Microsoft.KeyVault/vaults/secrets/*"] } },
    "4633458b-17de-408a-b874-0445c86b69e6": {
        name: "Key Vault Secrets User",
        permissions: { dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"] },
    },
    "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba": {
        name: "Key Vault Certificate User",
        permissions: { dataActions: ["Microsoft.KeyVault/vaults/certificates/read", "Microsoft.KeyVault/vaults/secrets/getSecret/action", "Microsoft.KeyVault/vaults/secrets/readMetadata/action", "Microsoft.KeyVault/vaults/keys/read"] },
    },
    "21090545-7ca7-4776-b22c-e363652d74d2": {
        name: "Key Vault Reader",
        permissions: { actions: ["Microsoft.KeyVault/vaults/*/read"], dataActions: ["Microsoft.KeyVault/vaults/*/read", "Microsoft.KeyVault/vaults/secrets/readMetadata/action"] },
    },
    "f25e0fa2-a7c8-4377-a976-54943a77a395": {
        name: "Key Vault Contributor",
        permissions: { actions: ["Microsoft.KeyVault/*"], notActions: ["Microsoft.KeyVault/locations/deletedVaults/purge/action", "Microsoft.KeyVault/hsmPools/*", "Microsoft.KeyVault/managedHsms/*"] },
    },
    "14b46e9e-c2b7-41b4-b07b-48a6ebf60603": { name: "Key Vault Crypto Officer", permissions: { actions: ["Microsoft.KeyVault/vaults/*/read"], dataActions: ["Microsoft.KeyVault/vaults/keys/*", "Microsoft.KeyVault/vaults/keyrotationpolicies/*"] } },
};

/** Reads a secret's value. */
export const GET_SECRET = "Microsoft.KeyVault/vaults/secrets/getSecret/action";
/** Writes role assignments: whoever holds it can give itself (or anyone) a secret-reading role. */
export const WRITE_ROLE_ASSIGNMENT = "Microsoft.Authorization/roleAssignments/write";
/** Writes a vault's legacy access policies: whoever holds it can give itself `get` on every secret of an access-policy vault. */
export const WRITE_ACCESS_POLICY = "Microsoft.KeyVault/vaults/accessPolicies/write";

function operationMatches(pattern: string, operation: string): boolean {
    const source = pattern.replace(/[.+^${}()|[\]\\?]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp(`^${source}$`, "i").test(operation);
}

/** The entry of `permissions` that grants `operation`, or undefined (a NotActions / NotDataActions match removes it). */
export function grantingEntry(permissions: readonly RolePermissions[], operation: string, dataPlane: boolean): { readonly index: number; readonly pattern: string } | undefined {
    for (const [index, p] of permissions.entries()) {
        const allowed = (dataPlane ? p.dataActions : p.actions) ?? [];
        const removed = (dataPlane ? p.notDataActions : p.notActions) ?? [];
        const pattern = allowed.find((a) => operationMatches(a, operation));
        if (pattern !== undefined && !removed.some((n) => operationMatches(n, operation))) {
            return { index, pattern };
        }
    }
    return undefined;
}

/** What an assignment scope covers; undefined for a single secret. */
export function scopeBreadth(scope: string): "vault" | "resource group" | "subscription" | "management group" | "tenant root" | "more than one secret" | undefined {
    const s = scope.toLowerCase().replace(/\/+$/, "");
    if (/\/providers\/microsoft\.keyvault\/vaults\/[^/]+\/secrets\/[^/]+$/.test(s)) {
        return undefined;
    }
    if (/\/providers\/microsoft\.keyvault\/vaults\/[^/]+$/.test(s)) {
        return "vault";
    }
    if (/^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+$/.test(s)) {
        return "resource group";
    }
    if (/^\/subscriptions\/[^/]+$/.test(s)) {
        return "subscription";
    }
    if (/\/providers\/microsoft\.management\/managementgroups\/[^/]+$/.test(s)) {
        return "management group";
    }
    if (s === "" || s === "/") {
        return "tenant root";
    }
    return "more than one secret";
}

/** The GUID at the end of a role definition id (`/subscriptions/…/providers/Microsoft.Authorization/roleDefinitions/<guid>`). */
export function roleGuid(roleDefinitionId: string): string {
    return roleDefinitionId.toLowerCase().replace(/\/+$/, "").split("/").pop() ?? "";
}
