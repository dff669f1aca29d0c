import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { SecretsInputError } from "../../validation/inputError";
import { requireIntegerInRange } from "../../validation/numbers";
import { componentType, withPreviousType } from "../../naming/componentType";

export interface HardenedKeyVaultArgs {
    /** Resource group to create the vault in. */
    readonly resourceGroupName: string;
    /** Azure region, e.g. `westeurope`. */
    readonly location: string;
    /** Vault name, 3–24 letters, digits and '-', globally unique. */
    readonly vaultName: string;
    /**
     * Entra ID tenant that owns the vault.
     * @default the tenant of the credentials running `pulumi up`
     */
    readonly tenantId?: string;
    /**
     * Days a deleted secret stays recoverable (7–90).
     * @default 90
     */
    readonly softDeleteRetentionInDays?: number;
}

const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/**
 * A Key Vault hardened for platform secrets: access only through Azure RBAC (so grants can be made per secret),
 * soft delete with purge protection (a deleted secret cannot be destroyed before its retention ends — irreversible).
 */
export class HardenedKeyVault extends pulumi.ComponentResource {
    /** The vault's name, for `AzureStoreArgs.vaultName`. */
    readonly vaultName: pulumi.Output<string>;
    /** The vault URL ESO reads from, e.g. `https://mlops-dev-kv.vault.azure.net/`. */
    readonly vaultUri: pulumi.Output<string>;
    /** The vault's resource id. */
    readonly vaultId: pulumi.Output<string>;

    constructor(name: string, args: HardenedKeyVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        if (!VAULT_NAME.test(args.vaultName ?? "") || args.vaultName.includes("--")) {
            throw new SecretsInputError("vaultName", args.vaultName,
                "Key Vault names have 3-24 letters, digits and '-', start with a letter, end with a letter or digit and have no '--'.");
        }
        if (!args.resourceGroupName || !args.location) {
            throw new SecretsInputError(args.resourceGroupName ? "location" : "resourceGroupName",
                args.resourceGroupName ? args.location : args.resourceGroupName, "Set both resourceGroupName and location (e.g. \"westeurope\").");
        }
        const retentionDays = requireIntegerInRange("softDeleteRetentionInDays", args.softDeleteRetentionInDays ?? 90, 7, 90,
            "Azure keeps deleted secrets recoverable for 7 to 90 days.");
        super(componentType("HardenedKeyVault"), name, {}, withPreviousType(opts, "mlops:secrets:HardenedKeyVault"));

        const tenantId = args.tenantId ?? authorization.getClientConfigOutput({ parent: this }).tenantId;
        const vault = new keyvault.Vault(name, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            vaultName: args.vaultName,
            properties: {
                tenantId,
                sku: { family: "A", name: "standard" },
                enableRbacAuthorization: true,
                enableSoftDelete: true,
                enablePurgeProtection: true,
                softDeleteRetentionInDays: retentionDays,
            },
        }, { parent: this });

        this.vaultName = vault.name;
        this.vaultUri = vault.properties.apply((p) => p.vaultUri ?? `https://${args.vaultName}.vault.azure.net/`);
        this.vaultId = vault.id;
        this.registerOutputs({ vaultName: this.vaultName, vaultUri: this.vaultUri, vaultId: this.vaultId });
    }
}
