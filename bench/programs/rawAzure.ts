import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { Secret } from "@pulumi/azure-native/keyvault";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { AZURE_TOKEN_EXCHANGE_AUDIENCE } from "../../components/access/azure/azureNamespaceAccess";
import { keyVaultSecretsUserRoleDefinitionId } from "../../components/access/azure/grantAzureRead";
import { ACCESS_LABELS, ESO_API_VERSION } from "../../components/access/esoSecretStore";
import { identityName } from "../../components/access/identityName";
import { CloudProvider } from "../../components";
import { CLUSTER_NAME, CLUSTERS, STORE_ARGS } from "./benchClouds";
import { RawCloud, READER_SERVICE_ACCOUNT } from "./rawCloud";

const STORE_NAME = "azure-key-vault";

/** Managed identity, federated credential, ServiceAccount and SecretStore per namespace; a Key Vault secret and a role assignment per value. */
export const rawAzure: RawCloud = {
    access(namespace) {
        const name = `${CLUSTER_NAME}-${namespace}`;
        const cluster = CLUSTERS[CloudProvider.Azure].azure!;
        const vault = STORE_ARGS[CloudProvider.Azure].azure!;
        const identity = new UserAssignedIdentity(`${name}-identity`, {
            resourceGroupName: cluster.resourceGroupName,
            resourceName: identityName(["eso", CLUSTER_NAME, namespace], 128),
        });
        const federation = new FederatedIdentityCredential(`${name}-federation`, {
            resourceGroupName: cluster.resourceGroupName,
            resourceName: identity.name,
            federatedIdentityCredentialResourceName: identityName([CLUSTER_NAME, namespace, READER_SERVICE_ACCOUNT], 120),
            issuer: cluster.oidcIssuerUrl,
            subject: `system:serviceaccount:${namespace}:${READER_SERVICE_ACCOUNT}`,
            audiences: [AZURE_TOKEN_EXCHANGE_AUDIENCE],
        });
        const serviceAccount = new ServiceAccount(`${name}-sa`, {
            metadata: {
                name: READER_SERVICE_ACCOUNT, namespace, labels: ACCESS_LABELS,
                annotations: { "azure.workload.identity/client-id": identity.clientId, "azure.workload.identity/tenant-id": identity.tenantId },
            },
            automountServiceAccountToken: false,
        });
        new CustomResource(`${name}-store`, {
            apiVersion: ESO_API_VERSION,
            kind: "SecretStore",
            metadata: { name: STORE_NAME, namespace, labels: ACCESS_LABELS },
            spec: {
                provider: {
                    azurekv: { authType: "WorkloadIdentity", vaultUrl: `https://${vault.vaultName}.vault.azure.net/`, serviceAccountRef: { name: READER_SERVICE_ACCOUNT } },
                },
            },
        }, { dependsOn: [serviceAccount, federation] });
        return {
            storeName: STORE_NAME,
            grant: (grantName, grantScope) => new RoleAssignment(`${name}-read-${grantName}`, {
                principalId: identity.principalId,
                principalType: "ServicePrincipal",
                roleDefinitionId: grantScope.apply(keyVaultSecretsUserRoleDefinitionId),
                scope: grantScope,
            }),
        };
    },
    store(name, value, app, valueName) {
        const vault = STORE_ARGS[CloudProvider.Azure].azure!;
        const secret = new Secret(name, {
            resourceGroupName: vault.resourceGroupName,
            vaultName: vault.vaultName,
            secretName: `${app}-${valueName}`,
            properties: { value: pulumi.secret(value), contentType: "text/plain" },
            tags: { "managed-by": "mlops-platform-secrets" },
        });
        return { remoteKey: secret.name, grantScope: secret.id, writtenBy: [secret] };
    },
};
