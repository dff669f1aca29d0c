import * as YAML from "yaml";
import { isCredentialKey, isLiteralValue } from "./credentialNames";
import { unmistakableCredential } from "./credentialValues";
import { Finding, NAMED_LITERAL, scanValue } from "./valueScan";

/**
 * `KEY=value`, `key = value`, `key: value`, `export KEY=value`, `- key: value`: one assignment per line, the shape
 * shared by .env files, INI (grafana.ini), Java properties, TOML and flat or nested YAML.
 */
const ASSIGNMENT = /^\s*(?:-\s+)?(?:export\s+)?["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[=:]\s*(.*)$/;

function stripValue(raw: string): string {
    let value = raw.trim();
    const quoted = /^(["'])(.*)\1\s*(?:[#;].*)?$/.exec(value);
    if (quoted) {
        return quoted[2];
    }
    // Inline comments after whitespace (INI `;`, shell and YAML `#`).
    value = value.replace(/\s+[#;].*$/, "");
    return value.trim();
}

/**
 * Credentials inside a configuration file's text (a ConfigMap value, a multi-line Helm value): JSON is parsed and
 * walked; anything else is read line by line as assignments. Grafana's `admin_password = $__file{…}` and other
 * references pass; `PASSWORD_POLICY = at least 32 characters` passes by its name.
 */
export function scanConfigText(text: string, path: string, allowedKeys: readonly string[]): Finding[] {
    const trimmed = text.trim();
    if (/^[[{]/.test(trimmed)) {
        try {
            return scanValue(JSON.parse(trimmed), path, { allowedKeys });
        } catch {
            // Not JSON after all (a YAML flow map, an INI section header): read it line by line.
        }
    }
    if (/^\s*[A-Za-z_"'-][^\n]*:(\s|$)/m.test(trimmed)) {
        const document = parseYamlObject(trimmed);
        if (document !== undefined) {
            return scanValue(document, path, { allowedKeys, parseText: (t, p) => scanConfigText(t, p, allowedKeys) });
        }
    }
    const findings: Finding[] = [];
    const lines = text.split("\n");
    lines.forEach((line, i) => {
        if (/^\s*[#;]/.test(line)) {
            return;
        }
        const match = ASSIGNMENT.exec(line);
        if (match && isCredentialKey(match[1], allowedKeys) && isLiteralValue(stripValue(match[2])) && !/^[|>][-+]?\s*$/.test(match[2].trim())) {
            findings.push({ path: `${path} line ${i + 1} (${match[1]})`, what: NAMED_LITERAL });
            return;
        }
        const token = unmistakableCredential(line);
        if (token) {
            findings.push({ path: `${path} line ${i + 1}`, what: token });
        }
    });
    // A PEM key spans lines; its BEGIN line alone is matched above.
    return findings;
}

/** A YAML mapping or sequence, or undefined when the text is not one (an INI file, an env file, prose). */
function parseYamlObject(text: string): unknown {
    try {
        const parsed: unknown = YAML.parse(text, { logLevel: "silent", uniqueKeys: false });
        return typeof parsed === "object" && parsed !== null ? parsed : undefined;
    } catch {
        return undefined;
    }
}
