import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/**
 * Endings that make a key name a credential: `DB_PASSWORD`, `rootPassword`, `admin.password`, `PGPASSWORD`,
 * `API_KEY`, `AWS_SECRET_ACCESS_KEY`, `githubToken`. Only the end of the name counts, so keys that merely talk
 * about a credential (`PASSWORD_POLICY`, `TOKEN_TTL`, `SECRET_NAME`, `DB_PASSWORD_FILE`) are not flagged.
 * `pwd` is left out on purpose: `PWD` is the working directory.
 */
const CREDENTIAL_ENDINGS = [
    "password",
    "passwords",
    "passwd",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "tokens",
    "credential",
    "credentials",
    "apikey",
    "accesskey",
    "secretkey",
    "privatekey",
];

/** `MINIO_ROOT_PASSWORD`, `rootPassword`, `APIKey`, `admin.password` -> lower-case words. */
function words(key: string): string[] {
    return key
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 0);
}

/**
 * Whether a key (ConfigMap key, env var name, parameter name segment) names a credential, unless it is in
 * `allowedKeys` (compared case-insensitively).
 */
export function isCredentialKey(key: string, allowedKeys: readonly string[]): boolean {
    if (allowedKeys.some((allowed) => allowed.toLowerCase() === key.toLowerCase())) {
        return false;
    }
    const w = words(key);
    // `existingSecret`, `EXISTING_SECRET_NAME`: the name of a Secret to read from, the pattern this pack asks for.
    if (w.length === 0 || w[0] === "existing") {
        return false;
    }
    const last = w[w.length - 1];
    const lastTwo = w.length > 1 ? w[w.length - 2] + last : last;
    return CREDENTIAL_ENDINGS.some((ending) => last.endsWith(ending) || lastTwo === ending);
}

/**
 * Whether a value is a literal that could be a credential: a non-empty string that is not just a reference
 * to another variable (`$(DB_PASSWORD)` is Kubernetes env expansion, `${VAR}` a template placeholder).
 */
export function isLiteralValue(value: unknown): boolean {
    if (typeof value !== "string") {
        return value !== undefined && value !== null;
    }
    const trimmed = value.trim();
    return trimmed.length > 0 && !/^(\$\([A-Za-z_][A-Za-z0-9_]*\)|\$\{[A-Za-z_][A-Za-z0-9_.]*\})$/.test(trimmed);
}

/** The config property every credential-name policy shares, so a false positive can be exempted. */
export const allowedKeysSchema: PolicyConfigJSONSchema = {
    type: "array",
    items: { type: "string" },
    default: [],
    description: "Key names (case-insensitive, exact) that look like credentials but are not, e.g. \"SESSION_TOKEN_AUDIENCE\".",
};
