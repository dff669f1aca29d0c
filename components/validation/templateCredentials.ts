import { SecretsInputError } from "./inputError";

// A key whose name says it holds a credential: `password`, `admin-password`, `rootPassword`, `api_key`, `token`.
const CREDENTIAL_KEY = /(pass(word|wd|phrase)?|secret|token|api[-_.]?key|access[-_.]?key|private[-_.]?key|credentials?)$/i;
// `password=...`, `PGPASSWORD: ...`, `token="..."` in literal text (template actions already blanked out).
const CREDENTIAL_ASSIGNMENT = /(pass(word|wd)?|pwd|secret|token|api[-_.]?key|access[-_.]?key)["']?\s*[:=]\s*["']?([^\s"'&;,}\u0000]+)/i;
// `scheme://user:password@host`.
const URL_PASSWORD = /:\/\/[^\s:/@\u0000]+:([^\s/@\u0000]+)@/;
const ACTION = /\{\{[^}]*\}\}/g;

/**
 * Refuses a credential written literally into a template (`templateData`): it would sit in the ExternalSecret's spec,
 * readable by everyone who may read ExternalSecrets, and unencrypted in Pulumi's state. Template actions
 * (`{{ .password }}`) are what ESO fills in from the cloud store; only the text around them is looked at.
 */
export function requireNoLiteralCredential(argument: string, key: string, template: string): void {
    const literal = template.replace(ACTION, "\u0000");
    const fix = "Keep credentials in the cloud store and reference them with template actions ({{ .password }}); " +
        "a literal one would be stored in the ExternalSecret spec and in Pulumi's state in plain text. For another credential, create another managed secret.";
    if (CREDENTIAL_KEY.test(key) && !template.includes("{{") && literal.trim() !== "") {
        throw new SecretsInputError(`${argument}.${key}`, "(a literal value, not shown)", fix);
    }
    const found = CREDENTIAL_ASSIGNMENT.exec(literal) ?? URL_PASSWORD.exec(literal);
    if (found) {
        throw new SecretsInputError(`${argument}.${key}`, "(a template with a literal credential, not shown)", fix);
    }
}
