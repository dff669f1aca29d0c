import { DeclaredObject } from "./kubernetesObject";

export const ESO_GROUP = "external-secrets.io";

export function isStore(d: DeclaredObject): boolean {
    return d.group === ESO_GROUP && (d.kind === "SecretStore" || d.kind === "ClusterSecretStore");
}

/** The one provider block of a store (`aws`, `azurekv`, `gcpsm`, `vault`, `kubernetes`, `fake`, …) and its name. */
export function storeProvider(d: DeclaredObject): [name: string, block: Record<string, unknown>] | undefined {
    const provider = (d.object.spec as { provider?: Record<string, unknown> } | undefined)?.provider;
    if (typeof provider !== "object" || provider === null) {
        return undefined;
    }
    const name = Object.keys(provider).find((k) => typeof provider[k] === "object" && provider[k] !== null);
    return name === undefined ? undefined : [name, provider[name] as Record<string, unknown>];
}
