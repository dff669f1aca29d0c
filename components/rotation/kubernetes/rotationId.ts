import * as pulumi from "@pulumi/pulumi";
import { ROTATION_ID_ANNOTATION } from "../../sync/externalSecret";
import { SecretsInputError } from "../../validation/inputError";

/** Printable ASCII without spaces: the id travels in an environment variable and an annotation value. */
const ROTATION_ID = /^[\x21-\x7e]{1,253}$/;

/**
 * Checks a rotation id that is known now (a plain string); one that is still an Output is checked by the
 * script when it runs. It is not secret: it is a timestamp or counter, stored in state and shown in diffs.
 */
export function requireRotationId(argument: string, value: pulumi.Input<string>): pulumi.Input<string> {
    if (value === undefined || value === null || (typeof value === "string" && !ROTATION_ID.test(value))) {
        throw new SecretsInputError(argument, value,
            "Pass the rotation id the ExternalSecret template writes to the Secret's annotation " +
            `${ROTATION_ID_ANNOTATION} (e.g. the password's rotatedAt timestamp): 1 to 253 printable characters without spaces.`);
    }
    return value;
}
