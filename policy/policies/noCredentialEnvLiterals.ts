import { ResourceValidationPolicy } from "@pulumi/policy";
import { allowedKeysSchema, isCredentialKey, isLiteralValue } from "../lib/credentialNames";
import { containersOf, WORKLOAD_TYPES } from "../lib/podContainers";
import { whenType } from "../lib/whenType";

export interface NoCredentialEnvLiteralsConfig {
    readonly allowedKeys?: readonly string[];
}

/**
 * A credential written as an env `value` sits in the workload spec: in state, in `kubectl get -o yaml`, in every
 * ReplicaSet revision. `valueFrom.secretKeyRef` to the Secret an ExternalSecret syncs keeps it out.
 */
export const noCredentialEnvLiterals: ResourceValidationPolicy = {
    name: "no-credential-env-literals",
    description:
        "Container env vars named like credentials (PASSWORD, SECRET, TOKEN, API_KEY, ...) must not have a literal value: " +
        "use valueFrom.secretKeyRef to the Secret an ExternalSecret syncs from the cloud secret store.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedKeys: allowedKeysSchema } },
    validateResource: whenType(WORKLOAD_TYPES, (args, reportViolation) => {
        const allowedKeys = args.getConfig<NoCredentialEnvLiteralsConfig>().allowedKeys ?? [];
        for (const container of containersOf(args.type, args.props)) {
            for (const env of container.env) {
                if (env.name !== undefined && env.valueFrom === undefined && isCredentialKey(env.name, allowedKeys) && isLiteralValue(env.value)) {
                    const label = container.name ? `container "${container.name}"` : container.path;
                    reportViolation(
                        `${label} sets env ${env.name} to a literal value; use valueFrom.secretKeyRef to a Secret synced by an ExternalSecret.`,
                    );
                }
            }
        }
    }),
};
