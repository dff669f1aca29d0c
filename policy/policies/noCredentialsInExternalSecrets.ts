import { ResourceValidationPolicy } from "@pulumi/policy";
import { scanConfigText } from "../lib/configText";
import { allowedKeysSchema, isCredentialKey, isLiteralValue } from "../lib/credentialNames";
import { unmistakableCredential } from "../lib/credentialValues";
import { ESO_GROUP, isStore, storeProvider } from "../lib/esoObjects";
import { declaredObjects, DeclaredObject, describeObject, rawProps } from "../lib/kubernetesObject";
import { describeFindings, Finding, NAMED_LITERAL } from "../lib/valueScan";

export interface NoCredentialsInExternalSecretsConfig {
    readonly allowedKeys?: readonly string[];
}

/** A template's literal text: each `{{ … }}` becomes a `${T}` reference, which no credential check takes for a value. */
function literalPart(value: string): string {
    return value.replace(/\{\{.*?\}\}/gs, "${T}");
}

/** Where an ExternalSecret's (or a ClusterExternalSecret's) target template sits. */
function templateOf(d: DeclaredObject): [string, any] | undefined {
    const spec = d.object.spec as any;
    const base = d.path ? `${d.path}.` : "";
    if (d.kind === "ExternalSecret") {
        return [`${base}spec.target.template`, spec?.target?.template];
    }
    if (d.kind === "ClusterExternalSecret") {
        return [`${base}spec.externalSecretSpec.target.template`, spec?.externalSecretSpec?.target?.template];
    }
    return undefined;
}

function templateFindings(at: string, template: any, allowedKeys: readonly string[]): Finding[] {
    const found: Finding[] = [];
    const data = template?.data;
    if (typeof data === "object" && data !== null) {
        for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
            if (typeof value !== "string") {
                continue;
            }
            const path = `${at}.data[${JSON.stringify(key)}]`;
            const literal = literalPart(value);
            const token = unmistakableCredential(literal);
            if (!value.includes("{{") && isCredentialKey(key, allowedKeys) && isLiteralValue(value)) {
                found.push({ path, what: NAMED_LITERAL });
            } else if (token) {
                found.push({ path, what: token });
            } else if (literal.includes("\n")) {
                found.push(...scanConfigText(literal, path, allowedKeys));
            }
        }
    }
    const templateFrom: unknown[] = Array.isArray(template?.templateFrom) ? template.templateFrom : [];
    templateFrom.forEach((entry: any, i) => {
        if (typeof entry?.literal === "string") {
            found.push(...scanConfigText(literalPart(entry.literal), `${at}.templateFrom[${i}].literal`, allowedKeys));
        }
    });
    return found;
}

/** The `fake` provider serves the values written in the store itself. */
function fakeProviderFindings(d: DeclaredObject): Finding[] {
    const provider = storeProvider(d);
    if (provider?.[0] !== "fake") {
        return [];
    }
    const data: unknown[] = Array.isArray(provider[1].data) ? provider[1].data : [];
    return data.length > 0 ? [{ path: `${d.path ? `${d.path}.` : ""}spec.provider.fake.data`, what: `${data.length} values written into the store` }] : [];
}

/**
 * An ExternalSecret is readable by anyone who can read ExternalSecrets in the namespace, and sits in state: a literal
 * in its template is a plaintext credential in both. The `fake` provider is for tests: its values are the store spec.
 */
export const noCredentialsInExternalSecrets: ResourceValidationPolicy = {
    name: "no-credentials-in-external-secrets",
    description:
        "External Secrets Operator objects must not carry credentials themselves: no literal credential (or token, or URI " +
        "with a literal password) in ExternalSecret / ClusterExternalSecret spec.target.template.data or templateFrom " +
        "literals, and no SecretStore / ClusterSecretStore on the fake provider with data. Keep the value in the cloud secret " +
        "store and refer to it in the template as {{ .key }}.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedKeys: allowedKeysSchema } },
    validateResource: (args, reportViolation) => {
        const objects = declaredObjects(args.type, rawProps(args)).filter((d) => d.group === ESO_GROUP);
        if (objects.length === 0) {
            return;
        }
        const allowedKeys = args.getConfig<NoCredentialsInExternalSecretsConfig>().allowedKeys ?? [];
        for (const d of objects) {
            const template = templateOf(d);
            const found = isStore(d) ? fakeProviderFindings(d) : template ? templateFindings(template[0], template[1], allowedKeys) : [];
            if (found.length > 0) {
                reportViolation(
                    `${describeObject(d, args.name)} carries credentials in ${describeFindings(found)}. Put the value in the cloud ` +
                    `secret store, read it with spec.data[].remoteRef and use it in the template as {{ .<secretKey> }}; ` +
                    `for tests, run the fake provider outside the deployed stacks.`,
                );
            }
        }
    },
};
