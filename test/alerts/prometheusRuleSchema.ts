/**
 * Validates an object against the PrometheusRule schema of `@kubernetes-models/prometheus-operator` (generated from the
 * operator's Go types: required fields, types, duration patterns). The package is ESM-only, hence the dynamic import.
 * It does not reject unknown fields; `promtool check rules` does, on the rule groups.
 */
export async function prometheusRuleSchemaError(object: unknown): Promise<string | undefined> {
    const { PrometheusRule } = await import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule");
    try {
        new PrometheusRule(object as ConstructorParameters<typeof PrometheusRule>[0]).validate();
        return undefined;
    } catch (error) {
        return (error as Error).message;
    }
}
