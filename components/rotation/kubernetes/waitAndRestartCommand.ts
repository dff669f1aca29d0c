import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { requireDns1123Label, requireDns1123Subdomain } from "../../validation/kubernetesNames";
import { requireIntegerInRange } from "../../validation/numbers";
import { KubectlConnectionArgs, KubectlScript, kubectlScriptCommandArgs } from "./kubectlScript";
import { MissingWorkload, requireMissingWorkload } from "./missingWorkload";
import { ROTATION_ID_ANNOTATION, SYNC_RETRY_ANNOTATION } from "../../sync/externalSecret";
import { SecretsInputError } from "../../validation/inputError";
import { requireRotationId } from "./rotationId";
import { requireWorkloadRefs } from "./workloadRef";

/** Seconds between two checks of the Secret's annotation. */
const POLL_INTERVAL_SECONDS = 2;

/** The forced-sync → wait → restart → rollout step of one rotated secret. */
export interface WaitAndRestartArgs extends KubectlConnectionArgs {
    /** Namespace of the ExternalSecret, its target Secret and the workloads that read it, e.g. "mlflow". */
    readonly namespace: string;
    /** Name of the ExternalSecret that syncs the rotated value, named in failure messages, e.g. "mlflow-db". */
    readonly externalSecretName: string;
    /** Name of the Kubernetes Secret the ExternalSecret writes, e.g. "mlflow-db-credentials". */
    readonly secretName: string;
    /**
     * The rotation id the ExternalSecret's template writes to the Secret's `mlops.platform/rotation-id` annotation.
     * A new id changes the Command's environment, which runs the step again as an in-place update.
     */
    readonly rotationId: pulumi.Input<string>;
    /**
     * Workloads that read the Secret at start-up, as `kind/name` (kind `deployment`, `statefulset` or `daemonset`),
     * restarted in this order once the Secret is synced. An empty list only waits for the sync (e.g. Argo CD, which
     * reads `argocd-secret` while running).
     */
    readonly workloads: readonly string[];
    /**
     * How long to wait for External Secrets Operator to write the new value, in seconds.
     * @default 180; then the step fails, naming the ExternalSecret to inspect, and no workload is restarted.
     */
    readonly syncTimeoutSeconds?: number;
    /**
     * How long each workload's rollout may take after its restart, in seconds.
     * @default 300; then the step fails, naming every workload whose rollout did not finish.
     */
    readonly rolloutTimeoutSeconds?: number;
    /**
     * What a workload that does not exist in the cluster means.
     * @default MissingWorkload.Fail: the step fails, naming the workload.
     */
    readonly missingWorkload?: MissingWorkload;
    /**
     * Namespace of the External Secrets Operator controller, named in the sync-timeout message.
     * @default "external-secrets", the chart's usual namespace.
     */
    readonly esoNamespace?: string;
    /**
     * For an ExternalSecret with creationPolicy Merge, which never creates its target: the application that creates
     * the Secret (e.g. "Argo CD (argo-cd chart, configs.secret.createSecret: true)"). The step then fails at once,
     * saying to install it first, when ESO reports reason SecretMissing and the Secret does not exist; and when the
     * Secret appeared after ESO's last attempt, it annotates the ExternalSecret once so ESO syncs now rather than
     * after refreshInterval (the deployer needs `patch` on externalsecrets then).
     * @default unset: the ExternalSecret owns its Secret
     */
    readonly mergeTargetOwner?: string;
}

/**
 * Args for a `command.local.Command` that, at `pulumi up`, waits until the synced Secret carries the new rotation id,
 * then runs `kubectl rollout restart` on each workload and `kubectl rollout status` with a timeout. It reads only the
 * Secret's annotation, never its data, and handles no secret, so its output is logged for the deployer to see.
 * Create it after the ExternalSecret (whose forced-sync annotation carries the same id) with `dependsOn`.
 * Throws a SecretsInputError for a bad argument.
 */
export function waitAndRestartCommandArgs(args: WaitAndRestartArgs): command.local.CommandArgs {
    const rotationId = requireRotationId("rotationId", args.rotationId);
    const environment: Record<string, pulumi.Input<string>> = {
        MLOPS_NAMESPACE: requireDns1123Label("namespace", args.namespace),
        MLOPS_EXTERNAL_SECRET: requireDns1123Subdomain("externalSecretName", args.externalSecretName),
        MLOPS_SECRET: requireDns1123Subdomain("secretName", args.secretName),
        MLOPS_ROTATION_ANNOTATION: ROTATION_ID_ANNOTATION,
        MLOPS_ROTATION_ID: rotationId,
        MLOPS_WORKLOADS: requireWorkloadRefs("workloads", args.workloads).join(" "),
        MLOPS_SYNC_TIMEOUT_SECONDS: String(requireIntegerInRange("syncTimeoutSeconds", args.syncTimeoutSeconds ?? 180, 1, 3600,
            "It is how long to wait for External Secrets Operator to write the rotated value into the Secret.")),
        MLOPS_ROLLOUT_TIMEOUT_SECONDS: String(requireIntegerInRange("rolloutTimeoutSeconds", args.rolloutTimeoutSeconds ?? 300, 1, 3600,
            "It is how long each restarted workload may take to roll out.")),
        MLOPS_POLL_INTERVAL_SECONDS: String(POLL_INTERVAL_SECONDS),
        MLOPS_MISSING_WORKLOAD: requireMissingWorkload(args.missingWorkload),
        MLOPS_ESO_NAMESPACE: requireDns1123Label("esoNamespace", args.esoNamespace ?? "external-secrets"),
    };
    if (args.mergeTargetOwner !== undefined) {
        if (typeof args.mergeTargetOwner !== "string" || !/^[^\n\r\0]{1,200}$/.test(args.mergeTargetOwner)) {
            throw new SecretsInputError("mergeTargetOwner", args.mergeTargetOwner,
                "Name the application that creates the target Secret in one line, e.g. \"Argo CD\".");
        }
        environment.MLOPS_MERGE_TARGET_OWNER = args.mergeTargetOwner;
        environment.MLOPS_SYNC_RETRY_ANNOTATION = SYNC_RETRY_ANNOTATION;
    }
    return {
        ...kubectlScriptCommandArgs(KubectlScript.WaitAndRestart, "mlops-wait-and-restart", environment, args),
        logging: command.local.Logging.StdoutAndStderr,
    };
}
