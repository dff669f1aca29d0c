/**
 * Thrown for a bad component argument, before any resource is registered. The message names the argument,
 * shows the value it got (never a secret: callers pass only non-secret values, and `SECRET_VALUE` in place of a
 * secret one) and says how to fix it.
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

/** Stands in for a value that must not be shown, e.g. the resolved value of a secret Output. */
export const SECRET_VALUE: unique symbol = Symbol("a secret value (not shown)");

function describe(value: unknown): string {
    if (value === undefined) {
        return "nothing (the argument is missing)";
    }
    if (value === SECRET_VALUE) {
        return "a secret value (not shown)";
    }
    // JSON has no NaN or Infinity (it would print null); show them as JavaScript does, also inside objects and arrays.
    const nonFinite = new Map<string, number>();
    const json = JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === "number" && !Number.isFinite(v)) {
            const marker = `\u0000${nonFinite.size}\u0000`;
            nonFinite.set(marker, v);
            return marker;
        }
        if (typeof v === "bigint") {
            return Number(v);
        }
        return v;
    });
    if (json === undefined) {
        return String(value);
    }
    return [...nonFinite].reduce((text, [marker, n]) => text.replace(JSON.stringify(marker), String(n)), json);
}
