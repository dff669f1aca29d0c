import * as pulumi from "@pulumi/pulumi";
import { CloudProvider, StoredSecret } from "../stores/storedSecret";
import { SecretsInputError } from "../validation/inputError";
import { DNS1123_LABEL } from "../validation/kubernetesNames";
import { requireMatch } from "../validation/rules";

// Kept outside the components: every class property becomes an output of the component's schema, and this
// deploy-time bookkeeping is not one.
const grantPrefixes = new WeakMap<pulumi.ComponentResource, string>();

/** Records the component's name, from which its grants' resource names are derived. */
export function rememberGrantPrefix(access: pulumi.ComponentResource, name: string): void {
    grantPrefixes.set(access, name);
}

/**
 * The resource name of the grant `grantName` made by `access`: `<access name>-read-<grantName>`. Stable for a given
 * secret, so adding or removing one secret adds or removes exactly one grant. Two grants with one name fail with
 * Pulumi's duplicate-URN error.
 */
export function grantResourceName(access: pulumi.ComponentResource, grantName: string): string {
    requireMatch("grantRead name", grantName, {
        pattern: DNS1123_LABEL.pattern,
        fix: "Name the grant after the secret with a DNS-1123 label (e.g. \"mlflow-db-password\"); it becomes part of the grant's resource name.",
    });
    return `${grantPrefixes.get(access)}-read-${grantName}`;
}

/** Throws unless the stored secret lives in the cloud this grant is for. */
export function requireCloud(argument: string, secret: StoredSecret, cloud: CloudProvider): void {
    if (secret === undefined || secret === null) {
        throw new SecretsInputError(argument, secret, "Pass the StoredSecret returned by the secret's store.");
    }
    if (secret.cloud !== cloud) {
        throw new SecretsInputError(
            `${argument}.cloud`,
            secret.cloud,
            `This grant gives ${cloud} identities read access; grant a ${secret.cloud} secret with the ${secret.cloud} access component or grant function.`,
        );
    }
}
