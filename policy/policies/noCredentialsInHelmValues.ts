import { ResourceValidationPolicy } from "@pulumi/policy";
import { scanConfigText } from "../lib/configText";
import { allowedKeysSchema } from "../lib/credentialNames";
import { declaredObjects, readLocalFile, rawProps, yamlDocuments } from "../lib/kubernetesObject";
import { describeFindings, Finding, scanValue } from "../lib/valueScan";

export interface NoCredentialsInHelmValuesConfig {
    readonly allowedKeys?: readonly string[];
}

const HELM_TYPES = new Set([
    "kubernetes:helm.sh/v3:Release",
    "kubernetes:helm.sh/v4:Chart",
    "kubernetes:helm.sh/v3:Chart",
]);

/** A `valueYamlFiles` entry as the policy SDK deserializes it: a FileAsset (`path`, a promise), a StringAsset, or a path. */
async function valuesFileText(entry: unknown): Promise<[string, string] | undefined> {
    if (typeof entry === "string") {
        const text = readLocalFile(entry);
        return text === undefined ? undefined : [entry, text];
    }
    const asset = entry as { path?: unknown; text?: unknown } | null;
    const text = await asset?.text;
    if (typeof text === "string") {
        return ["(text asset)", text];
    }
    const file = await asset?.path;
    if (typeof file === "string") {
        const content = readLocalFile(file);
        return content === undefined ? undefined : [file, content];
    }
    return undefined;
}

/**
 * Credentials in chart values: literals under credential names (also in arrays, `auth.passwords[0]`), `{name, value}`
 * env lists (`extraEnvVars`), unmistakable tokens anywhere, and credentials inside multi-line config text.
 */
function scanValues(values: unknown, path: string, allowedKeys: readonly string[]): Finding[] {
    return scanValue(values, path, { allowedKeys, parseText: (text, at) => scanConfigText(text, at, allowedKeys) });
}

async function helmFindings(type: string, props: Record<string, any>, allowedKeys: readonly string[]): Promise<Finding[]> {
    if (HELM_TYPES.has(type)) {
        const found = scanValues(props.values, "values", allowedKeys);
        const files: unknown[] = Array.isArray(props.valueYamlFiles) ? props.valueYamlFiles : [];
        for (const [i, entry] of files.entries()) {
            const file = await valuesFileText(entry);
            if (file !== undefined) {
                yamlDocuments(file[1]).forEach((doc) => found.push(...scanValues(doc, `valueYamlFiles[${i}] (${file[0]})`, allowedKeys)));
            }
        }
        return found;
    }
    // Argo CD Applications render charts too: spec.source(s)[].helm values, valuesObject and parameters.
    const found: Finding[] = [];
    for (const d of declaredObjects(type, props)) {
        if (d.group !== "argoproj.io" || !/^(Application|ApplicationSet)$/.test(d.kind)) {
            continue;
        }
        const spec = (d.kind === "ApplicationSet" ? (d.object.spec as any)?.template?.spec : d.object.spec) ?? {};
        const base = `${d.path ? `${d.path}.` : ""}spec${d.kind === "ApplicationSet" ? ".template.spec" : ""}`;
        const sources: Array<[string, any]> = [
            ...(spec.source ? [[`${base}.source`, spec.source] as [string, any]] : []),
            ...(Array.isArray(spec.sources) ? spec.sources.map((s: any, i: number) => [`${base}.sources[${i}]`, s] as [string, any]) : []),
        ];
        for (const [at, source] of sources) {
            const helm = source?.helm ?? {};
            if (typeof helm.values === "string") {
                yamlDocuments(helm.values).forEach((doc) => found.push(...scanValues(doc, `${at}.helm.values`, allowedKeys)));
            }
            found.push(...scanValues(helm.valuesObject, `${at}.helm.valuesObject`, allowedKeys));
            found.push(...scanValues(helm.parameters, `${at}.helm.parameters`, allowedKeys));
        }
    }
    return found;
}

/**
 * Chart values are stored by Helm in the release Secret and by Pulumi in state, and a Release renders its objects
 * out of sight of any policy. Charts the platform uses read credentials from an existing Secret instead
 * (Grafana `admin.existingSecret`, MinIO `existingSecret`, MLflow `backendStore.existingDatabaseSecret`).
 */
export const noCredentialsInHelmValues: ResourceValidationPolicy = {
    name: "no-credentials-in-helm-values",
    description:
        "Helm values (helm.v3.Release, helm.v4.Chart, helm.v3.Chart: values and local valueYamlFiles; Argo CD Application " +
        "helm values and parameters) must not set credentials: no literal under a credential name (adminPassword, " +
        "auth.passwords[0], an extraEnvVars {name, value} entry), no token, key or password URI anywhere. Point the chart's " +
        "existingSecret option at the Secret an ExternalSecret syncs.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedKeys: allowedKeysSchema } },
    validateResource: async (args, reportViolation) => {
        if (!HELM_TYPES.has(args.type) && !args.type.startsWith("kubernetes:") && !/argoproj/i.test(args.type)) {
            return;
        }
        const allowedKeys = args.getConfig<NoCredentialsInHelmValuesConfig>().allowedKeys ?? [];
        const found = await helmFindings(args.type, rawProps(args), allowedKeys);
        if (found.length > 0) {
            reportViolation(
                `sets credentials in ${describeFindings(found)}. Use the chart's existingSecret option (e.g. Grafana ` +
                `admin.existingSecret, MinIO existingSecret, MLflow backendStore.existingDatabaseSecret) with the Secret an ` +
                `ExternalSecret syncs, or list a key that is not a credential in this policy's allowedKeys.`,
            );
        }
    },
};
