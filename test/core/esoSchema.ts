/**
 * Validates a manifest against the `external-secrets.io/v1` ExternalSecret schema of `@kubernetes-models/external-secrets`
 * (generated from ESO's CRD OpenAPI schema: required fields, types, enums such as creationPolicy and engineVersion).
 * Its limits: it accepts unknown fields, does not check `refreshInterval`'s duration format, and knows nothing of the
 * admission webhook's rules (e.g. deletionPolicy Delete together with creationPolicy Merge), which `webhookRuleErrors` covers.
 * The package is ESM-only, hence the dynamic import.
 */
export async function esoSchemaError(manifest: unknown): Promise<string | undefined> {
    const { ExternalSecret } = await import("@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret");
    try {
        new ExternalSecret(manifest as ConstructorParameters<typeof ExternalSecret>[0]).validate();
        return undefined;
    } catch (error) {
        return (error as Error).message;
    }
}

/** The ESO admission webhook's rule the schema cannot express: Delete is refused with creationPolicy Merge or None. */
export function webhookRuleErrors(manifest: { spec: { target: { creationPolicy?: string; deletionPolicy?: string } } }): string[] {
    const { creationPolicy = "Owner", deletionPolicy = "Retain" } = manifest.spec.target;
    return deletionPolicy === "Delete" && (creationPolicy === "Merge" || creationPolicy === "None")
        ? [`deletionPolicy Delete is refused with creationPolicy ${creationPolicy}`]
        : [];
}
