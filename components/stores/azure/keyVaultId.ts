import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";

/** The ARM id of an existing Key Vault, in the subscription of the credentials running `pulumi up`. */
export function keyVaultId(resourceGroupName: string, vaultName: string): pulumi.Output<string> {
    const { subscriptionId } = authorization.getClientConfigOutput();
    return pulumi.interpolate`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.KeyVault/vaults/${vaultName}`;
}
