import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { SecretV2 } from "@pulumi/vault/kv";
import { ValueName, VaultStoreArgs, vaultMountPath, vaultPolicyPath, vaultSecretPath } from "../cloudStoreArgs";
import { CloudProvider, StoredSecret } from "../storedSecret";
import { CLOUD_LABELS } from "../../sync/labels";

/** The one field of every KV v2 secret this package writes; ESO reads it as `remoteRef.property`. */
export const VAULT_VALUE_FIELD = "value";

/**
 * The write-only value's version: a number derived from the value, so a new value (a rotation) writes a new KV version
 * and an unchanged one writes nothing. Secret, like the value it is derived from.
 */
function writeVersion(document: pulumi.Output<string>): pulumi.Output<number> {
    return pulumi.secret(document.apply((d) => parseInt(createHash("sha256").update(d).digest("hex").slice(0, 12), 16)));
}

/**
 * Keeps a value as a KV version 2 secret at `<mount>/data/<pathPrefix>/<app>/<name>`, in one field (`value`). The value
 * goes through the write-only `dataJsonWo`, so the provider never reads it back into the resource's outputs; a new value
 * is a new KV version (older versions stay readable for rollback, up to `maxVersions`). The mount must exist.
 */
export function storeInVault(
    name: string, value: pulumi.Input<string>, args: VaultStoreArgs, valueName: ValueName, opts: pulumi.CustomResourceOptions,
): StoredSecret {
    const mount = vaultMountPath(args);
    const path = vaultSecretPath(args, valueName);
    const document = pulumi.secret(pulumi.output(value).apply((v) => JSON.stringify({ [VAULT_VALUE_FIELD]: v })));
    const secret = new SecretV2(name, {
        mount,
        name: path,
        ...(args.namespace === undefined ? {} : { namespace: args.namespace }),
        dataJsonWo: document,
        dataJsonWoVersion: writeVersion(document),
        customMetadata: {
            maxVersions: args.maxVersions ?? 10,
            data: { ...CLOUD_LABELS, app: valueName.app },
        },
    }, opts);
    return {
        cloud: CloudProvider.Vault,
        remoteKey: secret.name,
        grantScope: secret.name.apply((n) => vaultPolicyPath(mount, n)),
        location: secret.name.apply((n) => `vault:${args.namespace ? `${args.namespace}/` : ""}${vaultPolicyPath(mount, n)}`),
        writtenBy: [secret],
        remoteProperty: VAULT_VALUE_FIELD,
        vaultMount: pulumi.output(mount),
    };
}
