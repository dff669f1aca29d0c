/**
 * The benchmarks of issue 8: program evaluation against a raw baseline, cold start, policy pack throughput, resources
 * per secret and namespace, ESO API load and rotation latency. Rewrites BENCHMARKS.md.
 *
 *   npm run bench [-- --repetitions 3] [--sizes 1,10,100,1000] [--budget-minutes 9.5] [--json results.json]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { compileForBench } from "./build/compileForBench";
import { measureColdStart } from "./coldStart/measureColdStart";
import { esoApiLoad } from "./eso/esoApiLoad";
import { measureEvaluation } from "./evaluation/measureEvaluation";
import { measurePolicy } from "./policy/measurePolicy";
import { BENCH_CLOUDS } from "./programs/benchClouds";
import { measureResources } from "./resources/measureResources";
import { BenchResults, BenchSettings } from "./report/benchResults";
import { describeMachine } from "./report/machine";
import { renderReport } from "./report/renderReport";

const ROOT = path.resolve(__dirname, "..");

function positiveIntegers(option: string, value: string): number[] {
    const numbers = value.split(",").map(Number);
    if (numbers.some((n) => !Number.isInteger(n) || n < 1)) {
        throw new Error(`--${option} takes positive whole numbers (comma-separated for --sizes), got ${JSON.stringify(value)}`);
    }
    return numbers;
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            repetitions: { type: "string", default: "3" },
            sizes: { type: "string", default: "1,10,100,1000" },
            "budget-minutes": { type: "string", default: "9.5" },
            json: { type: "string" },
        },
    });
    const settings: BenchSettings = {
        clouds: BENCH_CLOUDS,
        sizes: positiveIntegers("sizes", values.sizes),
        repetitions: positiveIntegers("repetitions", values.repetitions)[0],
        coldStartRepetitions: 5,
        policySecrets: 100,
        policyRepetitions: 7,
        budgetMinutes: Number(values["budget-minutes"]),
    };
    if (!(settings.budgetMinutes > 0)) {
        throw new Error(`--budget-minutes takes a positive number of minutes, got ${JSON.stringify(values["budget-minutes"])}`);
    }
    const startedAt = new Date();
    const machine = describeMachine();
    const start = performance.now();
    const progress = (line: string) => console.log(`[${((performance.now() - start) / 1000).toFixed(0).padStart(4)} s] ${line}`);

    progress("compiling the package and the bench");
    const build = compileForBench();
    if (build.typeErrors) {
        progress(`warning: the tree does not typecheck; measuring the emitted JavaScript anyway:\n${build.typeErrors}`);
    }
    try {
        const resources = await measureResources(build, settings.clouds, progress);
        const coldStart = await measureColdStart(build, settings.coldStartRepetitions, progress);
        const policy = await measurePolicy(build, settings.clouds, settings.policySecrets, settings.policyRepetitions, progress);
        // Evaluation comes last: it is the longest part, and the only one that can stop early to keep to the budget.
        const deadline = start + settings.budgetMinutes * 60_000;
        const evaluation = await measureEvaluation(build, settings.clouds, settings.sizes, settings.repetitions, deadline, progress);
        machine.loadAtEnd = os.loadavg()[0];
        const results: BenchResults = {
            command: ["npm run bench", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(" "),
            startedAt: startedAt.toISOString(),
            durationMs: performance.now() - start,
            machine,
            settings,
            typeErrors: build.typeErrors,
            evaluation,
            coldStart,
            policy,
            resources,
            eso: resources.map(esoApiLoad),
        };
        fs.writeFileSync(path.join(ROOT, "BENCHMARKS.md"), renderReport(results));
        if (values.json) {
            fs.writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
        }
        progress(`wrote BENCHMARKS.md in ${(results.durationMs / 60_000).toFixed(1)} min`);
    } finally {
        build.remove();
    }
}

main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exitCode = 1;
});
