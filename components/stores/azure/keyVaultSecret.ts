import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { AzureStoreArgs, keyVaultSecretName, ValueName } from "../cloudStoreArgs";
import { CloudProvider, StoredSecret } from "../storedSecret";
import { CLOUD_LABELS } from "../../sync/labels";

/**
 * Keeps a value as a Key Vault secret. A new value updates the secret in place, which adds a secret version;
 * older versions stay readable for rollback (`remoteRef.version`).
 */
export function storeInKeyVault(
    name: string, value: pulumi.Input<string>, args: AzureStoreArgs, valueName: ValueName, opts: pulumi.CustomResourceOptions,
): StoredSecret {
    const secretName = keyVaultSecretName(args, valueName);
    const secret = new keyvault.Secret(name, {
        resourceGroupName: args.resourceGroupName,
        vaultName: args.vaultName,
        secretName,
        properties: { value: pulumi.secret(value), contentType: "text/plain" },
        tags: { ...CLOUD_LABELS },
    }, opts);
    return {
        cloud: CloudProvider.Azure,
        remoteKey: secret.name,
        grantScope: secret.id,
        location: pulumi.interpolate`keyvault:${args.vaultName}/${secret.name}`,
        writtenBy: [secret],
        // Public Azure cloud; sovereign clouds use another suffix and need their own SecretStore.
        vaultUrl: pulumi.output(`https://${args.vaultName}.vault.azure.net/`),
    };
}
