import { execFile, spawn } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import { MockCloud } from "../../harness/mockCloud";
import { unwrapSecrets } from "../../harness/secretMarker";

/** One run of a command, as `@pulumi/command`'s local provider made it. */
export interface CommandRun {
    readonly name: string;
    readonly operation: "create" | "update";
    readonly command: string;
    /** Exit status, or null when a signal ended it. */
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly startedAt: number;
    readonly endedAt: number;
}

/** Faults a test can inject into the next run of a command. */
export interface CommandFault {
    /** SIGKILL the command's process group as soon as this resolves true (polled every ~25 ms). */
    readonly killWhen?: () => Promise<boolean>;
    /** The engine dies after the command succeeded, before it records the result (the next run sees the old state). */
    readonly engineDiesAfter?: boolean;
}

export interface ProviderRunHooks {
    /**
     * Called for every other custom resource the engine would create or update (only when its inputs changed since
     * the last successful apply); throwing fails that resource, as a provider error fails `pulumi up`.
     */
    onApply?(type: string, name: string, inputs: Record<string, any>): Promise<void> | void;
    /** Called before each real command run; returns the fault to inject, if any. */
    faultFor?(name: string): CommandFault | undefined;
    /** Called while a real command runs, every ~25 ms, e.g. to sample `ps`. */
    whileRunning?(): Promise<void>;
}

/** Environment of the provider process: the deployer's, without variables that would configure the commands. */
function providerEnvironment(): Record<string, string> {
    return Object.fromEntries(Object.entries(process.env)
        .filter(([key, value]) => value !== undefined && !/^(PG|MLOPS_|PULUMI_COMMAND_)/.test(key))) as Record<string, string>;
}

/**
 * The mock runtime's provider, running the commands named by `realCommands` the way pulumi-command v1.2.1's local
 * provider does (provider/pkg/provider/local/): `/bin/sh -c <create>` on create, `<update>` (or `<create>`) on an
 * update, only when an input changed; env = provider env + `environment` + PULUMI_COMMAND_STDOUT/STDERR of the last
 * successful run when non-empty (addPreviousOutputInEnv); stdin piped only when non-empty; one trailing newline
 * trimmed; a failure reports `<err>: running "<command>":\n<output>` and keeps the previous state.
 */
export class ProviderRunCloud extends MockCloud {
    readonly runs: CommandRun[] = [];
    private readonly applied = new Map<string, { key: string; id: string; state: Record<string, any> }>();

    constructor(private readonly projectDir: string, private readonly realCommands: RegExp, public hooks: ProviderRunHooks = {}) {
        super();
        // Pulumi's Mocks interface lets newResource answer with a Promise; MockCloud's own signature is synchronous
        // for tests that ask it for a remembered answer, so the asynchronous provider is installed here.
        Object.defineProperty(this, "newResource", { value: (args: pulumi.runtime.MockResourceArgs) => this.apply(args) });
    }

    private async apply(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string; state: Record<string, any> }> {
        const inputs = unwrapSecrets(args.inputs) as Record<string, any>;
        const slot = `${args.type}::${args.name}`;
        const key = JSON.stringify(inputs);
        const previous = this.applied.get(slot);
        if (previous?.key === key) {
            return { id: previous.id, state: previous.state }; // no diff: the engine runs nothing
        }
        if (args.type === "command:local:Command" && this.realCommands.test(args.name)) {
            const answer = await this.runCommand(args.name, args.inputs, inputs, previous?.state);
            this.applied.set(slot, { key, ...answer });
            return answer;
        }
        await this.hooks.onApply?.(args.type, args.name, inputs);
        const answer = await MockCloud.prototype.newResource.call(this, args); // a dynamic resource answers with a Promise
        this.applied.set(slot, { key, ...answer });
        return answer;
    }

    private async runCommand(name: string, rawInputs: Record<string, any>, inputs: Record<string, any>, previous?: Record<string, any>) {
        const operation = previous ? "update" : "create";
        const command: string = previous ? (inputs.update ?? inputs.create) : inputs.create;
        const env: Record<string, string> = { ...providerEnvironment(), ...(inputs.environment ?? {}) };
        if (previous && inputs.addPreviousOutputInEnv !== false) {
            if (previous.stdout) {
                env.PULUMI_COMMAND_STDOUT = previous.stdout;
            }
            if (previous.stderr) {
                env.PULUMI_COMMAND_STDERR = previous.stderr;
            }
        }
        const fault = this.hooks.faultFor?.(name);
        const startedAt = Date.now();
        const child = spawn("/bin/sh", ["-c", command], {
            cwd: this.projectDir, env, detached: true, stdio: [inputs.stdin ? "pipe" : "ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        let combined = "";
        child.stdout!.on("data", (chunk) => { stdout += chunk; combined += chunk; });
        child.stderr!.on("data", (chunk) => { stderr += chunk; combined += chunk; });
        if (inputs.stdin) {
            child.stdin!.on("error", () => undefined);
            child.stdin!.end(inputs.stdin);
        }
        let running = true;
        child.on("close", () => { running = false; });
        const sampler = (async () => {
            while (running) {
                await this.hooks.whileRunning?.();
                if (running && fault?.killWhen && await fault.killWhen()) {
                    try {
                        process.kill(-child.pid!, "SIGKILL");
                    } catch {
                        // already gone
                    }
                }
                await new Promise((resolve) => setTimeout(resolve, 25));
            }
        })();
        const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on("close", (c, s) => resolve([c, s])));
        running = false;
        await sampler;
        const trim = (text: string) => (text.endsWith("\n") ? text.slice(0, -1) : text);
        this.runs.push({ name, operation, command, code, stdout, stderr, startedAt, endedAt: Date.now() });
        if (code !== 0) {
            throw new Error(`${signal ? `signal: ${signal === "SIGKILL" ? "killed" : signal}` : `exit status ${code}`}: running "${command}":\n${combined}`);
        }
        if (fault?.engineDiesAfter) {
            throw new Error(`the engine died after "${name}" ran, before recording its result`);
        }
        return { id: `${name}-id`, state: { ...rawInputs, stdout: trim(stdout), stderr: trim(stderr) } };
    }
}

/** `ps axeww -o pid,args`: every process's argv and environment, as any user of the machine (or root) sees them. */
export function psSnapshot(): Promise<string> {
    return new Promise((resolve) => execFile("ps", ["axeww", "-o", "pid,args"], { maxBuffer: 64 << 20 }, (_e, out) => resolve(out ?? "")));
}
