import { and, NormalizedContext, not, or, substituteVariables, Tri } from "./context";
import { asList, ConditionElement } from "./policyDocument";
import { arnMatches, globMatches } from "./patterns";

/** How one base operator compares a request value with a policy value (for negated operators: the positive form). */
type Comparison = (requestValue: string, policyValue: string) => boolean;

function numeric(compare: (a: number, b: number) => boolean): Comparison {
    return (a, b) => {
        const x = Number(a);
        const y = Number(b);
        return !Number.isNaN(x) && !Number.isNaN(y) && compare(x, y);
    };
}

function date(compare: (a: number, b: number) => boolean): Comparison {
    const time = (v: string) => (/^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v));
    return (a, b) => {
        const x = time(a);
        const y = time(b);
        return !Number.isNaN(x) && !Number.isNaN(y) && compare(x, y);
    };
}

function ipv4(value: string): number | undefined {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
    return m ? m.slice(1).reduce((n, octet) => n * 256 + Number(octet), 0) : undefined;
}

const ipInRange: Comparison = (address, cidr) => {
    const [network, bitsText] = cidr.split("/");
    const ip = ipv4(address);
    const net = ipv4(network);
    if (ip === undefined || net === undefined) {
        return address.toLowerCase() === cidr.toLowerCase();
    }
    const bits = bitsText === undefined ? 32 : Number(bitsText);
    const size = 2 ** (32 - bits);
    return Math.floor(ip / size) === Math.floor(net / size);
};

/** Base operators: the comparison, whether the operator is the negation of it, and whether variables apply to its values. */
const OPERATORS: Record<string, { readonly compare: Comparison; readonly negated: boolean; readonly variables: boolean }> = {};
function define(names: [string, string | undefined], compare: Comparison, variables: boolean): void {
    OPERATORS[names[0].toLowerCase()] = { compare, negated: false, variables };
    if (names[1] !== undefined) {
        OPERATORS[names[1].toLowerCase()] = { compare, negated: true, variables };
    }
}
define(["StringEquals", "StringNotEquals"], (a, b) => a === b, true);
define(["StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"], (a, b) => a.toLowerCase() === b.toLowerCase(), true);
define(["StringLike", "StringNotLike"], (a, b) => globMatches(b, a), true);
define(["NumericEquals", "NumericNotEquals"], numeric((a, b) => a === b), false);
define(["NumericLessThan", undefined], numeric((a, b) => a < b), false);
define(["NumericLessThanEquals", undefined], numeric((a, b) => a <= b), false);
define(["NumericGreaterThan", undefined], numeric((a, b) => a > b), false);
define(["NumericGreaterThanEquals", undefined], numeric((a, b) => a >= b), false);
define(["DateEquals", "DateNotEquals"], date((a, b) => a === b), false);
define(["DateLessThan", undefined], date((a, b) => a < b), false);
define(["DateLessThanEquals", undefined], date((a, b) => a <= b), false);
define(["DateGreaterThan", undefined], date((a, b) => a > b), false);
define(["DateGreaterThanEquals", undefined], date((a, b) => a >= b), false);
define(["Bool", undefined], (a, b) => a.toLowerCase() === b.toLowerCase(), true);
define(["BinaryEquals", undefined], (a, b) => a === b, false);
define(["IpAddress", "NotIpAddress"], ipInRange, false);
define(["ArnEquals", "ArnNotEquals"], (a, b) => arnMatches(b, a), true);
define(["ArnLike", "ArnNotLike"], (a, b) => arnMatches(b, a), true);

interface ParsedOperator {
    readonly set: "ForAnyValue" | "ForAllValues" | undefined;
    readonly base: string;
    readonly ifExists: boolean;
}

function parseOperator(operator: string): ParsedOperator {
    let rest = operator;
    let set: ParsedOperator["set"];
    const prefix = /^(ForAnyValue|ForAllValues):/i.exec(rest);
    if (prefix) {
        set = prefix[1].toLowerCase() === "foranyvalue" ? "ForAnyValue" : "ForAllValues";
        rest = rest.slice(prefix[0].length);
    }
    const ifExists = /IfExists$/i.test(rest) && rest.toLowerCase() !== "null";
    if (ifExists) {
        rest = rest.slice(0, -"IfExists".length);
    }
    return { set, base: rest.toLowerCase(), ifExists };
}

/**
 * One key under one operator (IAM User Guide, "Condition operators" and "Multivalued context keys"):
 * - several policy values are ORed; for a negated operator the result is "matches none of them";
 * - a key missing from the request: `…IfExists` is true, `ForAllValues` is true, `ForAnyValue` is false, a negated
 *   operator is true, any other operator false;
 * - `ForAllValues`: every request value matches (true for an empty set); `ForAnyValue`: at least one does;
 *   with a negated operator each value is checked for "matches none".
 */
function evaluateKey(operator: string, key: string, policyValues: readonly string[], context: NormalizedContext): Tri {
    const { set, base, ifExists } = parseOperator(operator);
    const requestValues = context.get(key);
    if (base === "null") {
        if (requestValues === undefined && context.unknownKeys === "adversarial") {
            return undefined;
        }
        const absent = requestValues === undefined || requestValues.length === 0;
        return policyValues.some((v) => v.toLowerCase() === String(absent));
    }
    const definition = OPERATORS[base];
    if (definition === undefined) {
        // AWS refuses to store a policy with an unknown operator; such a condition never holds.
        return false;
    }
    if (requestValues === undefined) {
        if (context.unknownKeys === "adversarial") {
            return undefined;
        }
        if (ifExists || set === "ForAllValues") {
            return true;
        }
        if (set === "ForAnyValue") {
            return false;
        }
        return definition.negated;
    }
    if (requestValues.length === 0) {
        return set === "ForAllValues" ? true : set === "ForAnyValue" ? false : definition.negated;
    }
    const resolved = policyValues.map((v) => (definition.variables ? substituteVariables(v, context, undefined) : { value: v, unknown: false }));
    // One value checked against every policy value: does it match any?
    const matchesAny = (requestValue: string): Tri =>
        or(resolved.map((r) => (r.value === undefined ? (r.unknown ? undefined : false) : definition.compare(requestValue, r.value))));
    const perValue = requestValues.map((rv) => (definition.negated ? not(matchesAny(rv)) : matchesAny(rv)));
    if (set === "ForAllValues") {
        return and(perValue);
    }
    if (set === "ForAnyValue") {
        return or(perValue);
    }
    // A single-valued operator on a (possibly) multivalued key: positive operators need one match, negated ones need none.
    return definition.negated ? and(perValue) : or(perValue);
}

/** A whole `Condition` element: every operator and every key under it must hold (AND). */
export function evaluateCondition(condition: ConditionElement | undefined, context: NormalizedContext): Tri {
    if (condition === undefined || condition === null || typeof condition !== "object") {
        return true;
    }
    const results: Tri[] = [];
    for (const [operator, keys] of Object.entries(condition)) {
        for (const [key, values] of Object.entries(keys ?? {})) {
            results.push(evaluateKey(operator, key, asList(values).map(String), context));
            if (results[results.length - 1] === false) {
                return false;
            }
        }
    }
    return and(results);
}

/** The condition keys a condition element tests, as written. */
export function conditionKeys(condition: ConditionElement | undefined): string[] {
    return Object.values(condition ?? {}).flatMap((keys) => Object.keys(keys ?? {}));
}
