/**
 * IAM policy documents as AWS stores them: `Statement` may be one object or an array, and every element that takes
 * values (`Action`, `Resource`, `Principal.AWS`, condition values) may be a single value or an array.
 */

export type OneOrMore<T> = T | readonly T[];

/** `"*"`, or principals by type: `{ AWS: [...], Federated: "...", Service: "...", CanonicalUser: "..." }`. */
export type PrincipalElement = "*" | Readonly<Record<string, OneOrMore<string>>>;

/** `{ "<operator>": { "<condition key>": value | [values] } }`. */
export type ConditionElement = Readonly<Record<string, Readonly<Record<string, OneOrMore<string | number | boolean>>>>>;

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect?: string;
    readonly Principal?: PrincipalElement;
    readonly NotPrincipal?: PrincipalElement;
    readonly Action?: OneOrMore<string>;
    readonly NotAction?: OneOrMore<string>;
    readonly Resource?: OneOrMore<string>;
    readonly NotResource?: OneOrMore<string>;
    readonly Condition?: ConditionElement;
}

export interface PolicyDocument {
    readonly Version?: string;
    readonly Id?: string;
    readonly Statement?: OneOrMore<PolicyStatement>;
}

/** What the API accepts wherever a document is expected: the JSON text (as Pulumi resources carry it) or the parsed object. */
export type PolicyDocumentInput = string | PolicyDocument;

export function asList<T>(value: OneOrMore<T> | undefined): readonly T[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? value : [value as T];
}

const parsed = new Map<string, readonly PolicyStatement[]>();

/**
 * The statements of a document; `[]` for anything that is not a policy document (unparseable text, an unknown
 * Output). Parsed JSON texts are cached, as the same document is evaluated against many requests.
 */
export function statementsOf(document: unknown): readonly PolicyStatement[] {
    if (typeof document === "string") {
        let statements = parsed.get(document);
        if (statements === undefined) {
            try {
                statements = statementsOf(JSON.parse(document) as unknown);
            } catch {
                statements = [];
            }
            parsed.set(document, statements);
        }
        return statements;
    }
    if (typeof document !== "object" || document === null) {
        return [];
    }
    return asList((document as PolicyDocument).Statement).filter((s) => typeof s === "object" && s !== null);
}
