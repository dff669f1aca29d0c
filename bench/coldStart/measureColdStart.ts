import { BenchBuild } from "../build/compileForBench";
import { spawnChild } from "../child/spawnChild";
import { median } from "../report/stats";
import { ColdStartVariant } from "./coldStartVariant";
import { LoadedPackage } from "./loadedModules";

/** What one cold-start child reports. */
export interface ColdStartSample {
    /** Node's own start-up, before the child's first line. */
    readonly nodeStartMs: number;
    /** Loading the program and the package (and, for SdkRoots, the three SDK roots first). */
    readonly importMs: number;
    /** Evaluating the program under the mock engine. */
    readonly programMs: number;
    /** From the process's start to the program's last registration answered. */
    readonly readyMs: number;
    readonly peakRssBytes: number;
    readonly registered: number;
    readonly loaded: { total: number; packages: Record<string, LoadedPackage> };
}

export interface ColdStartSummary {
    readonly variant: ColdStartVariant;
    readonly repetitions: number;
    /** Medians. */
    readonly processWallMs: number;
    readonly readyMs: number;
    readonly importMs: number;
    readonly programMs: number;
    readonly peakRssBytes: number;
    /** From the last repetition; every repetition loads the same modules. */
    readonly loaded: ColdStartSample["loaded"];
    /** Whether any repetition loaded a module of @pulumi/azure-native or @pulumi/gcp. */
    readonly loadedAzureOrGcp: boolean;
}

/** Cold starts of the AWS program, alone and after importing the three SDK roots, alternated, each in a fresh process. */
export async function measureColdStart(build: BenchBuild, repetitions: number, progress: (line: string) => void): Promise<ColdStartSummary[]> {
    const script = build.script("bench/coldStart/coldStartChild.ts");
    const variants = [ColdStartVariant.Package, ColdStartVariant.SdkRoots];
    const runs = new Map<ColdStartVariant, Array<{ wallMs: number; sample: ColdStartSample }>>(variants.map((v) => [v, []]));
    for (let rep = 0; rep < repetitions; rep++) {
        for (const variant of rep % 2 === 0 ? variants : [...variants].reverse()) {
            const { result, wallMs } = await spawnChild<ColdStartSample>(script, [variant]);
            runs.get(variant)!.push({ wallMs, sample: result });
            progress(`cold start ${rep + 1}/${repetitions} ${variant}: ${(wallMs / 1000).toFixed(2)} s, ${(result.peakRssBytes / 2 ** 20).toFixed(0)} MB`);
        }
    }
    return variants.map((variant) => {
        const list = runs.get(variant)!;
        const of = (pick: (s: ColdStartSample) => number) => median(list.map((r) => pick(r.sample)));
        return {
            variant,
            repetitions: list.length,
            processWallMs: median(list.map((r) => r.wallMs)),
            readyMs: of((s) => s.readyMs),
            importMs: of((s) => s.importMs),
            programMs: of((s) => s.programMs),
            peakRssBytes: of((s) => s.peakRssBytes),
            loaded: list[list.length - 1].sample.loaded,
            loadedAzureOrGcp: list.some((r) =>
                r.sample.loaded.packages["@pulumi/azure-native"].modules > 0 || r.sample.loaded.packages["@pulumi/gcp"].modules > 0),
        };
    });
}
