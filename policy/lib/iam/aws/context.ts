/** A request context: condition keys (case-insensitive names) and their values. */

export type AwsContextValue = string | number | boolean | readonly string[];
export type AwsRequestContext = Readonly<Record<string, AwsContextValue>>;

/**
 * How a condition key that the request context does not contain is treated:
 * - `"absent"`: as AWS does, the key is not in the request (`StringEquals` is false, `StringNotEquals` true, …);
 * - `"adversarial"`: the key may hold whatever value suits the caller, so an `Allow` whose condition depends on it
 *   applies and a `Deny` whose condition depends on it does not. For asking "can this ever be allowed?".
 */
export type UnknownKeys = "absent" | "adversarial";

/** A true/false/unknown value (unknown only with `unknownKeys: "adversarial"`). */
export type Tri = boolean | undefined;

export function and(values: Iterable<Tri>): Tri {
    let result: Tri = true;
    for (const v of values) {
        if (v === false) {
            return false;
        }
        if (v === undefined) {
            result = undefined;
        }
    }
    return result;
}

export function or(values: Iterable<Tri>): Tri {
    let result: Tri = false;
    for (const v of values) {
        if (v === true) {
            return true;
        }
        if (v === undefined) {
            result = undefined;
        }
    }
    return result;
}

export function not(value: Tri): Tri {
    return value === undefined ? undefined : !value;
}

/** The context with lower-cased key names and every value as a list of strings. */
export class NormalizedContext {
    private readonly values = new Map<string, readonly string[]>();

    constructor(context: AwsRequestContext | undefined, readonly unknownKeys: UnknownKeys) {
        for (const [key, value] of Object.entries(context ?? {})) {
            this.values.set(key.toLowerCase(), Array.isArray(value) ? value.map(String) : [String(value)]);
        }
    }

    /** The values of a key, or undefined when the request does not carry it. */
    get(key: string): readonly string[] | undefined {
        return this.values.get(key.toLowerCase());
    }
}

const VARIABLE = /\$\{([^}]*)\}/g;

/**
 * Replaces policy variables (`${aws:username}`, `${aws:PrincipalTag/team}`, `${key, 'default'}`, and the escapes
 * `${*}`, `${?}`, `${$}`) with values from the context (IAM User Guide, "IAM policy elements: Variables and tags").
 * Returns undefined when a variable has no value and no default: AWS then treats the element as not matching. With
 * `unknownKeys: "adversarial"`, `wildcard` says what stands for a variable the caller could choose (`*` in a
 * Resource; undefined in a condition, which then becomes unknown).
 */
export function substituteVariables(
    text: string,
    context: NormalizedContext,
    wildcard: string | undefined,
): { readonly value: string | undefined; readonly unknown: boolean } {
    if (!text.includes("${")) {
        return { value: text, unknown: false };
    }
    let missing = false;
    let unknown = false;
    const value = text.replace(VARIABLE, (_whole, body: string) => {
        const [rawKey, rawDefault] = body.split(",", 2);
        const key = rawKey.trim();
        if (key === "*" || key === "?" || key === "$") {
            return key;
        }
        const values = context.get(key);
        if (values !== undefined && values.length === 1) {
            return values[0];
        }
        const fallback = /^\s*'(.*)'\s*$/.exec(rawDefault ?? "");
        if (fallback) {
            return fallback[1];
        }
        if (context.unknownKeys === "adversarial" && values === undefined) {
            unknown = true;
            return wildcard ?? "";
        }
        missing = true;
        return "";
    });
    if (missing || (unknown && wildcard === undefined)) {
        return { value: undefined, unknown };
    }
    return { value, unknown };
}
