import { ResourceValidationPolicy } from "@pulumi/policy";
import { KubernetesObject, objectRef } from "../lib/kubernetesObject";
import { whenType } from "../lib/whenType";

/** One allow-list entry: every field given must match; a field left out matches anything. */
export interface AllowedSecret {
    readonly namespace?: string;
    readonly name?: string;
    readonly type?: string;
}

export interface NoPlainKubernetesSecretsConfig {
    readonly allow?: readonly AllowedSecret[];
}

interface SecretProps extends KubernetesObject {
    readonly type?: string;
    readonly items?: readonly SecretProps[];
}

export const SECRET_TYPES = [
    "kubernetes:core/v1:Secret",
    "kubernetes:core/v1:SecretPatch",
    "kubernetes:core/v1:SecretList",
];

function isAllowed(allow: readonly AllowedSecret[], namespace: string, name: string, type: string): boolean {
    return allow.some((entry) =>
        (entry.namespace === undefined || entry.namespace === namespace) &&
        (entry.name === undefined || entry.name === name) &&
        (entry.type === undefined || entry.type === type),
    );
}

/**
 * A Secret written by Pulumi has its value in the program, the state file and the rendered manifest. The platform
 * keeps values in the cloud secret store and lets External Secrets Operator create the Secret in the cluster.
 * Secrets a YAML or Helm component renders are registered as child resources of these same types, so they are
 * checked too.
 */
export const noPlainKubernetesSecrets: ResourceValidationPolicy = {
    name: "no-plain-kubernetes-secrets",
    description:
        "Kubernetes Secrets (Secret, SecretPatch, SecretList, also when rendered by a YAML or Helm component) must not be " +
        "managed by Pulumi: keep the value in the cloud secret store and sync it with an External Secrets Operator " +
        "ExternalSecret (this package's PlatformSecret does both).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allow: {
                type: "array",
                description:
                    "Secrets that may be managed directly, for the rare legitimate case. Each entry matches on every field it " +
                    "gives: namespace (default \"default\"), name (metadata.name, or the resource name when Pulumi autonames) and " +
                    "type (default \"Opaque\").",
                items: {
                    type: "object",
                    properties: {
                        namespace: { type: "string" },
                        name: { type: "string" },
                        type: { type: "string" },
                    },
                    additionalProperties: false,
                    minProperties: 1,
                },
                default: [],
            },
        },
    },
    validateResource: whenType(SECRET_TYPES, (args, reportViolation) => {
        const allow = args.getConfig<NoPlainKubernetesSecretsConfig>().allow ?? [];
        const props = args.props as SecretProps;
        const secrets = args.type === "kubernetes:core/v1:SecretList" ? props.items ?? [] : [props];
        for (const secret of secrets) {
            const { namespace, name } = objectRef(secret, args.name);
            const type = secret.type ?? "Opaque";
            if (!isAllowed(allow, namespace, name, type)) {
                reportViolation(
                    `Secret "${namespace}/${name}" (type ${type}) is managed by Pulumi. Put its value in the cloud secret store ` +
                    `and create an ExternalSecret instead, or, if it must stay, allow-list it in this policy's config ` +
                    `(allow: [{namespace: "${namespace}", name: "${name}"}]).`,
                );
            }
        }
    }),
};
