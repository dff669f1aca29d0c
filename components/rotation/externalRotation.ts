import * as pulumi from "@pulumi/pulumi";
import type { StoredSecret } from "../stores/storedSecret";

/**
 * A secret that something other than `pulumi up` rotates (e.g. AWS Secrets Manager with its rotation function). The
 * PlatformSecret then generates the first value once, stores it once and never writes it again, runs no consumer update,
 * forced sync or restart of its own, and marks the consumers for the Reloader instead. Typed secrets pass one to the
 * PlatformSecret beneath them (a constructor parameter, not an argument, so it stays out of the multi-language schema).
 */
export interface ExternalRotation {
    /** What rotates the secret, for messages and docs, e.g. "AWS Secrets Manager". */
    readonly rotatedBy: string;
    /** The value to store, derived from the first generated password (e.g. a JSON document): stored once. */
    storedValue(firstPassword: pulumi.Output<string>): pulumi.Output<string>;
    /** Options for the resource that holds the value, e.g. `ignoreChanges` so that Pulumi never writes over the rotator. */
    readonly versionOptions: pulumi.CustomResourceOptions;
    /** Creates the rotation for the stored value, in the same turn as the store (its resource policy is still open). */
    attach(stored: StoredSecret, parent: pulumi.Resource): void;
}
