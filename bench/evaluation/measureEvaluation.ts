import { CloudProvider } from "../../components";
import { BenchBuild } from "../build/compileForBench";
import { spawnChild } from "../child/spawnChild";
import { EvaluationSample } from "../mock/evaluateProgram";
import { RegistrationCounts } from "../mock/benchCloud";
import { WorkCounts } from "../mock/workCounter";
import { growthExponent, median } from "../report/stats";
import { ProgramSide } from "./programSide";

/** Medians over the repetitions of one program at one size. */
export interface EvaluationSummary {
    readonly wallMs: number;
    readonly cpuMs: number;
    readonly mockMs: number;
    readonly peakRssBytes: number;
    /** Peak RSS minus the RSS before the program started: what evaluating the program added. */
    readonly rssGrowthBytes: number;
    readonly repetitions: number;
    readonly counts: RegistrationCounts;
    /** From the first repetition (the counts do not depend on the machine). */
    readonly work: WorkCounts;
}

/** Components ÷ raw, as the median over repetitions of the ratio within each repetition (the two ran back to back). */
export interface Overhead {
    readonly cpu: number;
    /** The lowest and highest per-repetition CPU ratio: the spread the machine's noise gives. */
    readonly cpuLowest: number;
    readonly cpuHighest: number;
    readonly wall: number;
    /** Of what evaluating the program added to the RSS. */
    readonly memoryGrowth: number;
    /** Engine RPCs (RegisterResource + RegisterResourceOutputs) and tracked promises: counted work, free of noise. */
    readonly rpcs: number;
    readonly trackedPromises: number;
}

export interface SizeResult {
    readonly cloud: CloudProvider;
    readonly secrets: number;
    readonly components: EvaluationSummary;
    readonly raw: EvaluationSummary;
    readonly overhead: Overhead;
}

/** How time grows from one size to the next (ten times larger), for the components program. */
export interface GrowthStep {
    readonly cloud: CloudProvider;
    readonly fromSecrets: number;
    readonly toSecrets: number;
    readonly cpuRatio: number;
    readonly cpuExponent: number;
    readonly wallRatio: number;
    readonly wallExponent: number;
    /** The raw baseline's CPU exponent over the same step: growth that both share comes from the SDK, not the components. */
    readonly rawCpuExponent: number;
}

export interface EvaluationResult {
    readonly sizes: SizeResult[];
    readonly growth: GrowthStep[];
    /** Repetitions run: fewer than asked when the next one would have overrun the run's time budget. */
    readonly repetitions: number;
    readonly stoppedAtBudget: boolean;
}

function pairedOverhead(components: EvaluationSample[], raw: EvaluationSample[]): Overhead {
    const ratios = (pick: (s: EvaluationSample) => number) => components.map((c, i) => pick(c) / pick(raw[i]));
    const cpu = ratios((s) => s.cpuMs);
    const rpcs = (s: EvaluationSample) => s.work.registerResource + s.work.registerResourceOutputs;
    return {
        cpu: median(cpu),
        cpuLowest: Math.min(...cpu),
        cpuHighest: Math.max(...cpu),
        wall: median(ratios((s) => s.wallMs)),
        memoryGrowth: median(ratios((s) => s.peakRssBytes - s.rssBeforeBytes)),
        rpcs: rpcs(components[0]) / rpcs(raw[0]),
        trackedPromises: components[0].work.trackedPromises / raw[0].work.trackedPromises,
    };
}

function summarize(samples: EvaluationSample[]): EvaluationSummary {
    return {
        wallMs: median(samples.map((s) => s.wallMs)),
        cpuMs: median(samples.map((s) => s.cpuMs)),
        mockMs: median(samples.map((s) => s.mockMs)),
        peakRssBytes: median(samples.map((s) => s.peakRssBytes)),
        rssGrowthBytes: median(samples.map((s) => s.peakRssBytes - s.rssBeforeBytes)),
        repetitions: samples.length,
        counts: samples[0].counts,
        work: samples[0].work,
    };
}

/**
 * Evaluates N PlatformSecrets and the raw baseline for every cloud and size, each run in a fresh child process. The
 * repetition is the outer loop and the two programs alternate in order, so a change in the machine's load spreads
 * over every configuration instead of landing on one. A repetition starts only if, at the pace of the slowest one so
 * far, it ends before `deadline` (a `performance.now()` time); every configuration then has the same repetitions.
 * Fails if the two programs register different custom resources.
 */
export async function measureEvaluation(
    build: BenchBuild, clouds: CloudProvider[], sizes: number[], repetitions: number, deadline: number, progress: (line: string) => void,
): Promise<EvaluationResult> {
    const script = build.script("bench/evaluation/evaluationChild.ts");
    const samples = new Map<string, EvaluationSample[]>();
    const key = (side: ProgramSide, cloud: CloudProvider, n: number) => `${side}/${cloud}/${n}`;
    let slowestRepetitionMs = 0;
    let run = 0;
    for (let rep = 0; rep < repetitions; rep++) {
        if (rep > 0 && performance.now() + slowestRepetitionMs > deadline) {
            progress(`evaluation: stopping after ${rep} of ${repetitions} repetitions, the next would overrun the time budget`);
            break;
        }
        const repetitionStart = performance.now();
        for (const n of sizes) {
            for (const cloud of clouds) {
                const sides = rep % 2 === 0 ? [ProgramSide.Components, ProgramSide.Raw] : [ProgramSide.Raw, ProgramSide.Components];
                for (const side of sides) {
                    const { result } = await spawnChild<EvaluationSample>(script, [side, cloud, String(n)], ["--expose-gc"]);
                    samples.set(key(side, cloud, n), [...(samples.get(key(side, cloud, n)) ?? []), result]);
                    progress(`evaluation ${rep + 1}/${repetitions} ${cloud} ${side} ${n}: ${(result.wallMs / 1000).toFixed(2)} s wall, ${(result.cpuMs / 1000).toFixed(2)} s CPU`);
                }
            }
        }
        slowestRepetitionMs = Math.max(slowestRepetitionMs, performance.now() - repetitionStart);
        run = rep + 1;
    }
    const results: SizeResult[] = [];
    for (const cloud of clouds) {
        for (const n of sizes) {
            const componentSamples = samples.get(key(ProgramSide.Components, cloud, n))!;
            const rawSamples = samples.get(key(ProgramSide.Raw, cloud, n))!;
            const components = summarize(componentSamples);
            const raw = summarize(rawSamples);
            if (JSON.stringify(components.counts.customByType) !== JSON.stringify(raw.counts.customByType)) {
                throw new Error(`The raw baseline does not register what the components do (${cloud}, ${n} secrets):\n` +
                    `components ${JSON.stringify(components.counts.customByType)}\nraw        ${JSON.stringify(raw.counts.customByType)}`);
            }
            results.push({ cloud, secrets: n, components, raw, overhead: pairedOverhead(componentSamples, rawSamples) });
        }
    }
    const growth: GrowthStep[] = [];
    for (const cloud of clouds) {
        const bySize = results.filter((r) => r.cloud === cloud).sort((a, b) => a.secrets - b.secrets);
        for (let i = 1; i < bySize.length; i++) {
            const [from, to] = [bySize[i - 1], bySize[i]];
            growth.push({
                cloud,
                fromSecrets: from.secrets,
                toSecrets: to.secrets,
                cpuRatio: to.components.cpuMs / from.components.cpuMs,
                cpuExponent: growthExponent(from.secrets, from.components.cpuMs, to.secrets, to.components.cpuMs),
                wallRatio: to.components.wallMs / from.components.wallMs,
                wallExponent: growthExponent(from.secrets, from.components.wallMs, to.secrets, to.components.wallMs),
                rawCpuExponent: growthExponent(from.secrets, from.raw.cpuMs, to.secrets, to.raw.cpuMs),
            });
        }
    }
    return { sizes: results, growth, repetitions: run, stoppedAtBudget: run < repetitions };
}
