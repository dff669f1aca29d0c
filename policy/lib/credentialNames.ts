import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";

/**
 * Words that make a key name a credential wherever they stand in it: `DB_PASSWORD`, `DB_PASS`, `MYSQL_PWD`,
 * `rootPassword`, `admin.password`, `PGPASSWORD` (one word ending in one of them), `GITHUB_TOKEN`, `jwtSecret`,
 * `GOOGLE_CREDENTIALS`. `pwd` counts only with another word before it: `PWD` alone is the working directory.
 * `secrets` (plural) is left out: in Kubernetes it lists Secret names (`spec.secrets` of a Prometheus, `imagePullSecrets`).
 */
const CREDENTIAL_WORDS = new Set([
    "password", "passwords", "passwd", "pass", "pwd", "passphrase", "secret", "token", "credential",
    "credentials", "apikey", "secretkey", "privatekey", "clientsecret", "authtoken", "bearertoken",
]);
/** Single words that end in a credential word and are one (`PGPASSWORD`, `ROOTPASSWORD`, `APITOKEN`). */
const CREDENTIAL_ENDINGS = ["password", "passwd", "passphrase", "secret", "token", "apikey", "accesskey", "secretkey", "privatekey"];

/**
 * `key` is a credential after these words (`API_KEY`, `AWS_SECRET_ACCESS_KEY`, `AZURE_STORAGE_ACCOUNT_KEY`,
 * `AZURE_BATCH_KEY`, `encryptionKey`), and before these (`OCI_PRIVATE_KEY_CONTENT`, `SA_KEY_JSON`): the cloud
 * SDKs' and Terraform's conventions. `passwordKey`, `userKey`, `tokenKey` name a key of a Secret instead.
 */
const KEY_AFTER = new Set([
    "api", "access", "secret", "private", "account", "master", "storage", "shared", "encryption", "signing", "batch",
    "client", "app", "admin", "root", "auth", "hmac", "sas", "session", "webhook", "subscription", "primary", "secondary",
]);
const KEY_BEFORE = new Set(["content", "contents", "data", "json", "pem", "base64", "b64", "material"]);

/**
 * Words that make a credential-named key about a credential rather than one: counters and limits (`MAX_NEW_TOKENS`,
 * `PASSWORD_MIN_LENGTH`, `TOKEN_TTL`), switches (`ALLOW_EMPTY_PASSWORD`, `usePassword`, `automountServiceAccountToken`,
 * `PASSWORD_AUTH_ENABLED`), and references to where the credential lives (`DB_PASSWORD_FILE`, `SECRET_NAME`,
 * `existingSecret`, `passwordSecretRef`, `tokenPath`, `credentialsDir`).
 */
const QUALIFIERS = new Set([
    "max", "min", "num", "number", "count", "limit", "limits", "length", "len", "size", "ttl", "timeout", "expiry",
    "expires", "expiration", "lifetime", "duration", "interval", "age", "rotation", "policy", "strength", "complexity",
    "allow", "allowed", "use", "enable", "enabled", "disable", "disabled", "required", "require", "auto", "automount",
    "generate", "create", "empty", "reset", "change", "expire", "file", "files", "path", "paths", "dir", "directory",
    "name", "names", "ref", "refs", "existing", "store", "selector", "source", "mount", "volume", "header", "field",
    "audience", "issuer", "endpoint", "url", "uri", "type", "mode", "format", "prefix", "suffix", "chars", "characters",
    "version", "id", "label", "annotation", "provider", "template", "hint", "prompt", "placeholder", "description",
    "env", "var", "variable", "cmd", "command", "secretname", "secretref", "keyref", "optional", "lookup", "manager",
    "scope", "scopes", "tokens", "annotations", "labels", "rbac", "mtime", "time", "timestamp", "date", "updated",
    "created", "modified", "at", "budget", "quota", "rate", "usage", "cost", "window", "context", "per",
]);
/** A Secret referred to by name: `tls.secret`, `certSecret`, `imagePullSecrets`. */
const SECRET_NAME_BEFORE = new Set(["tls", "cert", "certificate", "ca", "pull", "image"]);

/** `MINIO_ROOT_PASSWORD`, `rootPassword`, `APIKey`, `admin.password` -> lower-case words. */
export function words(key: string): string[] {
    return key
        .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 0);
}

function isCredentialWord(word: string, index: number, all: readonly string[]): boolean {
    if (word === "pwd") {
        return index > 0;
    }
    if (word === "pass") {
        // `DB_PASS`, `MYSQL_PASS`; not `pass` alone nor `PASS_THROUGH`.
        return index > 0 && index === all.length - 1;
    }
    if (word === "key") {
        return (index > 0 && KEY_AFTER.has(all[index - 1])) || (index < all.length - 1 && KEY_BEFORE.has(all[index + 1]) && index > 0);
    }
    if (word === "secret") {
        return !(index > 0 && SECRET_NAME_BEFORE.has(all[index - 1]));
    }
    return CREDENTIAL_WORDS.has(word) || CREDENTIAL_ENDINGS.some((ending) => word.length > ending.length && word.endsWith(ending));
}

/**
 * Whether a key (env var name, ConfigMap or Helm values key, CLI flag, parameter path segment) names a credential,
 * unless it is in `allowedKeys` (compared case-insensitively). A credential word anywhere counts (`DB_PASS`,
 * `MYSQL_PWD`, `PASSWORD_DB`), unless another word makes the key about the credential (see QUALIFIERS).
 */
export function isCredentialKey(key: string, allowedKeys: readonly string[] = []): boolean {
    if (allowedKeys.length > 0 && allowedKeys.some((allowed) => allowed.toLowerCase() === key.toLowerCase())) {
        return false;
    }
    const w = words(key);
    if (w.some((word) => QUALIFIERS.has(word))) {
        return false;
    }
    // `accessKey` alone is the S3 / MinIO user name (its secret is `secretKey`); `AZURE_STORAGE_ACCESS_KEY` stays one.
    if (w.length === 2 && w[0] === "access" && w[1] === "key") {
        return false;
    }
    // `passwordKey`, `tokenKey`: the key of a Secret the value is read from.
    if (w.length > 1 && w[w.length - 1] === "key" && /^(password|passwd|token|user|username)$/.test(w[w.length - 2])) {
        return false;
    }
    return w.some((word, i) => isCredentialWord(word, i, w));
}

/** Values that switch something on or off; never a credential, whatever the key (`ALLOW_EMPTY_PASSWORD=no`). */
const SWITCH_VALUES = /^(true|false|yes|no|on|off|y|n|enabled?|disabled?|none|null|nil|~)$/i;

/**
 * References a credential-named key may hold without holding the credential: Kubernetes env expansion `$(VAR)` and
 * shell command substitution `$(cat /config/rootPassword)`,
 * shell / template variables `$VAR`, `${VAR}`, `${VAR:-x}`, Argo CD's `$dex.github.clientSecret` (a key of argocd-secret), Grafana's `$__file{…}`, `$__env{…}`, `$__vault{…}`, Go and
 * Helm templates `{{ … }}`, absolute or relative file paths (`/run/secrets/db`, `./key.pem`) and file names of a
 * mounted Secret (MinIO's `tls.privateKey: private.key`).
 */
const REFERENCE = /^(\$\(.*\)|\$[A-Za-z_][A-Za-z0-9_.:-]*|\$\{[^}]+\}|\$__(file|env|vault)\{[^}]*\}|\{\{.*\}\}|(\/|\.\.?\/|~\/)[^\s]*|file:\/\/\S+|env:[A-Za-z_][A-Za-z0-9_]*|[\w.-]+\.(key|pem|crt|cer|der|json|p12|pfx|jks|txt|env))$/s;

/**
 * Whether a value is a literal that could be a credential: a non-empty string that is not a switch word or a
 * reference. Booleans, numbers (also as digit-only strings), objects and arrays are not (arrays are walked element by
 * element by the callers).
 */
export function isLiteralValue(value: unknown): boolean {
    if (typeof value !== "string") {
        return false;
    }
    const trimmed = value.trim();
    // Digits only: a counter or a port written as a string (env values are strings), `MAX_NEW_TOKENS=4096`.
    return trimmed.length > 0 && !SWITCH_VALUES.test(trimmed) && !REFERENCE.test(trimmed) && !/^\d+$/.test(trimmed);
}

/** The config property every credential-name policy shares, so a false positive can be exempted. */
export const allowedKeysSchema: PolicyConfigJSONSchema = {
    type: "array",
    items: { type: "string" },
    default: [],
    description: "Key names (case-insensitive, exact) that look like credentials but are not, e.g. \"SESSION_TOKEN_AUDIENCE\".",
};
