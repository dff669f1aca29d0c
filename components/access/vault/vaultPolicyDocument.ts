import { SecretsInputError } from "../../validation/inputError";

/** One KV v2 read path, `<mount>/data/<path>`: plain segments only, so the policy names exactly one secret. */
const EXACT_KV_DATA_PATH = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\/data\/[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/**
 * Throws unless `path` is one KV v2 secret's data path (`<mount>/data/<path>`): no glob (`*`, `+`), no trailing '/',
 * no `.`/`..` segment — Vault matches policy paths literally except for those globs, so such a path names one secret.
 */
export function requireExactKvDataPath(argument: string, path: string): string {
    if (typeof path !== "string" || !EXACT_KV_DATA_PATH.test(path) || path.split("/").some((s) => s === "." || s === "..")) {
        throw new SecretsInputError(argument, path,
            "A Vault read grant names one KV v2 secret's data path, <mount>/data/<path> (e.g. \"secret/data/mlops-platform-dev/mlflow/db-password\"), without '*' or '+'.");
    }
    return path;
}

/**
 * The Vault policy (JSON form, which Vault accepts as well as HCL) that lets its holder read exactly the given KV v2
 * secrets: `read` on each `<mount>/data/<path>` and nothing else — no `list`, no metadata, no globs.
 */
export function vaultReadPolicyDocument(paths: string[]): string {
    const exact = [...new Set(paths.map((p) => requireExactKvDataPath("policy path", p)))].sort();
    return JSON.stringify({ path: Object.fromEntries(exact.map((p) => [p, { capabilities: ["read"] }])) }, null, 2);
}

/** One exact Vault API path: plain segments, no glob (`*`, `+`), no `.`/`..` segment (e.g. `database/creds/mlflow`). */
const EXACT_PATH = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/** Capabilities a grant of this package may give: reading, or the POST some read-like endpoints need. Never sudo. */
export const GRANTABLE_CAPABILITIES = ["read", "update"];

/**
 * A Vault policy (JSON form) giving `capabilities` on exactly one path, e.g. `read` on `database/creds/mlflow` for
 * dynamic credentials. Refuses globs, `sudo`, `list`, `create` and `delete`.
 */
export function vaultPathPolicyDocument(path: string, capabilities: string[]): string {
    if (typeof path !== "string" || !EXACT_PATH.test(path) || path.split("/").some((s) => s === "." || s === "..")) {
        throw new SecretsInputError("policy path", path, "Name one exact Vault path, e.g. \"database/creds/mlflow\", without '*' or '+'.");
    }
    if (!Array.isArray(capabilities) || capabilities.length === 0 || capabilities.some((c) => !GRANTABLE_CAPABILITIES.includes(c))) {
        throw new SecretsInputError("capabilities", capabilities, `Use a non-empty subset of ${GRANTABLE_CAPABILITIES.join(", ")}.`);
    }
    return JSON.stringify({ path: { [path]: { capabilities: [...new Set(capabilities)].sort() } } }, null, 2);
}
