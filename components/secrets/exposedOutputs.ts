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

export function exposedOutputs(secret: PlatformSecret): ExposedSecretOutputs {
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
