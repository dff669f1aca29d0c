import { ResourceValidationPolicy } from "@pulumi/policy";
import { declaredObjects, DeclaredObject, describeObject, isSecret, objectRef, rawProps } from "../lib/kubernetesObject";

/** One allow-list entry: every field given must match; a field left out matches anything. */
export interface AllowedSecret {
    readonly namespace?: string;
    readonly name?: string;
    readonly type?: string;
}

export interface NoPlainKubernetesSecretsConfig {
    readonly allow?: readonly AllowedSecret[];
}

function isAllowed(allow: readonly AllowedSecret[], namespace: string, name: string, type: string): boolean {
    return allow.some((entry) =>
        (entry.namespace === undefined || entry.namespace === namespace) &&
        (entry.name === undefined || entry.name === name) &&
        (entry.type === undefined || entry.type === type),
    );
}

/** The Secrets a resource declares: each Secret, and a SecretList with no items (it is one, if empty). */
function declaredSecrets(objects: readonly DeclaredObject[]): DeclaredObject[] {
    return objects.filter((d) => isSecret(d) && (d.kind === "Secret" || !Array.isArray(d.object.items) || d.object.items.length === 0));
}

/**
 * A Secret written by Pulumi has its value in the program, the state file and the rendered manifest. The platform
 * keeps values in the cloud secret store and lets External Secrets Operator create the Secret in the cluster.
 * The policy decides by what a resource declares, not its type token: typed Secrets, SecretPatch, SecretList, a
 * CustomResource or any resource with `apiVersion: v1, kind: Secret`, and Secrets inside YAML ConfigGroup /
 * ConfigFile text. Secrets a Helm chart renders reach the pack as child resources of these same kinds.
 */
export const noPlainKubernetesSecrets: ResourceValidationPolicy = {
    name: "no-plain-kubernetes-secrets",
    description:
        "Kubernetes Secrets must not be managed by Pulumi, whatever declares them (Secret, SecretPatch, SecretList even empty, " +
        "a CustomResource or YAML text with kind: Secret, a Secret rendered by a YAML or Helm component): keep the value in " +
        "the cloud secret store and sync it with an External Secrets Operator ExternalSecret (this package's PlatformSecret does both).",
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
    validateResource: (args, reportViolation) => {
        const secrets = declaredSecrets(declaredObjects(args.type, rawProps(args)));
        const allow = args.getConfig<NoPlainKubernetesSecretsConfig>().allow ?? [];
        for (const secret of secrets) {
            const { namespace, name } = objectRef(secret.object, args.name);
            const type = typeof secret.object.type === "string" ? secret.object.type : "Opaque";
            if (!isAllowed(allow, namespace, name, type)) {
                reportViolation(
                    `${describeObject(secret, args.name)} (type ${type}) is managed by Pulumi. Put its value in the cloud secret ` +
                    `store and declare an ExternalSecret (or a PlatformSecret) that creates it instead; if it must stay, allow-list ` +
                    `it in this policy's config (allow: [{namespace: "${namespace}", name: "${name}"}]).`,
                );
            }
        }
    },
};
