import { ResourceValidationPolicy } from "@pulumi/policy";
import { whenType } from "../lib/whenType";

export interface HardenedKeyVaultConfig {
    readonly minSoftDeleteRetentionDays?: number;
}

/** Azure's own floor for soft-delete retention. */
const DEFAULT_MIN_SOFT_DELETE_RETENTION_DAYS = 7;

interface VaultProps {
    readonly vaultName?: string;
    readonly properties?: {
        readonly enableRbacAuthorization?: boolean;
        readonly enablePurgeProtection?: boolean;
        readonly enableSoftDelete?: boolean;
        readonly softDeleteRetentionInDays?: number;
    };
}

/**
 * RBAC authorization lets grants name a single secret (access policies are vault-wide); soft delete and purge
 * protection keep a deleted or overwritten secret recoverable, so a bad deploy or a compromised identity cannot
 * destroy the platform's only copy of a generated password.
 */
export const hardenedKeyVault: ResourceValidationPolicy = {
    name: "hardened-key-vault",
    description:
        "Key Vaults holding platform secrets must set properties.enableRbacAuthorization: true (the SDK defaults it to false), " +
        "properties.enablePurgeProtection: true, keep soft delete on, and keep deleted secrets for at least the configured days.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minSoftDeleteRetentionDays: {
                type: "integer",
                minimum: 7,
                maximum: 90,
                default: DEFAULT_MIN_SOFT_DELETE_RETENTION_DAYS,
                description: "Smallest softDeleteRetentionInDays accepted (Azure allows 7-90; it applies 90 when unset).",
            },
        },
    },
    validateResource: whenType(["azure-native:keyvault:Vault"], (args, reportViolation) => {
        const minDays = args.getConfig<HardenedKeyVaultConfig>().minSoftDeleteRetentionDays ?? DEFAULT_MIN_SOFT_DELETE_RETENTION_DAYS;
        const props = args.props as VaultProps;
        const vault = props.vaultName ?? args.name;
        const settings = props.properties ?? {};
        if (settings.enableRbacAuthorization !== true) {
            reportViolation(`Vault "${vault}": set properties.enableRbacAuthorization: true so grants can name a single secret.`);
        }
        if (settings.enablePurgeProtection !== true) {
            reportViolation(`Vault "${vault}": set properties.enablePurgeProtection: true (it cannot be turned off again).`);
        }
        if (settings.enableSoftDelete === false) {
            reportViolation(`Vault "${vault}": soft delete is off; remove enableSoftDelete: false.`);
        }
        const retention = settings.softDeleteRetentionInDays;
        if (retention !== undefined && retention < minDays) {
            reportViolation(`Vault "${vault}": softDeleteRetentionInDays is ${retention}; use at least ${minDays}.`);
        }
    }),
};
