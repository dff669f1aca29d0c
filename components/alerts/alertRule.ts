/** The `severity` label Alertmanager routes on (the values kube-prometheus-stack's own rules use). */
export enum AlertSeverity {
    Warning = "warning",
    Critical = "critical",
}

/** The annotations every alert of this package carries. */
export interface AlertAnnotations {
    readonly summary: string;
    readonly description: string;
    /** Where the on-call engineer reads what to do: a README section. */
    readonly runbook_url: string;
}

/** One alerting rule, in the shape of a prometheus-operator `PrometheusRule` rule. */
export interface AlertRule {
    readonly alert: string;
    readonly expr: string;
    /** How long the condition must hold before the alert fires; absent when the condition cannot flap. */
    readonly for?: string;
    readonly labels: Record<string, string>;
    readonly annotations: AlertAnnotations;
}

/** A named group of rules; Prometheus evaluates a group's rules together. */
export interface AlertRuleGroup {
    readonly name: string;
    readonly rules: AlertRule[];
}

/**
 * How alert templates name an object's namespace. cert-manager and ESO export a `namespace` label that the
 * ServiceMonitor renames to `exported_namespace` unless `honorLabels` is set, so the templates accept either.
 */
export const OBJECT_NAMESPACE_TEMPLATE = "{{ or $labels.exported_namespace $labels.namespace }}";
