import * as pulumi from "@pulumi/pulumi";
import { SecretsInputError } from "../validation/inputError";

/** A value checked against a pattern, with the fix to show when it does not match. */
export interface Rule {
    readonly pattern: RegExp;
    readonly fix: string;
}

export const DNS1123_LABEL: Rule = {
    pattern: /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    fix: "Use a DNS-1123 label: at most 63 lower-case letters, digits or '-', starting and ending with a letter or digit (e.g. \"mlflow\").",
};

export const DNS1123_SUBDOMAIN: Rule = {
    pattern: /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    fix: "Use a DNS-1123 subdomain: at most 253 lower-case letters, digits, '-' or '.', starting and ending with a letter or digit (e.g. \"external-secrets-reader\").",
};

export const CLUSTER_NAME: Rule = {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/,
    fix: "Use the cluster's name: 1-100 letters, digits, '-' or '_', starting with a letter or digit (e.g. \"mlops-dev\").",
};

export const HTTPS_URL: Rule = {
    pattern: /^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[^\s?#]*)?$/,
    fix: "Use the full https:// URL without query or fragment (e.g. \"https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\").",
};

export const GUID: Rule = {
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    fix: "Use a GUID such as \"00000000-0000-0000-0000-000000000000\" (an Entra object id, not a name or client secret).",
};

/** Throws a SecretsInputError unless `value` is a string that matches the rule. */
export function requireMatch(argument: string, value: unknown, rule: Rule): string {
    if (typeof value !== "string" || !rule.pattern.test(value)) {
        throw new SecretsInputError(argument, value, rule.fix);
    }
    return value;
}

/**
 * Checks an input that may only be known at deployment: a plain string (or a missing value) is checked now, before
 * any resource is registered; an Output is checked when it resolves, and the deployment then fails on the resource
 * that uses it.
 */
export function requireInputMatch(argument: string, value: pulumi.Input<string> | undefined, rule: Rule): pulumi.Input<string> {
    if (typeof value === "string" || value === undefined || value === null) {
        return requireMatch(argument, value, rule);
    }
    return pulumi.output(value).apply((resolved) => requireMatch(argument, resolved, rule));
}

/** Throws when an argument that the chosen mode does not use was given, so it is not silently ignored. */
export function rejectUnused(argument: string, value: unknown, why: string): void {
    if (value !== undefined) {
        throw new SecretsInputError(argument, typeof value === "string" ? value : "(a value)", `Remove it: ${why}`);
    }
}
