import * as pulumi from "@pulumi/pulumi";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { CheckedAccessArgs } from "./checkAccessArgs";
import { ACCESS_LABELS } from "./esoSecretStore";

/**
 * The ServiceAccount ESO requests tokens for, annotated with the cloud identity it maps to. No pod runs as it, so its
 * token is never mounted.
 */
export function createWorkloadServiceAccount(
    name: string,
    access: CheckedAccessArgs,
    annotations: pulumi.Input<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
): ServiceAccount {
    return new ServiceAccount(
        name,
        {
            metadata: { name: access.serviceAccountName, namespace: access.namespace, labels: ACCESS_LABELS, annotations },
            automountServiceAccountToken: false,
        },
        opts,
    );
}
