/**
 * Thrown for a bad component argument, before any resource is registered. The message names the argument,
 * shows the value it got (never a secret: callers pass only non-secret values) and says how to fix it.
 */
export class SecretsInputError extends Error {
    constructor(
        readonly argument: string,
        readonly value: unknown,
        readonly fix: string,
    ) {
        super(`Invalid argument "${argument}": got ${describe(value)}. ${fix}`);
        this.name = "SecretsInputError";
    }
}

function describe(value: unknown): string {
    if (value === undefined) {
        return "nothing (the argument is missing)";
    }
    return JSON.stringify(value) ?? String(value);
}
