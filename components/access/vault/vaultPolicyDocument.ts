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
