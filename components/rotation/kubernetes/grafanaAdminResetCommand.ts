import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { SecretsInputError } from "../../validation/inputError";
import { requireDns1123Label } from "../../validation/kubernetesNames";
import { requireIntegerInRange } from "../../validation/numbers";
import { KubectlConnectionArgs, KubectlScript, kubectlScriptCommandArgs } from "./kubectlScript";
import { MissingWorkload, requireMissingWorkload } from "./missingWorkload";
import { requireRotationId } from "./rotationId";
import { requireWorkloadRef } from "./workloadRef";
import { requireMatch, Rule } from "../../validation/rules";

/** A Grafana login that is safe in a curl config line and as a shell argument. */
const ADMIN_USER: Rule = { pattern: /^[a-zA-Z0-9_.@-]{1,128}$/, fix: "Use the admin's login: letters, digits, '_', '.', '@' or '-' (e.g. \"admin\")." };

function requireBoolean(argument: string, value: unknown): boolean {
    if (typeof value !== "boolean") {
        throw new SecretsInputError(argument, value, "Use true or false.");
    }
    return value;
}

/** The Grafana admin password reset after a rotation. */
export interface GrafanaAdminResetArgs extends KubectlConnectionArgs {
    /** Namespace of the Grafana workload, e.g. "monitoring". */
    readonly namespace: string;
    /**
     * The Grafana workload to `kubectl exec` into, as `kind/name`.
     * @default "deployment/grafana", the Grafana chart's Deployment for a release named "grafana".
     */
    readonly workload?: string;
    /**
     * Name of the Grafana container in its pod.
     * @default "grafana", the chart's container name.
     */
    readonly container?: string;
    /** The new admin password (secret). It reaches the command only on stdin, wrapped as a secret here. */
    readonly adminPassword: pulumi.Input<string>;
    /** The rotation id; a new id replaces the Command, which runs the reset. */
    readonly rotationId: pulumi.Input<string>;
    /**
     * How long to wait for the Grafana workload to be rolled out and ready before resetting, in seconds.
     * @default 300; then the step fails and Grafana keeps its previous admin password.
     */
    readonly readyTimeoutSeconds?: number;
    /**
     * What a Grafana workload that does not exist means.
     * @default MissingWorkload.Fail: the step fails, naming the workload. With Skip, a Grafana that starts later
     * creates its database with the password from its Secret.
     */
    readonly missingWorkload?: MissingWorkload;
    /**
     * Breach response: after the reset, also revoke every session of the admin (Grafana keeps sessions across a
     * password change). Done inside the pod through Grafana's HTTP API on localhost (`GET /api/user/auth-tokens`, then
     * `POST /api/user/revoke-auth-token` for each), authenticated as `adminUser` with the new password, which curl reads
     * on its stdin; needs basic auth enabled in Grafana (its default) and curl in the image (the official one has it).
     * @default false
     */
    readonly revokeSessions?: boolean;
    /**
     * The admin's login, for the HTTP API when revoking sessions.
     * @default "admin"
     */
    readonly adminUser?: string;
}

/**
 * Args for a `command.local.Command` that sets Grafana's admin password to the rotated value with
 * `grafana cli admin reset-admin-password --password-from-stdin` inside a Grafana pod. The password goes from the
 * Command's stdin through `kubectl exec -i` to grafana cli: never in argv, never printed; logging is off all the same.
 * It does not depend on the synced Secret, so it can run as soon as the new value is stored (the consumer-update
 * step), before the restart. Throws a SecretsInputError for a bad argument.
 */
export function grafanaAdminResetCommandArgs(args: GrafanaAdminResetArgs): command.local.CommandArgs {
    const rotationId = requireRotationId("rotationId", args.rotationId);
    if (args.adminPassword === undefined || args.adminPassword === null || args.adminPassword === "") {
        throw new SecretsInputError("adminPassword", undefined, "Pass the rotated password's Output (e.g. the RandomPassword's result).");
    }
    const environment: Record<string, pulumi.Input<string>> = {
        MLOPS_NAMESPACE: requireDns1123Label("namespace", args.namespace),
        MLOPS_WORKLOAD: requireWorkloadRef("workload", args.workload ?? "deployment/grafana"),
        MLOPS_CONTAINER: requireDns1123Label("container", args.container ?? "grafana"),
        MLOPS_READY_TIMEOUT_SECONDS: String(requireIntegerInRange("readyTimeoutSeconds", args.readyTimeoutSeconds ?? 300, 1, 3600,
            "It is how long to wait for Grafana to be ready before resetting its admin password.")),
        MLOPS_MISSING_WORKLOAD: requireMissingWorkload(args.missingWorkload),
        MLOPS_REVOKE_SESSIONS: String(requireBoolean("revokeSessions", args.revokeSessions ?? false)),
        MLOPS_ADMIN_USER: requireMatch("adminUser", args.adminUser ?? "admin", ADMIN_USER),
        // Not read by the script: a new id changes the environment, which runs the reset again in place.
        MLOPS_ROTATION_ID: rotationId,
    };
    return {
        ...kubectlScriptCommandArgs(KubectlScript.ResetGrafanaAdmin, "mlops-reset-grafana-admin", environment, args),
        stdin: pulumi.secret(args.adminPassword),
        logging: command.local.Logging.None,
    };
}
