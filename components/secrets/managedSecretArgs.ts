import { ClusterAccessArgs } from "../access/clusterAccessArgs";
import { MissingWorkload } from "../rotation/kubernetes/missingWorkload";
import { CloudStoreArgs } from "../stores/cloudStoreArgs";
import { SecretStoreKind } from "../sync/externalSecret";

/** Settings every managed platform secret takes: where it is kept, how it is synced and when it rotates. */
export interface ManagedSecretArgs extends CloudStoreArgs {
    /**
     * Change this value (e.g. bump it in stack config) to rotate the password now. Only the random password is
     * replaced; the stored value, the ExternalSecret and the consumers update in place.
     * @default "" (rotate on the schedule only)
     */
    readonly rotationTrigger?: string;
    /**
     * Breach response: once the consumers run on the new credential (after the restart step), end the previous one.
     * MlflowDbSecret with `database`: under alternating users the previous login's password is removed and its
     * sessions are terminated; single-user ends the sessions opened before the password changed. Set it together with
     * a new `rotationTrigger` (the platform program's `breachId` setting does both for every secret).
     * @default false: the previous login keeps working until the next rotation, so a consumer that missed the sync
     * does not fail
     */
    readonly revokePrevious?: boolean;
    /**
     * Days between scheduled rotations, counted from the last rotation (at the first deployment, a manual trigger, or
     * the start of the period that last rotated); the first `pulumi up` after they pass rotates. Changing it moves no
     * rotation earlier than the new period after the last one.
     * @default 90, the platform's recommendation for database and admin passwords
     */
    readonly rotationDays?: number;
    /**
     * Length of the generated password, within the consumer's limits.
     * @default 32 characters of letters, digits and `-._` (no character needs URL-encoding or quoting)
     */
    readonly passwordLength?: number;
    /**
     * The cluster to sync into and how ESO there authenticates to the cloud. The secret then creates, once per cluster
     * and namespace, a ServiceAccount, a cloud identity bound to exactly it and a SecretStore, and grants that identity
     * read on exactly the values this secret syncs.
     * @default none: the ExternalSecret reads through an existing store named by secretStoreName
     */
    readonly cluster?: ClusterAccessArgs;
    /**
     * Without `cluster`: the name of an existing ESO store to read through.
     * @default "platform-secrets"
     */
    readonly secretStoreName?: string;
    /**
     * Without `cluster`: the kind of that store.
     * @default SecretStore (namespaced: only this namespace can read through it)
     */
    readonly secretStoreKind?: SecretStoreKind;
    /**
     * Workloads that read the Secret at start-up, as `kind/name` (`deployment`, `statefulset` or `daemonset`). After each
     * rotation (and at the first deployment) `pulumi up` waits until ESO has written the new value into the Secret,
     * then restarts them and waits for their rollouts. Needs `kubectl` where `pulumi up` runs.
     * @default the consumer's chart workload (MLflow `deployment/mlflow`; MinIO `statefulset/minio`, Grafana
     * `deployment/kube-prometheus-stack-grafana`, both from their `helmReleaseName`); none for Argo CD, which reads its
     * Secret while running, and for PlatformSecret
     */
    readonly restartWorkloads?: string[];
    /**
     * What a restart step does with a workload that does not exist (yet) in the cluster.
     * @default Skip: it is logged; a workload that starts later reads the new Secret anyway
     */
    readonly missingWorkload?: MissingWorkload;
    /**
     * How long each restarted workload may take to roll out, in seconds; then `pulumi up` fails naming it.
     * @default 300
     */
    readonly rolloutTimeoutSeconds?: number;
    /**
     * kubeconfig context the rotation steps' `kubectl` uses.
     * @default the current context of `$KUBECONFIG` or `~/.kube/config` where `pulumi up` runs
     */
    readonly kubeContext?: string;
    /**
     * Roll back: make ESO read this earlier version of the cloud value instead of the latest (SSM parameter version,
     * Key Vault version id, Secret Manager or Vault KV version number). Changing it runs the forced sync and the restarts again.
     * Refused for MlflowDbSecret with `database` (the server already has the new password: rotate forward instead).
     * @default the latest version
     */
    readonly remoteVersion?: string;
    /**
     * How often ESO re-reads the cloud value, as a Go duration. Rotations do not wait for it: they force a sync.
     * @default "24h" (1/24 of the refresh-driven provider API calls of ESO's default "1h")
     */
    readonly refreshInterval?: string;
}
