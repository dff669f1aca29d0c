import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** What the fake cluster answers; see the header of the `kubectl` script beside this file. */
export interface FakeCluster {
    /** Successive answers to the rotation-annotation query; the last one repeats. "!not-found", "!error" are special. */
    readonly secretAnswers: string[];
    readonly missing?: string[];
    readonly restartFail?: string[];
    readonly rolloutHang?: string[];
    readonly execFail?: boolean;
    readonly esReadyReason?: string;
    /** Grafana's answer to GET /api/user/auth-tokens inside the pod (JSON). */
    readonly grafanaTokens?: string;
    /** Every curl call inside the pod fails (HTTP 401 under `curl -f`). */
    readonly curlFail?: boolean;
}

/** One recorded kubectl invocation. */
export interface KubectlCall {
    readonly argv: string[];
    readonly kubeconfigEnv: string;
}

/** One run of the fake `grafana` binary inside the "pod" (by `kubectl exec`), with what it read from stdin. */
export interface PodCall {
    readonly grafanaArgv: string[];
    readonly stdinSha256: string;
    readonly stdinBytes: number;
}

/** One run of the fake `curl` inside the "pod": the URL, the basic-auth user and a hash of the password it read on stdin. */
export interface CurlCall {
    readonly curlUrl: string;
    readonly curlUser: string;
    readonly curlPasswordSha256: string;
    readonly curlData: string;
    readonly curlArgv: string[];
}

/** The inputs of a `command:local:Command` that its provider uses to run it. */
export interface CommandInputs {
    readonly create: string;
    readonly update?: string;
    readonly environment?: Record<string, string>;
    readonly stdin?: string;
    readonly addPreviousOutputInEnv?: boolean;
}

/** Which operation the provider runs: create (first run) or update (a changed input), with the last run's output. */
export interface ProviderRun {
    readonly operation: "create" | "update";
    /** stdout of the previous create/update, for `PULUMI_COMMAND_STDOUT` on update. */
    readonly previousStdout?: string;
}

export interface CommandRun {
    readonly exitCode: number | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly seconds: number;
    readonly calls: KubectlCall[];
    readonly podCalls: PodCall[];
    readonly curlCalls: CurlCall[];
    /** The raw call log, for leak checks. */
    readonly log: string;
}

const FAKE_BIN = __dirname;
/** What the fake answers to any request for a Secret's data: finding it in output means a script asked for the data. */
export const SECRET_CANARY = "FAKE-SECRET-DATA-cGFzc3dvcmQ=";

/**
 * Runs a captured Command the way `@pulumi/command`'s provider does (`/bin/sh -c <create>`, the process environment
 * plus `environment`, `stdin` when set) with the recording fake kubectl first on PATH. `overrides` are extra
 * environment variables (e.g. a faster poll interval). A script still running after `killAfterSeconds` is killed.
 */
export async function runWithFakeKubectl(
    inputs: CommandInputs,
    cluster: FakeCluster,
    overrides: Record<string, string> = {},
    killAfterSeconds = 30,
    providerRun: ProviderRun = { operation: "create" },
): Promise<CommandRun> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-kubectl-"));
    try {
        const logFile = path.join(dir, "calls.jsonl");
        const answers = path.join(dir, "secret-answers");
        fs.writeFileSync(logFile, "");
        fs.writeFileSync(answers, `${cluster.secretAnswers.join("\n")}\n`);
        const { KUBECONFIG: _ignored, ...inherited } = process.env;
        const env: Record<string, string | undefined> = {
            ...inherited,
            PATH: `${FAKE_BIN}${path.delimiter}${process.env.PATH}`,
            FAKE_KUBECTL_LOG: logFile,
            FAKE_KUBECTL_SECRET_ANSWERS: answers,
            FAKE_KUBECTL_MISSING: (cluster.missing ?? []).join(" "),
            FAKE_KUBECTL_RESTART_FAIL: (cluster.restartFail ?? []).join(" "),
            FAKE_KUBECTL_ROLLOUT_HANG: (cluster.rolloutHang ?? []).join(" "),
            FAKE_KUBECTL_EXEC_FAIL: cluster.execFail ? "1" : "",
            FAKE_KUBECTL_ES_READY_REASON: cluster.esReadyReason ?? "SecretSyncedError",
            FAKE_KUBECTL_GRAFANA_TOKENS: cluster.grafanaTokens ?? "[]",
            FAKE_KUBECTL_CURL_FAIL: cluster.curlFail ? "1" : "",
            ...inputs.environment,
            ...overrides,
        };
        // pulumi-command (local/commandOutputs.go, util/util.go): update runs `update` (else `create`); the previous
        // output, one trailing newline removed, is appended last, only on update, only when non-empty and wanted.
        const update = providerRun.operation === "update";
        const previous = providerRun.previousStdout?.replace(/\n$/, "");
        if (update && inputs.addPreviousOutputInEnv !== false && previous) {
            env.PULUMI_COMMAND_STDOUT = previous;
        }
        const commandLine = update ? inputs.update ?? inputs.create : inputs.create;
        const started = process.hrtime.bigint();
        const child = spawn("/bin/sh", ["-c", commandLine], { env, cwd: dir, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.stdin.end(inputs.stdin ?? "");
        const killer = setTimeout(() => child.kill("SIGKILL"), killAfterSeconds * 1000);
        const exitCode = await new Promise<number | null>((resolve) => child.on("close", resolve));
        clearTimeout(killer);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const log = fs.readFileSync(logFile, "utf8");
        const entries = log.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as KubectlCall | PodCall | CurlCall);
        const calls = entries.filter((e): e is KubectlCall => "argv" in e);
        const podCalls = entries.filter((e): e is PodCall => "grafanaArgv" in e);
        const curlCalls = entries.filter((e): e is CurlCall => "curlUrl" in e);
        return { exitCode, stdout, stderr, seconds, calls, podCalls, curlCalls, log };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The kubectl subcommand of a call without the global flags: e.g. ["rollout", "status", "deployment/mlflow"]. */
export function verbs(call: KubectlCall): string[] {
    const words: string[] = [];
    for (let i = 0; i < call.argv.length; i++) {
        const arg = call.argv[i];
        if (arg === "--") {
            break;
        }
        if (["-n", "--kubeconfig", "--context", "-c", "-o"].includes(arg)) {
            i++;
        } else if (!arg.startsWith("-")) {
            words.push(arg);
        }
    }
    return words;
}
