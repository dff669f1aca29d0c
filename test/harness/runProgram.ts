import * as pulumi from "@pulumi/pulumi";
import { MockCloud } from "./mockCloud";
import { unwrapSecrets } from "./secretMarker";

// waitForRPCs is internal to the SDK, but it is the only way to know every registration has been answered.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");

export interface CapturedOptions {
    readonly protect?: boolean;
    readonly retainOnDelete?: boolean;
    readonly deleteBeforeReplace?: boolean;
    readonly replaceOnChanges: string[];
    readonly ignoreChanges: string[];
    readonly additionalSecretOutputs: string[];
    readonly replacementTrigger?: unknown;
}

/** One resource as the engine saw its registration. */
export interface CapturedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    readonly dependencies: string[];
    /** Per input property, the URNs it depends on. */
    readonly propertyDependencies: Record<string, string[]>;
    readonly provider?: string;
    readonly options: CapturedOptions;
    /** Inputs as a provider sees them, secrets unwrapped. */
    readonly inputs: Record<string, any>;
    /** Inputs as sent to the engine, secrets still wrapped in the engine's secret marker. */
    readonly rawInputs: Record<string, any>;
    /** For components: the outputs passed to registerOutputs, as sent (secret markers kept). */
    rawOutputs?: Record<string, any>;
}

export interface ProgramRun {
    readonly resources: CapturedResource[];
    /** Stack outputs as sent to the engine, secret markers kept. */
    readonly rawStackOutputs: Record<string, any>;
    readonly cloud: MockCloud;
}

export interface RunOptions {
    readonly project?: string;
    readonly stack?: string;
    /** Stack config without the project prefix for the project's own keys (`secrets:cloud` or `cloud`). */
    readonly config?: Record<string, string>;
    readonly preview?: boolean;
    /** Reuse a cloud to run the "same deployment" again (answers are remembered). */
    readonly cloud?: MockCloud;
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * Runs a Pulumi program under the mock runtime, the way the engine would run `pulumi up` (or preview), and returns
 * every registration with its options and raw inputs. Rejects with the program's error, e.g. a SecretsInputError.
 */
export async function runProgram(program: () => unknown, options: RunOptions = {}): Promise<ProgramRun> {
    const project = options.project ?? "mlops-platform";
    const stack = options.stack ?? "dev";
    const cloud = options.cloud ?? new MockCloud();
    const config = Object.fromEntries(
        Object.entries(options.config ?? {}).map(([k, v]) => [k.includes(":") ? k : `${project}:${k}`, v]),
    );
    pulumi.runtime.setAllConfig(config);
    await pulumi.runtime.setMocks(cloud, project, stack, options.preview ?? false);

    const resources = new Map<string, CapturedResource>();
    let rawStackOutputs: Record<string, any> = {};
    const monitor = pulumi.runtime.getMonitor() as any;
    const registerResource = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp: any) => void) =>
        registerResource(req, (err: unknown, resp: any) => {
            if (!err && resp) {
                resources.set(resp.getUrn(), capture(req, resp.getUrn()));
            }
            callback(err, resp);
        });
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req: any, callback: (err: unknown, resp: any) => void) => {
        const outputs = req.getOutputs()?.toJavaScript() ?? {};
        const captured = resources.get(req.getUrn());
        if (captured?.type === STACK_TYPE) {
            rawStackOutputs = outputs;
        } else if (captured) {
            captured.rawOutputs = outputs;
        }
        registerOutputs(req, callback);
    };

    // An error thrown inside an apply fails a real deployment; here it would only be an unhandled rejection.
    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    let programError: unknown;
    try {
        await pulumi.runtime.runInPulumiStack(async () => program());
    } catch (err) {
        programError = err;
    }
    // Drain what the program started, even when it failed, so nothing of this run reaches the next one's monitor.
    await settings.waitForRPCs();
    // Node reports an unhandled rejection only after the microtask queue drains: give it a full turn.
    await new Promise((resolve) => setTimeout(resolve, 0));
    process.off("unhandledRejection", onRejection);
    if (programError !== undefined || failures.length > 0) {
        throw programError ?? failures[0];
    }
    return { resources: [...resources.values()].filter((r) => r.type !== STACK_TYPE), rawStackOutputs, cloud };
}

/** What a program that was expected to throw did: the error (if any) and everything it registered before it. */
export interface AttemptedRun {
    readonly error: unknown;
    readonly run: ProgramRun;
}

/**
 * Runs a program whose construction is expected to fail, catching the error inside the program, so the run completes
 * and shows what was registered before the throw (bad input must leave nothing registered).
 */
export async function attemptProgram(program: () => unknown, options: RunOptions = {}): Promise<AttemptedRun> {
    let error: unknown;
    const run = await runProgram(() => {
        try {
            return program();
        } catch (err) {
            error = err;
            return undefined;
        }
    }, options);
    return { error, run };
}

function capture(req: any, urn: string): CapturedResource {
    const rawInputs = req.getObject()?.toJavaScript() ?? {};
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    const trigger = req.getReplacementTrigger?.();
    return {
        urn,
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent() || undefined,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        provider: req.getProvider() || undefined,
        options: {
            protect: req.getProtect?.() || undefined,
            retainOnDelete: req.getRetainondelete?.() || undefined,
            deleteBeforeReplace: req.getDeletebeforereplace() || undefined,
            replaceOnChanges: req.getReplaceonchangesList(),
            ignoreChanges: req.getIgnorechangesList(),
            additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
            replacementTrigger: trigger ? unwrapSecrets(trigger.toJavaScript()) : undefined,
        },
        inputs: unwrapSecrets(rawInputs) as Record<string, any>,
        rawInputs,
    };
}
