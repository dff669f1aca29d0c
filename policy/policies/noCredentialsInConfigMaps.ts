import { ResourceValidationPolicy } from "@pulumi/policy";
import { allowedKeysSchema, isCredentialKey, isLiteralValue } from "../lib/credentialNames";
import { KubernetesObject, objectRef } from "../lib/kubernetesObject";
import { whenType } from "../lib/whenType";

export interface NoCredentialsInConfigMapsConfig {
    readonly allowedKeys?: readonly string[];
}

interface ConfigMapProps extends KubernetesObject {
    readonly data?: Record<string, unknown>;
    readonly binaryData?: Record<string, unknown>;
    readonly items?: readonly ConfigMapProps[];
}

const CONFIGMAP_TYPES = [
    "kubernetes:core/v1:ConfigMap",
    "kubernetes:core/v1:ConfigMapPatch",
    "kubernetes:core/v1:ConfigMapList",
];

/** `KEY=value` / `export KEY=value` lines of an env file kept in a ConfigMap value (MinIO's `config.env`). */
const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/;

function envFileCredentials(value: unknown, allowedKeys: readonly string[]): string[] {
    if (typeof value !== "string") {
        return [];
    }
    return value.split("\n").flatMap((line) => {
        const match = ENV_LINE.exec(line);
        const literal = match?.[2].trim().replace(/^(["'])(.*)\1$/, "$2");
        return match && isCredentialKey(match[1], allowedKeys) && isLiteralValue(literal) ? [match[1]] : [];
    });
}

/**
 * Where credential-named keys hold literal values in a ConfigMap: data keys (`DB_PASSWORD`), binaryData keys,
 * and env-file lines inside a value (`config.env` line `MINIO_ROOT_PASSWORD`). Values are never quoted back.
 */
function credentialKeys(configMap: ConfigMapProps, allowedKeys: readonly string[]): string[] {
    const found: string[] = [];
    for (const field of ["data", "binaryData"] as const) {
        const entries = configMap[field] ?? {};
        for (const key of Object.keys(entries)) {
            const value = entries[key];
            if (isCredentialKey(key, allowedKeys) && isLiteralValue(value)) {
                found.push(`${field} key "${key}"`);
            }
            for (const envKey of envFileCredentials(value, allowedKeys)) {
                found.push(`${field} key "${key}" line ${envKey}`);
            }
        }
    }
    return found;
}

/** ConfigMaps are readable by anyone who can read the namespace's configuration and are not encrypted at rest. */
export const noCredentialsInConfigMaps: ResourceValidationPolicy = {
    name: "no-credentials-in-configmaps",
    description:
        "ConfigMaps must not hold credentials: a key (or an env-file line in a value) named like PASSWORD, SECRET, TOKEN, " +
        "API_KEY, ACCESS_KEY, PRIVATE_KEY, CREDENTIALS with a literal value is flagged. Keep the value in the cloud secret " +
        "store and let an ExternalSecret create a Secret the pod mounts.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedKeys: allowedKeysSchema } },
    validateResource: whenType(CONFIGMAP_TYPES, (args, reportViolation) => {
        const allowedKeys = args.getConfig<NoCredentialsInConfigMapsConfig>().allowedKeys ?? [];
        const props = args.props as ConfigMapProps;
        const configMaps = args.type === "kubernetes:core/v1:ConfigMapList" ? props.items ?? [] : [props];
        for (const configMap of configMaps) {
            const found = credentialKeys(configMap, allowedKeys);
            if (found.length > 0) {
                const { namespace, name } = objectRef(configMap, args.name);
                reportViolation(
                    `ConfigMap "${namespace}/${name}" holds credentials in ${found.join(", ")}. Move them to the cloud secret ` +
                    `store and reference the synced Secret (or list the key in this policy's allowedKeys if it is not a credential).`,
                );
            }
        }
    }),
};
