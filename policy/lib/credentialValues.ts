import { isCredentialKey, isLiteralValue } from "./credentialNames";

/**
 * Values that are credentials whatever key they sit under: formats issued by their vendors with a fixed prefix or
 * structure. A small table rather than a scanning library: the well-kept npm scanners (secretlint's rule preset, MIT)
 * lint whole files asynchronously with a rule engine per call, too slow for a policy that sees every string of
 * every resource; the patterns follow the same vendors' documented formats (and gitleaks' / secretlint's rules).
 * Each pattern needs its full structure, so prose that mentions a vendor (`ghp_ tokens`) does not match.
 */
const TOKEN_FORMATS: ReadonlyArray<readonly [label: string, pattern: RegExp]> = [
    ["a PEM private key", /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/],
    ["a GCP service account key", /"private_key"\s*:\s*"-----BEGIN/],
    ["an AWS access key ID", /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/],
    ["a GitHub token", /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b/],
    ["a GitLab token", /\bglpat-[A-Za-z0-9_-]{20,}\b/],
    ["a Slack token", /\bxox[abposr]-[A-Za-z0-9-]{10,}/],
    ["a Slack webhook URL", /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/],
    ["a Google API key", /\bAIza[0-9A-Za-z_-]{35}\b/],
    ["a Stripe secret key", /\b[rs]k_live_[0-9A-Za-z]{20,}\b/],
    ["an OpenAI API key", /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}|\bsk-proj-[A-Za-z0-9_-]{40,}/],
    ["an Anthropic API key", /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{40,}/],
    ["a Hugging Face token", /\bhf_[A-Za-z0-9]{30,}\b/],
    ["an npm token", /\bnpm_[A-Za-z0-9]{36}\b/],
    ["a Grafana service account token", /\bglsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}\b/],
    ["a Grafana Cloud token", /\bglc_[A-Za-z0-9+/=_-]{32,}/],
    ["a Databricks token", /\bdapi[a-f0-9]{32}\b/],
    ["a DigitalOcean token", /\bdo[pro]_v1_[a-f0-9]{64}\b/],
    ["an Azure storage account key", /AccountKey=[A-Za-z0-9+/]{40,}={0,2}/],
    ["an Azure SAS signature", /[?&]sig=[A-Za-z0-9%+/=]{30,}/],
    ["a JSON Web Token", /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/],
];

/** `scheme://user:password@host`, the password part a literal (not `${VAR}`, `$(VAR)`, `{{ .x }}`, `***`). */
const URI_WITH_PASSWORD = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@'"]+:([^\s@/'"]+)@[^\s'"]/gi;

function uriHasPassword(text: string): boolean {
    for (const match of text.matchAll(URI_WITH_PASSWORD)) {
        const password = match[1];
        if (!/^(\*+|x+|\$\(.*\)|\$\{.*\}|\{\{.*\}\}|%[sv]|<[^>]*>)$/i.test(password) && !password.includes("{{")) {
            return true;
        }
    }
    return false;
}

/** Cheap pre-check: every format above and a URI password contain one of these. */
const MAYBE = /-----BEGIN|private_key|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|glpat-|xox|hooks\.slack|AIza|k_live_|sk-|hf_|npm_|gls?a_|glc_|dapi|do[pro]_v1_|AccountKey=|sig=|eyJ|:\/\//;

/**
 * What an unmistakable credential in `text` is ("a GitHub token", "a connection URI with a password"), or
 * undefined. Never returns the value itself.
 */
export function unmistakableCredential(text: string): string | undefined {
    if (text.length < 16 || !MAYBE.test(text)) {
        return undefined;
    }
    for (const [label, pattern] of TOKEN_FORMATS) {
        if (pattern.test(text)) {
            return label;
        }
    }
    return uriHasPassword(text) ? "a connection URI with a password" : undefined;
}

/** `--db-password=x`, `-password=x`, `--token x`: command-line flags that carry a credential. */
const FLAG_WITH_VALUE = /(?:^|\s)--?([A-Za-z][A-Za-z0-9_.-]*)[= ]([^\s]+)/g;
/** `PGPASSWORD=x psql …`, `export TOKEN=x`: a variable set inline in a shell line. */
const SHELL_ASSIGNMENT = /(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=([^\s;&|)]+)/g;

/**
 * Credentials in a container's `args` / `command` (or a shell line in them): `--db-password=…`, a flag followed by
 * its value as the next element, URIs with a password and unmistakable tokens. Returns what was found per element
 * index, e.g. `[1, "flag --db-password"]`.
 */
export function credentialArguments(argv: readonly unknown[], allowedKeys: readonly string[]): Array<[number, string]> {
    const found: Array<[number, string]> = [];
    argv.forEach((arg, i) => {
        if (typeof arg !== "string") {
            return;
        }
        const whole = /^--?([A-Za-z][A-Za-z0-9_.-]*)$/.exec(arg);
        if (whole && isCredentialKey(whole[1], allowedKeys) && isLiteralValue(argv[i + 1]) && !String(argv[i + 1]).startsWith("-")) {
            found.push([i + 1, `the value of flag ${arg}`]);
            return;
        }
        for (const match of arg.matchAll(FLAG_WITH_VALUE)) {
            if (isCredentialKey(match[1], allowedKeys) && isLiteralValue(match[2].replace(/^(["'])(.*)\1$/, "$2"))) {
                found.push([i, `flag --${match[1]}`]);
                return;
            }
        }
        for (const match of arg.matchAll(SHELL_ASSIGNMENT)) {
            // `PGPASSWORD=$(cat /run/secrets/pg)`: the match stops at the space, inside the command substitution.
            const commandSubstitution = /^["']?\$\(/.test(match[2]);
            if (!commandSubstitution && isCredentialKey(match[1], allowedKeys) && isLiteralValue(match[2].replace(/^(["'])(.*)\1$/, "$2"))) {
                found.push([i, `shell variable ${match[1]}`]);
                return;
            }
        }
        const token = unmistakableCredential(arg);
        if (token) {
            found.push([i, token]);
        }
    });
    return found;
}
