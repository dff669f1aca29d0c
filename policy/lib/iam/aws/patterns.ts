/**
 * The two wildcard languages of IAM: `*` (any run of characters, also none) and `?` (exactly one character), used in
 * `Action`, `Resource` and the `…Like` condition operators.
 */

const compiled = { sensitive: new Map<string, RegExp>(), insensitive: new Map<string, RegExp>() };

function globSource(pattern: string, star: string): string {
    return pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, star).replace(/\?/g, star === ".*" ? "." : "[^:]");
}

function globRegExp(pattern: string, ignoreCase: boolean): RegExp {
    const cache = ignoreCase ? compiled.insensitive : compiled.sensitive;
    let regex = cache.get(pattern);
    if (regex === undefined) {
        regex = new RegExp(`^${globSource(pattern, ".*")}$`, ignoreCase ? "is" : "s");
        cache.set(pattern, regex);
    }
    return regex;
}

/** Whether `value` matches the glob `pattern` (`*`, `?`). */
export function globMatches(pattern: string, value: string, ignoreCase = false): boolean {
    if (pattern === "*") {
        return true;
    }
    if (!pattern.includes("*") && !pattern.includes("?")) {
        return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
    }
    return globRegExp(pattern, ignoreCase).test(value);
}

export function hasWildcard(pattern: string): boolean {
    return pattern.includes("*") || pattern.includes("?");
}

/** Action names are case-insensitive: `SSM:getparameter` is `ssm:GetParameter`. */
export function actionMatches(pattern: string, action: string): boolean {
    return globMatches(pattern, action, true);
}

/** `arn:partition:service:region:account:resource` → its six parts (the resource part may contain colons). */
export function arnParts(arn: string): string[] | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") {
        return undefined;
    }
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/**
 * ARN matching as `Resource` and `ArnLike` do it: each of the six colon-separated parts is matched on its own, so a
 * wildcard in the region cannot swallow the account (IAM User Guide, "Condition operators", ARN condition operators).
 * `"*"` matches every resource. A pattern that is not a six-part ARN is matched as a plain glob.
 */
export function arnMatches(pattern: string, arn: string): boolean {
    if (pattern === "*") {
        return true;
    }
    if (!hasWildcard(pattern)) {
        return pattern === arn;
    }
    let regex = arnPatterns.get(pattern);
    if (regex === undefined) {
        const parts = arnParts(pattern);
        // Wildcards in the first five parts stay inside their part; in the resource part they may cross `:` and `/`.
        regex = parts === undefined
            ? null
            : new RegExp(`^${parts.slice(0, 5).map((p) => globSource(p, "[^:]*")).join(":")}:${globSource(parts[5], ".*")}$`, "s");
        arnPatterns.set(pattern, regex);
    }
    if (regex === null || !arn.startsWith("arn:")) {
        return globMatches(pattern, arn);
    }
    return regex.test(arn);
}

const arnPatterns = new Map<string, RegExp | null>();

/** The account id in an ARN (`arn:aws:iam::123456789012:role/x` → `123456789012`), or the value itself if it is an account id. */
export function accountOf(principal: string): string | undefined {
    if (/^\d{12}$/.test(principal)) {
        return principal;
    }
    const parts = arnParts(principal);
    return parts !== undefined && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}
