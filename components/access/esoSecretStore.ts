import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { KUBERNETES_LABELS } from "../sync/labels";
import { CheckedAccessArgs } from "./checkAccessArgs";
import { SecretStoreScope, secretStoreKind } from "./secretStoreScope";

export const ESO_API_VERSION = "external-secrets.io/v1";

/** Labels on every Kubernetes object the access components create: the package's one convention. */
export const ACCESS_LABELS: Readonly<Record<string, string>> = KUBERNETES_LABELS;

/**
 * ESO's `serviceAccountRef`. A namespaced store may only use a ServiceAccount of its own namespace (so it names none);
 * a ClusterSecretStore must say which namespace the ServiceAccount lives in.
 */
export function esoServiceAccountRef(access: CheckedAccessArgs): { name: string; namespace?: string } {
    return access.storeScope === SecretStoreScope.Cluster
        ? { name: access.serviceAccountName, namespace: access.namespace }
        : { name: access.serviceAccountName };
}

/**
 * The ESO `SecretStore` (in the access namespace) or `ClusterSecretStore` (restricted by `spec.conditions` to the
 * allowed namespaces) with the given provider block, e.g. `{aws: {...}}`.
 */
export function createEsoSecretStore(
    name: string,
    access: CheckedAccessArgs,
    provider: pulumi.Input<Record<string, unknown>>,
    opts: pulumi.CustomResourceOptions,
): CustomResource {
    const cluster = access.storeScope === SecretStoreScope.Cluster;
    return new CustomResource(
        name,
        {
            apiVersion: ESO_API_VERSION,
            kind: secretStoreKind(access.storeScope),
            metadata: {
                name: access.storeName,
                ...(cluster ? {} : { namespace: access.namespace }),
                labels: ACCESS_LABELS,
            },
            spec: {
                provider,
                ...(cluster ? { conditions: [{ namespaces: access.allowedNamespaces }] } : {}),
            },
        },
        opts,
    );
}
