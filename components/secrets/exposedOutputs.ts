import * as pulumi from "@pulumi/pulumi";
import { PlatformSecret } from "./platformSecret";

/** The outputs every typed secret passes on from the PlatformSecret beneath it. */
export interface ExposedSecretOutputs {
    readonly password: pulumi.Output<string>;
    readonly cloudLocation: pulumi.Output<string>;
    readonly kubernetesSecretName: pulumi.Output<string>;
    readonly kubernetesNamespace: pulumi.Output<string>;
    readonly kubernetesSecretKeys: pulumi.Output<string[]>;
    readonly rotatedAt: pulumi.Output<string>;
    readonly rotatedAtUnix: pulumi.Output<number>;
    readonly rotationDays: pulumi.Output<number>;
}

// The PlatformSecret beneath each typed secret, kept beside it so the typed class has only Output properties (schema).
const BENEATH = new WeakMap<pulumi.ComponentResource, PlatformSecret>();

/** Copies the PlatformSecret's outputs onto the typed secret and returns them for `registerOutputs`. */
export function exposeSecret(typed: pulumi.ComponentResource, secret: PlatformSecret): ExposedSecretOutputs {
    BENEATH.set(typed, secret);
    const outputs = exposedOutputs(secret);
    Object.assign(typed, outputs);
    return outputs;
}

/** The PlatformSecret beneath a typed secret. */
export function platformSecretOf(typed: pulumi.ComponentResource): PlatformSecret {
    return BENEATH.get(typed)!;
}

function exposedOutputs(secret: PlatformSecret): ExposedSecretOutputs {
    return {
        password: secret.password,
        cloudLocation: secret.cloudLocation,
        kubernetesSecretName: secret.kubernetesSecretName,
        kubernetesNamespace: secret.kubernetesNamespace,
        kubernetesSecretKeys: secret.kubernetesSecretKeys,
        rotatedAt: secret.rotatedAt,
        rotatedAtUnix: secret.rotatedAtUnix,
        rotationDays: secret.rotationDays,
    };
}
