/** Which kind of External Secrets Operator store an access component creates. */
export enum SecretStoreScope {
    /**
     * A namespaced `SecretStore` next to the ServiceAccount it authenticates as. Only ExternalSecrets in that namespace
     * can use it, and the cloud identity can read only what was granted to that namespace. The default.
     */
    Namespace = "Namespace",
    /**
     * A cluster-wide `ClusterSecretStore`, usable only from the namespaces listed in `allowedNamespaces`. One identity
     * then reads the secrets of all those namespaces: any of them can sync any secret granted to the store.
     */
    Cluster = "Cluster",
}

/** The ESO kind for `secretStoreRef.kind`. */
export function secretStoreKind(scope: SecretStoreScope): string {
    return scope === SecretStoreScope.Cluster ? "ClusterSecretStore" : "SecretStore";
}
