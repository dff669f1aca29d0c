import * as pulumi from "@pulumi/pulumi";
import { RoleAssignment } from "@pulumi/azure-native/authorization";
import { FederatedIdentityCredential, UserAssignedIdentity } from "@pulumi/azure-native/managedidentity";
import { StoredSecret } from "../../stores/storedSecret";
import { argumentPaths } from "../argumentPaths";
import { CheckedAccessArgs, checkAccessArgs } from "../checkAccessArgs";
import { createEsoSecretStore, esoServiceAccountRef } from "../esoSecretStore";
import { grantResourceName, rememberGrantPrefix } from "../grants";
import { identityName } from "../identityName";
import { NamespaceAccess, NamespaceAccessBaseArgs } from "../namespaceAccess";
import { secretStoreKind } from "../secretStoreScope";
import { requireInputMatch, requireMatch } from "../../validation/rules";
import { HTTPS_URL } from "../validate";
import { createWorkloadServiceAccount } from "../workloadServiceAccount";
import { grantAzureRead } from "./grantAzureRead";
import { componentType, withPreviousType } from "../../naming/componentType";

/** The audience Entra ID expects in a Kubernetes token exchanged for a managed identity token. */
export const AZURE_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export interface AzureNamespaceAccessArgs extends NamespaceAccessBaseArgs {
    /** The resource group of the user-assigned managed identity. */
    readonly resourceGroupName: pulumi.Input<string>;
    /**
     * The identity's Azure region.
     * @default the resource group's location.
     */
    readonly location?: pulumi.Input<string>;
    /** The AKS cluster's OIDC issuer URL (`oidcIssuerProfile.issuerURL`, https://). */
    readonly oidcIssuerUrl: pulumi.Input<string>;
    /** The vault the store reads, `https://<vault>.vault.azure.net/` (a StoredSecret's `vaultUrl`). */
    readonly vaultUrl: pulumi.Input<string>;
    /**
     * The user-assigned identity's name.
     * @default "eso-<clusterName>-<namespace>", cut to 128 characters with a hash suffix when longer.
     */
    readonly identityName?: string;
}

/**
 * Gives one namespace read access to exactly the Key Vault secrets granted to it, without static credentials: a
 * user-assigned managed identity federated with one Kubernetes ServiceAccount (Azure Workload Identity), and an ESO
 * SecretStore that authenticates as it. `grantRead` adds one secret at a time.
 */
export class AzureNamespaceAccess extends pulumi.ComponentResource implements NamespaceAccess {
    /** The managed identity's client id (the ServiceAccount's `azure.workload.identity/client-id`). */
    readonly clientId: pulumi.Output<string>;
    /** The managed identity's object id, which role assignments name. */
    readonly principalId: pulumi.Output<string>;
    readonly tenantId: pulumi.Output<string>;
    /** The managed identity's resource id. */
    readonly identityId: pulumi.Output<string>;
    readonly namespace: pulumi.Output<string>;
    readonly serviceAccountName: pulumi.Output<string>;
    readonly secretStoreName: pulumi.Output<string>;
    readonly secretStoreKind: pulumi.Output<string>;

    constructor(name: string, args: AzureNamespaceAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const { access, resourceGroupName, issuer, vaultUrl, managedIdentityName } = checkAzureNamespaceAccessArgs(args);

        super(componentType("AzureNamespaceAccess"), name, {}, withPreviousType(opts, "mlops:access:AzureNamespaceAccess"));
        rememberGrantPrefix(this, name);

        const identity = new UserAssignedIdentity(
            `${name}-identity`,
            { resourceGroupName, location: args.location, resourceName: managedIdentityName },
            { parent: this },
        );
        const federation = new FederatedIdentityCredential(
            `${name}-federation`,
            {
                resourceGroupName,
                resourceName: identity.name,
                federatedIdentityCredentialResourceName: identityName([access.clusterName, access.namespace, access.serviceAccountName], 120),
                issuer,
                subject: `system:serviceaccount:${access.namespace}:${access.serviceAccountName}`,
                audiences: [AZURE_TOKEN_EXCHANGE_AUDIENCE],
            },
            { parent: this },
        );
        const serviceAccount = createWorkloadServiceAccount(
            `${name}-sa`,
            access,
            { "azure.workload.identity/client-id": identity.clientId, "azure.workload.identity/tenant-id": identity.tenantId },
            { parent: this },
        );
        // No spec.tenantId: the ServiceAccount's tenant annotation carries it, and ESO rejects both at once.
        const provider = {
            azurekv: { authType: "WorkloadIdentity", vaultUrl, serviceAccountRef: esoServiceAccountRef(access) },
        };
        createEsoSecretStore(`${name}-store`, access, provider, { parent: this, dependsOn: [serviceAccount, federation] });

        this.clientId = identity.clientId;
        this.principalId = identity.principalId;
        this.tenantId = identity.tenantId;
        this.identityId = identity.id;
        this.namespace = pulumi.output(access.namespace);
        this.serviceAccountName = pulumi.output(access.serviceAccountName);
        this.secretStoreName = pulumi.output(access.storeName);
        this.secretStoreKind = pulumi.output(secretStoreKind(access.storeScope));
        this.registerOutputs({
            clientId: this.clientId,
            principalId: this.principalId,
            tenantId: this.tenantId,
            identityId: this.identityId,
            namespace: this.namespace,
            serviceAccountName: this.serviceAccountName,
            secretStoreName: this.secretStoreName,
            secretStoreKind: this.secretStoreKind,
        });
    }

    /** Lets this identity read exactly `secret` (a Key Vault secret), through one child role assignment named after `name`. */
    grantRead(secret: StoredSecret, name: string): RoleAssignment {
        return grantAzureRead(grantResourceName(this, name), { principalId: this.principalId, secret }, { parent: this });
    }
}

/** The checked arguments of an AzureNamespaceAccess, with defaults applied. */
export interface CheckedAzureAccessArgs {
    readonly access: CheckedAccessArgs;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly issuer: pulumi.Input<string>;
    readonly vaultUrl: pulumi.Input<string>;
    readonly managedIdentityName: string;
}

/** Checks every argument of an AzureNamespaceAccess before anything is registered (Outputs: when known). */
export function checkAzureNamespaceAccessArgs(args: AzureNamespaceAccessArgs): CheckedAzureAccessArgs {
    const at = argumentPaths("AzureNamespaceAccess");
    const access = checkAccessArgs(at, args, { storeName: "azure-key-vault" });
    const resourceGroupName = requireInputMatch(at("resourceGroupName"), args.resourceGroupName, {
        pattern: /^[-\w._()]{1,90}$/,
        fix: "Use the name of the resource group that holds the identity.",
    });
    const issuer = requireInputMatch(at("oidcIssuerUrl"), args.oidcIssuerUrl, HTTPS_URL);
    const vaultUrl = requireInputMatch(at("vaultUrl"), args.vaultUrl, {
        pattern: /^https:\/\/[A-Za-z0-9-]{3,24}\.vault\.[a-z0-9.]+\/?$/,
        fix: "Use the vault's URL, https://<vault>.vault.azure.net/ (the vaultUrl of the vault's StoredSecrets).",
    });
    const managedIdentityName = requireMatch(
        at("identityName"),
        args.identityName ?? identityName(["eso", access.clusterName, access.namespace], 128),
        { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/, fix: "Use 3-128 letters, digits, '-' or '_', starting with a letter or digit." },
    );
    return { access, resourceGroupName, issuer, vaultUrl, managedIdentityName };
}
