import { isCredentialKey, isLiteralValue } from "./credentialNames";
import { unmistakableCredential } from "./credentialValues";

/** One credential found in a value: where (a property path) and what kind, never the value. */
export interface Finding {
    /** e.g. `values.auth.passwords[1]`, `data["config.env"] line MINIO_ROOT_PASSWORD`. */
    readonly path: string;
    /** e.g. `a literal under a credential name`, `a GitHub token`. */
    readonly what: string;
}

const METADATA_KEYS = new Set(["labels", "annotations", "matchLabels", "selector", "nodeSelector", "podLabels", "podAnnotations", "commonLabels"]);

/** `existingSecret: {name, passwordKey}`, `secretKeyRef`, `valueFrom`, `envFrom`: blocks that point at a Secret. */
function isReferenceBlock(key: string): boolean {
    return /^existing|(Ref|Refs|From|Selector)$/.test(key);
}

export const NAMED_LITERAL = "a literal under a credential name";

export interface ScanOptions {
    readonly allowedKeys: readonly string[];
    /** Parse multi-line strings as config files (YAML, JSON, INI, .env) and look inside. @default false */
    readonly parseText?: (text: string, path: string) => Finding[];
}

function join(path: string, key: string): string {
    const safe = /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) ? key : JSON.stringify(key);
    if (path === "") {
        return safe === key ? key : `[${safe}]`;
    }
    return safe === key ? `${path}.${key}` : `${path}[${safe}]`;
}

function scanString(text: string, path: string, options: ScanOptions): Finding[] {
    const token = unmistakableCredential(text);
    if (token) {
        return [{ path, what: token }];
    }
    // Only a multi-line string is a config file; a one-line value that mentions a credential is prose.
    return options.parseText && text.includes("\n") ? options.parseText(text, path) : [];
}

/**
 * Every credential in a tree of values (Helm values, a parsed config file, an ExternalSecret template): literals
 * under credential-named keys (also every string of an array under one: `auth.passwords[1]`), `{name, value}`
 * entries whose name is a credential (`extraEnvVars`), and unmistakable credentials under any key.
 */
export function scanValue(value: unknown, path: string, options: ScanOptions, depth = 0): Finding[] {
    if (depth > 64) {
        return [];
    }
    if (typeof value === "string") {
        return scanString(value, path, options);
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => scanValue(v, `${path}[${i}]`, options, depth + 1));
    }
    if (typeof value !== "object" || value === null) {
        return [];
    }
    const record = value as Record<string, unknown>;
    const findings: Finding[] = [];
    // `{name: "DB_PASSWORD", value: "…"}` (env lists in chart values, Argo parameters).
    const namedValue = typeof record.name === "string" && isCredentialKey(record.name, options.allowedKeys) && isLiteralValue(record.value);
    if (namedValue) {
        findings.push({ path: `${join(path, "value")} (${record.name})`, what: NAMED_LITERAL });
    }
    for (const key of Object.keys(record)) {
        // Labels and selectors name things (`secret: mlflow-db-credentials`); they hold no values.
        if (METADATA_KEYS.has(key) || (isReferenceBlock(key) && typeof record[key] === "object")) {
            continue;
        }
        const child = record[key];
        const childPath = join(path, key);
        if (isCredentialKey(key, options.allowedKeys)) {
            if (isLiteralValue(child)) {
                findings.push({ path: childPath, what: NAMED_LITERAL });
                continue;
            }
            if (Array.isArray(child) && child.some(isLiteralValue)) {
                child.forEach((v, i) => isLiteralValue(v) && findings.push({ path: `${childPath}[${i}]`, what: NAMED_LITERAL }));
                continue;
            }
        }
        if (!(key === "value" && namedValue)) {
            findings.push(...scanValue(child, childPath, options, depth + 1));
        }
    }
    return findings;
}

/** `a, b and 2 more` lists for messages. */
export function describeFindings(findings: readonly Finding[], limit = 5): string {
    const shown = findings.slice(0, limit).map((f) => (f.what === NAMED_LITERAL ? f.path : `${f.path} (${f.what})`));
    return findings.length > limit ? `${shown.join(", ")} and ${findings.length - limit} more` : shown.join(", ");
}
