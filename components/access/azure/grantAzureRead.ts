import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { CloudProvider, StoredSecret } from "../../stores/storedSecret";
import { SecretsInputError } from "../../validation/inputError";
import { requireCloud } from "../grants";
import { requireInputMatch } from "../../validation/rules";
import { GUID } from "../validate";

/** The built-in role "Key Vault Secrets User": read secret contents, assignable at a single secret's scope. */
export const KEY_VAULT_SECRETS_USER_ROLE_ID = "4633458b-17de-408a-b874-0445c86b69e6";

const SECRET_SCOPE = /^\/subscriptions\/([0-9a-fA-F-]{36})\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/[^/]+\/secrets\/[^/]+$/i;

/**
 * The full role definition id of "Key Vault Secrets User" in the subscription of a Key Vault secret, taken from the
 * secret's own resource id: the role is then always defined in the subscription it is assigned in, with no lookup of
 * the deployer's subscription. Throws unless the scope is a single secret (a vault scope would open every secret).
 */
export function keyVaultSecretsUserRoleDefinitionId(secretScope: string): string {
    const match = SECRET_SCOPE.exec(secretScope ?? "");
    if (!match) {
        throw new SecretsInputError(
            "secret.grantScope",
            secretScope,
            "An Azure StoredSecret's grantScope must be one secret's resource id, " +
                "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>, not a vault or resource group.",
        );
    }
    return `/subscriptions/${match[1]}/providers/Microsoft.Authorization/roleDefinitions/${KEY_VAULT_SECRETS_USER_ROLE_ID}`;
}

export interface GrantAzureReadArgs {
    /** The object (principal) id of an existing managed identity or service principal. */
    readonly principalId: pulumi.Input<string>;
    /** The Key Vault secret to read, as its store returned it. */
    readonly secret: StoredSecret;
}

/**
 * Lets an existing managed identity or service principal read exactly one stored Key Vault secret: a "Key Vault
 * Secrets User" role assignment at the secret's scope. The vault must use Azure RBAC (`enableRbacAuthorization`).
 */
export function grantAzureRead(name: string, args: GrantAzureReadArgs, opts?: pulumi.CustomResourceOptions): RoleAssignment {
    requireCloud("grantAzureRead.secret", args?.secret, CloudProvider.Azure);
    const principalId = requireInputMatch("grantAzureRead.principalId", args.principalId, GUID);
    const scope = pulumi.output(args.secret.grantScope);
    return new RoleAssignment(
        name,
        {
            principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: scope.apply(keyVaultSecretsUserRoleDefinitionId),
            scope,
        },
        opts,
    );
}
