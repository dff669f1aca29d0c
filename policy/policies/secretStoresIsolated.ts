import { ResourceValidationPolicy } from "@pulumi/policy";
import { isStore, storeProvider } from "../lib/esoObjects";
import { declaredObjects, DeclaredObject, describeObject, objectRef, rawProps } from "../lib/kubernetesObject";

export interface SecretStoresIsolatedConfig {
    readonly allow?: readonly { readonly namespace?: string; readonly name?: string }[];
}

/** Provider fields that choose an identity for the store (any of them means the store does not fall back to ESO's own). */
const IDENTITY_FIELDS = ["auth", "authSecretRef", "serviceAccountRef", "identityId", "workloadIdentity"];

/** Why a namespaced SecretStore reads with the controller's identity, or undefined when it has its own. */
function controllerIdentity(d: DeclaredObject): string | undefined {
    const provider = storeProvider(d);
    if (provider === undefined) {
        return undefined;
    }
    const [name, block] = provider;
    if (name === "fake") {
        return undefined;
    }
    if (name === "azurekv") {
        const authType = block.authType ?? "ServicePrincipal";
        if (authType === "ManagedIdentity") {
            return "spec.provider.azurekv.authType is ManagedIdentity (the node's or the controller's identity)";
        }
        return authType === "WorkloadIdentity" && block.serviceAccountRef === undefined
            ? "spec.provider.azurekv has authType WorkloadIdentity without serviceAccountRef (the controller's ServiceAccount)"
            : undefined;
    }
    if (name === "vault") {
        // Kubernetes auth without serviceAccountRef or secretRef logs in with the controller pod's own token
        // (external-secrets/external-secrets: providers/v1/vault/auth_kubernetes.go, getJwtString).
        const auth = block.auth as Record<string, any> | undefined | null;
        const kubernetes = auth?.kubernetes;
        if (kubernetes !== undefined && kubernetes !== null && kubernetes.serviceAccountRef === undefined && kubernetes.secretRef === undefined) {
            return "spec.provider.vault.auth.kubernetes has neither serviceAccountRef nor secretRef (the controller's own token)";
        }
        if (auth === undefined || auth === null || Object.keys(auth).filter((k) => k !== "namespace").length === 0) {
            return "spec.provider.vault has no auth method";
        }
        return undefined;
    }
    return IDENTITY_FIELDS.some((f) => block[f] !== undefined) ? undefined : `spec.provider.${name} has no auth block`;
}

const MATCH_ALL = /^\^?\.[*+]\$?$/;

/** Why a ClusterSecretStore is usable from every namespace, or undefined when every condition restricts it. */
function unrestricted(d: DeclaredObject): string | undefined {
    const conditions = (d.object.spec as { conditions?: unknown } | undefined)?.conditions;
    if (!Array.isArray(conditions) || conditions.length === 0) {
        return "it has no spec.conditions";
    }
    for (const [i, condition] of (conditions as any[]).entries()) {
        const namespaces = Array.isArray(condition?.namespaces) ? condition.namespaces : [];
        const regexes: unknown[] = Array.isArray(condition?.namespaceRegexes) ? condition.namespaceRegexes : [];
        const selector = condition?.namespaceSelector;
        const selects = selector !== undefined && (Object.keys(selector?.matchLabels ?? {}).length > 0 || (selector?.matchExpressions ?? []).length > 0);
        const restricting = namespaces.length > 0 || selects || (regexes.length > 0 && !regexes.some((r) => typeof r === "string" && MATCH_ALL.test(r)));
        if (!restricting) {
            return `spec.conditions[${i}] matches every namespace`;
        }
    }
    return undefined;
}

/**
 * A namespaced SecretStore without its own identity reads with the ESO controller's (EKS Pod Identity on the
 * controller, node or controller managed identity, the controller's GKE identity): any tenant that can create a
 * SecretStore in its namespace reads everything the controller can. A ClusterSecretStore without conditions can
 * be used from every namespace.
 */
export const secretStoresIsolated: ResourceValidationPolicy = {
    name: "secret-stores-isolated",
    description:
        "External Secrets Operator stores must keep namespaces apart: a SecretStore must authenticate with its own identity " +
        "(aws auth.jwt.serviceAccountRef, azurekv authType WorkloadIdentity with serviceAccountRef, gcpsm auth.workloadIdentity, " +
        "vault auth.kubernetes with serviceAccountRef), " +
        "not fall back to the controller's; a ClusterSecretStore must list the namespaces that may use it in spec.conditions.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allow: {
                type: "array",
                description: "Stores exempted, e.g. a shared read-only store on purpose. Each entry matches on every field it gives (namespace, name).",
                items: {
                    type: "object",
                    properties: { namespace: { type: "string" }, name: { type: "string" } },
                    additionalProperties: false,
                    minProperties: 1,
                },
                default: [],
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const stores = declaredObjects(args.type, rawProps(args)).filter(isStore);
        if (stores.length === 0) {
            return;
        }
        const allow = args.getConfig<SecretStoresIsolatedConfig>().allow ?? [];
        for (const store of stores) {
            const { namespace, name } = objectRef(store.object, args.name);
            const clusterWide = store.kind === "ClusterSecretStore";
            if (allow.some((a) => (a.name === undefined || a.name === name) && (a.namespace === undefined || (!clusterWide && a.namespace === namespace)))) {
                continue;
            }
            const label = clusterWide ? `ClusterSecretStore "${name}"${store.path ? ` at ${store.path}` : ""}` : describeObject(store, args.name);
            if (clusterWide) {
                const why = unrestricted(store);
                if (why) {
                    reportViolation(`${label} can be used from every namespace: ${why}. Add spec.conditions: [{namespaces: [...]}] naming the namespaces that may read through it.`);
                }
            } else {
                const why = controllerIdentity(store);
                if (why) {
                    reportViolation(
                        `${label} reads with the External Secrets controller's own identity: ${why}. Give it a per-namespace ` +
                        `identity (aws auth.jwt.serviceAccountRef, azurekv WorkloadIdentity with serviceAccountRef, gcpsm ` +
                        `auth.workloadIdentity), or allow-list it in this policy's config.`,
                    );
                }
            }
        }
    },
};
