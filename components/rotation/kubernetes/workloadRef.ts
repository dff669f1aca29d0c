import { SecretsInputError } from "../../validation/inputError";
import { requireDns1123Subdomain } from "../../validation/kubernetesNames";

/** Kinds `kubectl rollout restart` and `kubectl rollout status` accept. */
const RESTARTABLE_KINDS = ["deployment", "statefulset", "daemonset"];

/** A `kind/name` reference such as `deployment/mlflow`, in the form kubectl takes it. */
export function requireWorkloadRef(argument: string, value: string): string {
    const [kind, name, ...rest] = typeof value === "string" ? value.split("/") : [];
    if (!RESTARTABLE_KINDS.includes(kind) || name === undefined || rest.length > 0) {
        throw new SecretsInputError(argument, value,
            `Use "<kind>/<name>" with kind one of ${RESTARTABLE_KINDS.join(", ")} (the kinds kubectl can restart), e.g. "deployment/mlflow".`);
    }
    requireDns1123Subdomain(`${argument} (name after "${kind}/")`, name);
    return value;
}

/** A list of distinct workload references; duplicates are refused, they would restart a workload twice. */
export function requireWorkloadRefs(argument: string, values: readonly string[]): string[] {
    if (!Array.isArray(values)) {
        throw new SecretsInputError(argument, values, 'Use a list such as ["deployment/mlflow"]; an empty list only waits for the sync.');
    }
    values.forEach((value, i) => requireWorkloadRef(`${argument}[${i}]`, value));
    const duplicate = values.find((value, i) => values.indexOf(value) !== i);
    if (duplicate !== undefined) {
        throw new SecretsInputError(argument, values, `List each workload once; "${duplicate}" appears more than once.`);
    }
    return [...values];
}
