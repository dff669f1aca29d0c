// Child process: policy pack throughput through scripts/policyAnalyzer.ts on the resources of N PlatformSecrets.
//   node policyChild.js <aws|azure|gcp> <secrets> <repetitions>
import { packArgs } from "../../policy/pack";
import { analyzeResources, AnalyzeOptions, EnforcementLevel } from "../../scripts/policyAnalyzer";
import { CapturedResource, runProgram } from "../../test/harness";
import { childMain } from "../child/childMain";
import { BenchCloud } from "../mock/benchCloud";
import { parseCloud } from "../programs/benchClouds";
import { componentSecrets } from "../programs/componentSecrets";

/**
 * The pack with no policies, the simplest honest way: the same pack, analyzer path and requests, with every policy set
 * to `disabled` through the `all` config key. The policy SDK's Analyze and AnalyzeStack skip a disabled policy before
 * any work (its first check in the loop over policies), so what remains is the cost of the path itself: building each
 * request's protobuf Struct, the SDK's handler, the response.
 */
const NO_POLICIES: AnalyzeOptions = { config: { all: { enforcementLevel: EnforcementLevel.Disabled } } };

interface TimedAnalysis {
    readonly ms: number;
    readonly cpuMs: number;
    readonly verdicts: number;
    readonly mandatory: number;
}

/** One analysis, on a fresh copy of the resources: the analyzer caches each input's Struct, as one preview would build it once. */
async function timedAnalysis(resources: CapturedResource[], opts: AnalyzeOptions): Promise<TimedAnalysis> {
    const copy = structuredClone(resources);
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const verdicts = await analyzeResources(copy, opts);
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpuBefore);
    return {
        ms,
        cpuMs: (cpu.user + cpu.system) / 1000,
        verdicts: verdicts.length,
        mandatory: verdicts.filter((v) => v.enforcementLevel === EnforcementLevel.Mandatory).length,
    };
}

childMain(async ([cloudName, secrets, repetitions]) => {
    const cloud = parseCloud(cloudName);
    const run = await runProgram(() => componentSecrets(cloud, Number(secrets)), { cloud: new BenchCloud() });
    // The first analysis also loads the pack and its SDK: reported apart, as a pack's start-up.
    const first = await timedAnalysis(run.resources, {});
    const withPolicies: TimedAnalysis[] = [];
    const withoutPolicies: TimedAnalysis[] = [];
    for (let i = 0; i < Number(repetitions); i++) {
        // Alternated, so a change in the machine's load falls on both.
        withPolicies.push(await timedAnalysis(run.resources, {}));
        withoutPolicies.push(await timedAnalysis(run.resources, NO_POLICIES));
    }
    return {
        policies: packArgs.policies.length,
        resources: run.resources.length,
        customResources: run.resources.filter((r) => r.custom).length,
        firstMs: first.ms,
        verdicts: first.verdicts,
        mandatoryViolations: first.mandatory,
        withPoliciesMs: withPolicies.map((a) => a.ms),
        withPoliciesCpuMs: withPolicies.map((a) => a.cpuMs),
        withoutPoliciesMs: withoutPolicies.map((a) => a.ms),
        withoutPoliciesCpuMs: withoutPolicies.map((a) => a.cpuMs),
    };
});
