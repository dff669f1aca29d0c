import { ProgramRun } from "../harness";

export const PROMETHEUS_RULE_TYPE = "kubernetes:monitoring.coreos.com/v1:PrometheusRule";

export interface CapturedRule {
    readonly alert: string;
    readonly expr: string;
    readonly for?: string;
    readonly labels: Record<string, string>;
    readonly annotations: Record<string, string>;
}

export interface CapturedRuleObject {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { name: string; namespace: string; labels: Record<string, string> };
    readonly spec: { groups: { name: string; rules: CapturedRule[] }[] };
}

/** The PrometheusRule objects a run registered, keyed by `metadata.name`, as the Kubernetes provider receives them. */
export function ruleObjects(run: ProgramRun): Map<string, CapturedRuleObject> {
    return new Map(run.resources
        .filter((r) => r.type === PROMETHEUS_RULE_TYPE)
        .map((r) => [r.inputs.metadata.name as string, r.inputs as CapturedRuleObject]));
}

export function allRules(run: ProgramRun): CapturedRule[] {
    return [...ruleObjects(run).values()].flatMap((o) => o.spec.groups.flatMap((g) => g.rules));
}

/** The one rule with this alert name and severity; fails when there is not exactly one. */
export function rule(run: ProgramRun, alert: string, severity = "warning"): CapturedRule {
    const found = allRules(run).filter((r) => r.alert === alert && r.labels.severity === severity);
    if (found.length !== 1) {
        throw new Error(`expected one ${alert} rule with severity ${severity}, found ${found.length}`);
    }
    return found[0];
}
