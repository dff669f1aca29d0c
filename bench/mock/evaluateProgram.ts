import * as pulumi from "@pulumi/pulumi";
import { BenchCloud, RegistrationCounts } from "./benchCloud";
import { countWork, WorkCounts } from "./workCounter";

// Internal to the SDK, as in the test harness: the only way to know every registration has been answered.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings: { waitForRPCs(): Promise<void> } = require("@pulumi/pulumi/runtime/settings");

/** One evaluation of a program under the mock engine. */
export interface EvaluationSample {
    /** From the start of the program to the last registration answered. */
    readonly wallMs: number;
    /** User + system CPU time of the process over the same span (Pulumi's runtime is single-threaded JS; GC threads add to it). */
    readonly cpuMs: number;
    /** Of wallMs, the time spent inside the mock's newResource. */
    readonly mockMs: number;
    /** The process's peak resident set size (module loading included). */
    readonly peakRssBytes: number;
    /** Resident set size just before the program started (after modules were loaded and a GC). */
    readonly rssBeforeBytes: number;
    readonly counts: RegistrationCounts;
    readonly work: WorkCounts;
}

/**
 * Runs `program` as a `pulumi up` under Pulumi's mock monitor with `cloud` answering and measures it, without
 * capturing the registrations (the test harness's capture would add its own cost to both programs).
 */
export async function evaluateProgram(program: () => void, cloud: BenchCloud): Promise<EvaluationSample> {
    (globalThis as { gc?: () => void }).gc?.();
    const rssBeforeBytes = process.memoryUsage.rss();
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    await pulumi.runtime.setMocks(cloud, "bench", "bench", false);
    const work = countWork();
    await pulumi.runtime.runInPulumiStack(async () => program());
    await settings.waitForRPCs();
    const wallMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);
    return {
        wallMs,
        cpuMs: (cpu.user + cpu.system) / 1000,
        mockMs: cloud.mockMs,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        rssBeforeBytes,
        counts: cloud.counts(),
        work: work(),
    };
}
