import { ResourceValidationPolicy } from "@pulumi/policy";
import { allowedKeysSchema, isCredentialKey, isLiteralValue } from "../lib/credentialNames";
import { whenType } from "../lib/whenType";

export interface NoCredentialsInHelmValuesConfig {
    readonly allowedKeys?: readonly string[];
}

const HELM_TYPES = [
    "kubernetes:helm.sh/v3:Release",
    "kubernetes:helm.sh/v4:Chart",
    "kubernetes:helm.sh/v3:Chart",
];

/** Dotted paths (`admin.password`, `users[0].token`) of credential-named keys with literal values. */
function credentialPaths(value: unknown, path: string, allowedKeys: readonly string[]): string[] {
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => credentialPaths(v, `${path}[${i}]`, allowedKeys));
    }
    if (typeof value !== "object" || value === null) {
        return [];
    }
    return Object.keys(value).flatMap((key) => {
        const child = (value as Record<string, unknown>)[key];
        const childPath = path ? `${path}.${key}` : key;
        if (typeof child !== "object" && isCredentialKey(key, allowedKeys) && isLiteralValue(child)) {
            return [childPath];
        }
        return credentialPaths(child, childPath, allowedKeys);
    });
}

/**
 * Chart values are stored by Helm in the release Secret and by Pulumi in state, and a Release renders its objects
 * out of sight of any policy. Charts the platform uses read credentials from an existing Secret instead
 * (Grafana `admin.existingSecret`, MinIO `existingSecret`, MLflow `backendStore.existingDatabaseSecret`).
 */
export const noCredentialsInHelmValues: ResourceValidationPolicy = {
    name: "no-credentials-in-helm-values",
    description:
        "Helm values (helm.v3.Release, helm.v4.Chart, helm.v3.Chart) must not set credentials (adminPassword, rootPassword, " +
        "auth.token, ...) as literal values: point the chart's existingSecret option at the Secret an ExternalSecret syncs.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedKeys: allowedKeysSchema } },
    validateResource: whenType(HELM_TYPES, (args, reportViolation) => {
        const allowedKeys = args.getConfig<NoCredentialsInHelmValuesConfig>().allowedKeys ?? [];
        const paths = credentialPaths(args.props.values, "", allowedKeys);
        if (paths.length > 0) {
            reportViolation(
                `"${args.name}" sets ${paths.map((p) => `values.${p}`).join(", ")} to literal values; use the chart's existingSecret ` +
                `option (or list the key in this policy's allowedKeys if it is not a credential).`,
            );
        }
    }),
};
