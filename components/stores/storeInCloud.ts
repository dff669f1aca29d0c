import * as pulumi from "@pulumi/pulumi";
import { CloudStoreArgs, ValueName } from "./cloudStoreArgs";
import { AwsSecretService, CloudProvider, StoredSecret } from "./storedSecret";

/**
 * Keeps a value in the chosen cloud's store. Each cloud's module is loaded only when that cloud is used, so a
 * program on AWS never loads the Azure or GCP SDK (they are large and slow to import).
 * Expects `validateCloudStoreArgs` to have passed. `versionOptions` go to the resource holding the value where it is a
 * resource of its own (Secrets Manager's SecretVersion), e.g. `ignoreChanges` when AWS rotates the value.
 */
export function storeInCloud(
    name: string, value: pulumi.Input<string>, args: CloudStoreArgs, valueName: ValueName, opts: pulumi.CustomResourceOptions,
    versionOptions?: pulumi.CustomResourceOptions,
): StoredSecret {
    switch (args.cloud) {
        case CloudProvider.Aws: {
            if (args.aws?.service === AwsSecretService.SecretsManager) {
                const { storeInSecretsManager } = require("./aws/secretsManagerSecret") as typeof import("./aws/secretsManagerSecret");
                return storeInSecretsManager(name, value, args.aws, valueName, opts, versionOptions);
            }
            const { storeInParameterStore } = require("./aws/parameterStoreSecret") as typeof import("./aws/parameterStoreSecret");
            return storeInParameterStore(name, value, args.aws ?? {}, valueName, opts);
        }
        case CloudProvider.Azure: {
            const { storeInKeyVault } = require("./azure/keyVaultSecret") as typeof import("./azure/keyVaultSecret");
            return storeInKeyVault(name, value, args.azure!, valueName, opts);
        }
        case CloudProvider.Gcp: {
            const { storeInSecretManager } = require("./gcp/secretManagerSecret") as typeof import("./gcp/secretManagerSecret");
            return storeInSecretManager(name, value, args.gcp!, valueName, opts);
        }
        case CloudProvider.Vault: {
            const { storeInVault } = require("./vault/kvSecret") as typeof import("./vault/kvSecret");
            return storeInVault(name, value, args.vault!, valueName, opts);
        }
    }
}
