import * as pulumi from "@pulumi/pulumi";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import { GcpStoreArgs, secretManagerSecretId, ValueName } from "../cloudStoreArgs";
import { CloudProvider, StoredSecret } from "../storedSecret";
import { CLOUD_LABELS } from "../../sync/labels";

/**
 * Keeps a value as a Secret Manager secret with one version per value. Versions are immutable, so a new value
 * adds a version; the previous one is abandoned rather than destroyed and stays readable for rollback.
 */
export function storeInSecretManager(
    name: string, value: pulumi.Input<string>, args: GcpStoreArgs, valueName: ValueName, opts: pulumi.CustomResourceOptions,
): StoredSecret {
    const secret = new secretmanager.Secret(name, {
        project: args.project,
        secretId: secretManagerSecretId(args, valueName),
        replication: args.replicationLocations
            ? { userManaged: { replicas: args.replicationLocations.map((location) => ({ location })) } }
            : { auto: {} },
        labels: { ...CLOUD_LABELS, app: valueName.app },
    }, opts);
    const version = new secretmanager.SecretVersion(name, {
        secret: secret.id,
        secretData: pulumi.secret(value),
        deletionPolicy: "ABANDON",
    }, opts);
    return {
        cloud: CloudProvider.Gcp,
        remoteKey: secret.secretId,
        grantScope: secret.id,
        location: pulumi.interpolate`secretmanager:${secret.id}`,
        writtenBy: [secret, version],
        project: pulumi.output(args.project),
    };
}
