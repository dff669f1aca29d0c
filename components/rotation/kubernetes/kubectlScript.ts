import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type * as command from "@pulumi/command";
import { SecretsInputError } from "../../validation/inputError";

/** How kubectl reaches the cluster from the machine that runs `pulumi up`. */
export interface KubectlConnectionArgs {
    /**
     * Path of the kubeconfig file for kubectl. It is stored in the stack's state, so deploying from a checkout where
     * the path differs re-runs the step; prefer `KUBECONFIG` in the deployer's environment, which commands inherit.
     * @default unset: kubectl's own choice, `$KUBECONFIG` or `~/.kube/config`.
     */
    readonly kubeconfigPath?: string;
    /**
     * kubeconfig context to use.
     * @default unset: the kubeconfig's current context.
     */
    readonly kubeContext?: string;
}

/** The bash scripts beside this file. */
export enum KubectlScript {
    WaitAndRestart = "waitAndRestart.sh",
    ResetGrafanaAdmin = "resetGrafanaAdmin.sh",
}

/** The helpers every script uses, put before its text. */
const LIBRARY = "kubectlLib.sh";

/** Environment variable that carries the script's text to `bash -c`. */
const SCRIPT_ENV = "MLOPS_SCRIPT";

const SINGLE_LINE = /^[^\n\r\0]+$/;

/**
 * The part of a `command.local.Command`'s args common to the Kubernetes rotation steps. The script's text travels
 * in an environment variable rather than as a path to the script, because a path differs between checkouts and
 * machines: every input change re-runs a Command, so a path would restart workloads whenever someone else deploys.
 * The `create` line stays short because the command provider repeats it in its failure messages.
 * `update` is the same line and there are no `triggers` (the SDK replaces a Command whose triggers change): a new
 * rotation id in the environment runs the step again in place, so a rotation replaces no resource but the password.
 */
export function kubectlScriptCommandArgs(
    script: KubectlScript,
    scriptName: string,
    environment: Record<string, pulumi.Input<string>>,
    connection: KubectlConnectionArgs,
): command.local.CommandArgs {
    const env: Record<string, pulumi.Input<string>> = { ...environment };
    if (connection.kubeconfigPath !== undefined) {
        env.MLOPS_KUBECONFIG = requireSingleLine("kubeconfigPath", connection.kubeconfigPath,
            "Give the path of a kubeconfig file on the machine that runs `pulumi up`, or leave it unset to use $KUBECONFIG.");
    }
    if (connection.kubeContext !== undefined) {
        env.MLOPS_KUBE_CONTEXT = requireSingleLine("kubeContext", connection.kubeContext,
            "Give a context name from the kubeconfig (kubectl config get-contexts), or leave it unset for the current context.");
    }
    env[SCRIPT_ENV] = kubectlScriptText(script);
    const run = `exec bash -c "$${SCRIPT_ENV}" ${scriptName}`;
    return {
        create: run,
        update: run,
        environment: env,
        addPreviousOutputInEnv: false,
    };
}

/** The script's text as bash runs it: the shared helpers (`kubectlLib.sh`) first, then the script itself. */
export function kubectlScriptText(script: KubectlScript): string {
    const read = (file: string) => fs.readFileSync(path.join(__dirname, file), "utf8");
    return `${read(LIBRARY)}\n${read(script)}`;
}

function requireSingleLine(argument: string, value: string, fix: string): string {
    if (typeof value !== "string" || !SINGLE_LINE.test(value)) {
        throw new SecretsInputError(argument, value, fix);
    }
    return value;
}
