import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as pulumi from "@pulumi/pulumi";
import { grantAzureRead } from "../../../components/access/azure/grantAzureRead";
import { CloudProvider } from "../../../components/stores/storedSecret";
import { CorpusCase, CorpusClass, violations } from "./corpusCase";

const AZURE = "least-privilege-azure-key-vault-roles";
const HARDENED = "hardened-key-vault";
const ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const DEFINITION = "azure-native:authorization:RoleDefinition";
const VAULT_TYPE = "azure-native:keyvault:Vault";

const TENANT = "00000000-0000-4000-8000-0000000000aa";
const SUBSCRIPTION = "/subscriptions/00000000-0000-4000-8000-000000000001";
const RESOURCE_GROUP = `${SUBSCRIPTION}/resourceGroups/mlops-platform`;
const VAULT = `${RESOURCE_GROUP}/providers/Microsoft.KeyVault/vaults/mlops-kv`;
const SECRET = `${VAULT}/secrets/mlflow-db-password`;
const MANAGEMENT_GROUP = "/providers/Microsoft.Management/managementGroups/platform";
const roleId = (guid: string) => `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const ROLES = {
    secretsUser: roleId("4633458b-17de-408a-b874-0445c86b69e6"),
    secretsOfficer: roleId("b86a8fe4-44ce-4948-aee5-eccb2c155cd7"),
    administrator: roleId("00482a5a-887f-4fb3-b363-3b7fe8e74483"),
    dataAccessAdministrator: roleId("8b54135c-b56d-4d72-a534-26097cfdc8d8"),
    certificateUser: roleId("db79e9a7-68ee-4b58-9aeb-b90e7c24fcba"),
    owner: roleId("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
    userAccessAdministrator: roleId("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"),
    rbacAdministrator: roleId("f58310d9-a9f6-439a-9e8d-f62e7b41a168"),
    reader: roleId("acdd72a7-3385-48ef-bd42-f606fba81ae7"),
    keyVaultReader: roleId("21090545-7ca7-4776-b22c-e363652d74d2"),
    cryptoOfficer: roleId("14b46e9e-c2b7-41b4-b07b-48a6ebf60603"),
    acrPull: roleId("7f951dda-4ed3-4680-a7ca-43fe172d538d"),
};
const principalId = "00000000-0000-4000-8000-0000000000cc";
const assign = (name: string, roleDefinitionId: string, scope: string, extra: { condition?: string; conditionVersion?: string } = {}) =>
    new authorization.RoleAssignment(name, { principalId, principalType: "ServicePrincipal", roleDefinitionId, scope, ...extra });
const badAssignment = (title: string, role: string, scope: string): CorpusCase => ({
    title: `bad: ${title}`, program: () => assign("grant", role, scope), expect: violations(AZURE, ASSIGNMENT),
});
const customRole = (name: string, permissions: object[], assignableScopes: string[]) =>
    new authorization.RoleDefinition(name, { roleName: name, scope: SUBSCRIPTION, permissions, assignableScopes });
const rbacVault = (accessPolicies: object[]) => new keyvault.Vault("mlops-kv", {
    resourceGroupName: "mlops-platform",
    vaultName: "mlops-kv",
    properties: {
        tenantId: TENANT, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true, enablePurgeProtection: true,
        accessPolicies: accessPolicies as never,
    },
});

export const leastPrivilegeAzure: CorpusClass = {
    title: "Least privilege: Azure Key Vault",
    description:
        "Role assignments, custom roles and legacy access policies that read more Key Vault secrets than one, or that let " +
        "the holder grant itself such a role.",
    cases: [
        badAssignment("Key Vault Secrets User on a subscription", ROLES.secretsUser, SUBSCRIPTION),
        badAssignment("Key Vault Secrets User on a resource group", ROLES.secretsUser, RESOURCE_GROUP),
        badAssignment("Key Vault Secrets User on the vault", ROLES.secretsUser, VAULT),
        badAssignment("Key Vault Secrets Officer on the vault (for a reader)", ROLES.secretsOfficer, VAULT),
        badAssignment("Key Vault Administrator on a management group", ROLES.administrator, MANAGEMENT_GROUP),
        badAssignment("Key Vault Certificate User on the vault (it reads secrets too)", ROLES.certificateUser, VAULT),
        badAssignment("Key Vault Data Access Administrator on the vault (grants itself Secrets User)", ROLES.dataAccessAdministrator, VAULT),
        badAssignment("Owner on the resource group", ROLES.owner, RESOURCE_GROUP),
        badAssignment("User Access Administrator on the subscription", ROLES.userAccessAdministrator, SUBSCRIPTION),
        {
            title: "bad: Role Based Access Control Administrator whose condition allows assigning Key Vault Secrets User",
            program: () => assign("grant", ROLES.rbacAdministrator, RESOURCE_GROUP, {
                condition: "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals{4633458b-17de-408a-b874-0445c86b69e6}))",
                conditionVersion: "2.0",
            }),
            expect: violations(AZURE, ASSIGNMENT),
        },
        {
            title: "bad: a custom role with getSecret assignable on the vault",
            program: () => customRole("secret-reader", [{ dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action"] }], [VAULT]),
            expect: violations(AZURE, DEFINITION),
        },
        {
            title: "bad: a custom role with a dataActions wildcard over secrets, assignable on the resource group",
            program: () => customRole("kv-data", [{ actions: [], dataActions: ["Microsoft.KeyVault/vaults/*/action"] }], [RESOURCE_GROUP]),
            expect: violations(AZURE, DEFINITION),
        },
        {
            title: "bad: a custom role that writes role assignments (Microsoft.Authorization/*), assignable on the subscription",
            program: () => customRole("access-admin", [{ actions: ["Microsoft.Authorization/*", "*/read"] }], [SUBSCRIPTION]),
            expect: violations(AZURE, DEFINITION),
        },
        {
            title: "bad: a legacy access policy with secret get and list on the vault",
            program: () => rbacVault([{ tenantId: TENANT, objectId: principalId, permissions: { secrets: ["get", "list"] } }]),
            expect: violations(AZURE, VAULT_TYPE),
        },
        {
            title: "bad: a separate AccessPolicy resource granting all secret permissions",
            program: () => new keyvault.AccessPolicy("eso", {
                resourceGroupName: "mlops-platform", vaultName: "mlops-kv",
                policy: { tenantId: TENANT, objectId: principalId, permissions: { secrets: ["all"] } },
            }),
            expect: violations(AZURE, "azure-native:keyvault:AccessPolicy"),
        },
        {
            title: "bad: an access-policy vault (RBAC off) with secret get for the workload",
            program: () => new keyvault.Vault("legacy-kv", {
                resourceGroupName: "mlops-platform", vaultName: "legacy-kv",
                properties: {
                    tenantId: TENANT, sku: { family: "A", name: "standard" }, enablePurgeProtection: true,
                    accessPolicies: [{ tenantId: TENANT, objectId: principalId, permissions: { secrets: ["Get"] } }],
                },
            }),
            expect: [...violations(AZURE, VAULT_TYPE), ...violations(HARDENED, VAULT_TYPE)],
        },
        {
            title: "good: Key Vault Secrets User on one secret, Reader on the subscription, Key Vault Reader and Crypto Officer on the vault",
            program: () => {
                assign("on-secret", ROLES.secretsUser, SECRET);
                assign("reader", ROLES.reader, SUBSCRIPTION);
                assign("kv-reader", ROLES.keyVaultReader, VAULT);
                assign("crypto", ROLES.cryptoOfficer, VAULT);
                assign("acr", ROLES.acrPull, RESOURCE_GROUP);
            },
            expect: [],
        },
        {
            title: "good: grantAzureRead as a user calls it (Key Vault Secrets User on the secret's own id)",
            program: () => grantAzureRead("mlflow-read", {
                principalId,
                secret: {
                    cloud: CloudProvider.Azure, remoteKey: pulumi.output("mlflow-db-password"), grantScope: pulumi.output(SECRET),
                    location: pulumi.output("keyvault:mlops-kv/mlflow-db-password"), writtenBy: [], vaultUrl: pulumi.output("https://mlops-kv.vault.azure.net/"),
                },
            }),
            expect: [],
        },
        {
            title: "good: a read-only role on a whole vault when the config allows vault scope",
            program: () => assign("on-vault", ROLES.secretsUser, VAULT),
            config: { [AZURE]: { allowVaultScope: true } },
            expect: [],
        },
        {
            title: "good: RBAC Administrator whose condition only allows assigning AcrPull",
            program: () => assign("grant", ROLES.rbacAdministrator, RESOURCE_GROUP, {
                condition: "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals{7f951dda-4ed3-4680-a7ca-43fe172d538d}))",
                conditionVersion: "2.0",
            }),
            expect: [],
        },
        {
            title: "good: a custom secret reader assignable on one secret only, and a custom role without data actions on the subscription",
            program: () => {
                customRole("one-secret-reader", [{ dataActions: ["Microsoft.KeyVault/vaults/secrets/getSecret/action"] }], [SECRET]);
                customRole("vm-operator", [{ actions: ["Microsoft.Compute/virtualMachines/start/action", "Microsoft.Compute/virtualMachines/read"] }], [SUBSCRIPTION]);
            },
            expect: [],
        },
        {
            title: "good: an RBAC vault with a certificates-only access policy, and Owner for an allow-listed break-glass group",
            program: () => {
                rbacVault([{ tenantId: TENANT, objectId: principalId, permissions: { certificates: ["get"], secrets: [] } }]);
                new authorization.RoleAssignment("break-glass", {
                    principalId: "00000000-0000-4000-8000-0000000000ee", principalType: "Group", roleDefinitionId: ROLES.owner, scope: SUBSCRIPTION,
                });
            },
            config: { [AZURE]: { allowedPrincipalIds: ["00000000-0000-4000-8000-0000000000ee"] } },
            expect: [],
        },
    ],
};
