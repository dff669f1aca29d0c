import * as command from "@pulumi/command";
import { ConsumerUpdater } from "../consumerUpdate";
import { grafanaAdminResetCommandArgs } from "./grafanaAdminResetCommand";
import { KubectlConnectionArgs } from "./kubectlScript";
import { MissingWorkload } from "./missingWorkload";

/**
 * The consumer update of Grafana's admin password: Grafana applies the Secret's password only when its database is
 * first created, so each rotation resets it in the running Grafana (`grafana cli admin reset-admin-password`, the
 * password on stdin).
 */
export function grafanaAdminResetUpdater(
    namespace: string, workload: string, missingWorkload: MissingWorkload, connection: KubectlConnectionArgs,
    sessions: { readonly revokeSessions: boolean; readonly adminUser: string } = { revokeSessions: false, adminUser: "admin" },
): ConsumerUpdater {
    return (context) => {
        const reset = new command.local.Command(`${context.name}-admin-reset`, grafanaAdminResetCommandArgs({
            namespace,
            workload,
            adminPassword: context.password,
            rotationId: context.rotatedAt,
            missingWorkload,
            ...sessions,
            ...connection,
        }), { parent: context.parent, additionalSecretOutputs: ["stdout", "stderr"] });
        return { steps: [reset] };
    };
}
