import { SecretsInputError } from "./inputError";

/** Kubernetes label keys (optional DNS prefix, name of at most 63) and values (at most 63, may be empty). */
const LABEL_KEY = /^(?:[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** A map of Kubernetes labels, checked and in sorted key order (so the inputs do not change with the order given). */
export function requireLabels(argument: string, labels: { [key: string]: string }): { [key: string]: string } {
    if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
        throw new SecretsInputError(argument, labels, 'Give a map of label names to values, e.g. { release: "kube-prometheus-stack" }.');
    }
    for (const [key, value] of Object.entries(labels)) {
        if (!LABEL_KEY.test(key)) {
            throw new SecretsInputError(`${argument} key`, key, "Use a Kubernetes label name: an optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.'.");
        }
        if (typeof value !== "string" || !LABEL_VALUE.test(value)) {
            throw new SecretsInputError(`${argument}["${key}"]`, value, "Use a Kubernetes label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.");
        }
    }
    return Object.fromEntries(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}
