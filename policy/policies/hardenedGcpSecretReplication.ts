import { ResourceValidationPolicy } from "@pulumi/policy";
import { whenType } from "../lib/whenType";

interface SecretProps {
    readonly secretId?: string;
    readonly replication?: {
        readonly auto?: unknown;
        readonly userManaged?: { readonly replicas?: readonly unknown[] };
    };
}

/**
 * Without a replication policy Secret Manager cannot create the secret; with an empty user-managed list the secret
 * lives nowhere. Either fails at apply time, after the rest of the platform was changed: catch it at preview.
 */
export const hardenedGcpSecretReplication: ResourceValidationPolicy = {
    name: "hardened-gcp-secret-replication",
    description:
        "GCP Secret Manager secrets must declare a replication policy: replication.auto, or replication.userManaged with at " +
        "least one replica location.",
    enforcementLevel: "mandatory",
    validateResource: whenType(["gcp:secretmanager/secret:Secret"], (args, reportViolation) => {
        const props = args.props as SecretProps;
        const replication = props.replication;
        const replicas = replication?.userManaged?.replicas ?? [];
        if (replication?.auto === undefined && replicas.length === 0) {
            reportViolation(
                `Secret "${props.secretId ?? args.name}" has no replication policy; set replication: { auto: {} } or ` +
                `replication.userManaged.replicas with at least one location.`,
            );
        }
    }),
};
