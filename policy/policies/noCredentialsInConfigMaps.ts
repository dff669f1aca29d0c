import { ResourceValidationPolicy } from "@pulumi/policy";
import { scanConfigText } from "../lib/configText";
import { allowedKeysSchema, isCredentialKey, isLiteralValue } from "../lib/credentialNames";
import { unmistakableCredential } from "../lib/credentialValues";
import { declaredObjects, DeclaredObject, describeObject, rawProps } from "../lib/kubernetesObject";
import { describeFindings, Finding, NAMED_LITERAL } from "../lib/valueScan";

export interface NoCredentialsInConfigMapsConfig {
    readonly allowedKeys?: readonly string[];
}

/** Decoded `binaryData` as text when it is text (a config file stored base64), else undefined. */
function decodedText(value: unknown): string | undefined {
    if (typeof value !== "string" || !/^[A-Za-z0-9+/=\s]+$/.test(value)) {
        return undefined;
    }
    const text = Buffer.from(value, "base64").toString("utf8");
    // Mostly printable: a text file, not an image or a keystore.
    const printable = text.replace(/[^\x20-\x7e\n\r\t]/g, "").length;
    return text.length > 0 && printable / text.length > 0.95 ? text : undefined;
}

/**
 * Credentials in a ConfigMap: a credential-named key with a literal value, and credentials inside each value read as
 * a configuration file (YAML, JSON, INI, .env, properties) or an unmistakable token; `binaryData` the same after
 * base64 decoding. References (`$__file{…}`, `${VAR}`, `/run/secrets/…`) pass.
 */
function credentialsIn(d: DeclaredObject, allowedKeys: readonly string[]): Finding[] {
    const prefix = d.path ? `${d.path}.` : "";
    const found: Finding[] = [];
    for (const field of ["data", "binaryData"] as const) {
        const entries = d.object[field];
        if (typeof entries !== "object" || entries === null) {
            continue;
        }
        for (const [key, raw] of Object.entries(entries as Record<string, unknown>)) {
            const value = field === "binaryData" ? decodedText(raw) ?? "" : raw;
            const at = `${prefix}${field}[${JSON.stringify(key)}]`;
            if (isCredentialKey(key, allowedKeys) && isLiteralValue(value) && !String(value).includes("\n")) {
                found.push({ path: at, what: NAMED_LITERAL });
            } else if (typeof value === "string" && (value.includes("\n") || /^\s*[[{]/.test(value))) {
                // A config file (or one-line JSON); other one-line values are only checked for tokens (prose may mention passwords).
                found.push(...scanConfigText(value, at, allowedKeys));
            } else if (typeof value === "string") {
                const token = unmistakableCredential(value);
                if (token) {
                    found.push({ path: at, what: token });
                }
            }
        }
    }
    return found;
}

/** ConfigMaps are readable by anyone who can read the namespace's configuration and are not encrypted at rest. */
export const noCredentialsInConfigMaps: ResourceValidationPolicy = {
    name: "no-credentials-in-configmaps",
    description:
        "ConfigMaps (typed, in a List, in YAML text) must not hold credentials: not as a key named like a credential with a " +
        "literal value, not inside a value read as YAML, JSON, INI or .env content, not base64 in binaryData, and no token or " +
        "private key anywhere. Keep the value in the cloud secret store and let an ExternalSecret create a Secret the pod mounts; " +
        "references such as Grafana's $__file{…} are fine.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedKeys: allowedKeysSchema } },
    validateResource: (args, reportViolation) => {
        const configMaps = declaredObjects(args.type, rawProps(args)).filter((d) => d.group === "" && d.kind === "ConfigMap");
        if (configMaps.length === 0) {
            return;
        }
        const allowedKeys = args.getConfig<NoCredentialsInConfigMapsConfig>().allowedKeys ?? [];
        for (const configMap of configMaps) {
            const found = credentialsIn(configMap, allowedKeys);
            if (found.length > 0) {
                reportViolation(
                    `${describeObject(configMap, args.name)} holds credentials in ${describeFindings(found)}. Move them to the ` +
                    `cloud secret store and mount the Secret an ExternalSecret syncs (in config files, refer to the mounted file, ` +
                    `e.g. Grafana's $__file{/etc/secrets/…}); list a key that is not a credential in this policy's allowedKeys.`,
                );
            }
        }
    },
};
