import * as pulumi from "@pulumi/pulumi";

// Internal to the SDK: the helper that wraps every promise the runtime tracks, recording a stack trace for each.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable: { debuggablePromise: (p: Promise<unknown>, ctx: unknown) => Promise<unknown> } = require("@pulumi/pulumi/runtime/debuggable");

/** Work the SDK did during a run, counted rather than timed, so it does not vary with the machine's load. */
export interface WorkCounts {
    /** RegisterResource calls (custom resources and components). */
    readonly registerResource: number;
    /** RegisterResourceOutputs calls (components' registerOutputs, and the stack's). */
    readonly registerResourceOutputs: number;
    /** Promises the runtime tracked through `debuggablePromise`, each with a captured stack trace. */
    readonly trackedPromises: number;
}

/**
 * Counts engine RPCs and tracked promises from now on: wraps the mock monitor's two registration calls (as the test
 * harness does to capture them) and the SDK's `debuggablePromise` (which its modules call through the module object,
 * so replacing the export reaches every caller). Call after `setMocks`.
 */
export function countWork(): () => WorkCounts {
    const counts = { registerResource: 0, registerResourceOutputs: 0, trackedPromises: 0 };
    const monitor = pulumi.runtime.getMonitor() as any;
    const registerResource = monitor.registerResource.bind(monitor);
    const registerResourceOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResource = (...args: unknown[]) => {
        counts.registerResource++;
        return registerResource(...args);
    };
    monitor.registerResourceOutputs = (...args: unknown[]) => {
        counts.registerResourceOutputs++;
        return registerResourceOutputs(...args);
    };
    const debuggablePromise = debuggable.debuggablePromise;
    debuggable.debuggablePromise = (p, ctx) => {
        counts.trackedPromises++;
        return debuggablePromise(p, ctx);
    };
    return () => ({ ...counts });
}
