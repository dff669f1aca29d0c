import * as pulumi from "@pulumi/pulumi";
import { SECRET_VALUE, SecretsInputError } from "./inputError";

/** A value checked against a pattern, with the fix to show when it does not match. */
export interface Rule {
    readonly pattern: RegExp;
    readonly fix: string;
}
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
 * that uses it. The error never shows the resolved value of a secret Output.
 */
export function requireInputMatch(argument: string, value: pulumi.Input<string> | undefined, rule: Rule): pulumi.Input<string> {
    if (typeof value === "string" || value === undefined || value === null) {
        return requireMatch(argument, value, rule);
    }
    return checkWhenKnown(value, (resolved, secret) => {
        if (typeof resolved !== "string" || !rule.pattern.test(resolved)) {
            throw new SecretsInputError(argument, secret ? SECRET_VALUE : resolved, rule.fix);
        }
    });
}

/**
 * Runs `check` on an Output's value once it is known (with whether the Output is secret, so errors can hide it) and
 * returns the Output, still secret if it was.
 */
export function checkWhenKnown<T>(value: pulumi.Input<T>, check: (resolved: T, secret: boolean) => void): pulumi.Output<T> {
    const output = pulumi.output(value);
    return pulumi.all([output, pulumi.output(pulumi.isSecret(output))]).apply(([resolved, secret]) => {
        check(resolved as T, secret);
        return resolved as T;
    }) as pulumi.Output<T>;
}

/** Throws when an argument that the chosen mode does not use was given, so it is not silently ignored. */
export function rejectUnused(argument: string, value: unknown, why: string): void {
    if (value !== undefined) {
        throw new SecretsInputError(argument, typeof value === "string" ? value : "(a value)", `Remove it: ${why}`);
    }
}
