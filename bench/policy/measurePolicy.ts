import { CloudProvider } from "../../components";
import { BenchBuild } from "../build/compileForBench";
import { spawnChild } from "../child/spawnChild";
import { median } from "../report/stats";

interface PolicySample {
    readonly policies: number;
    readonly resources: number;
    readonly customResources: number;
    readonly firstMs: number;
    readonly verdicts: number;
    readonly mandatoryViolations: number;
    readonly withPoliciesMs: number[];
    readonly withPoliciesCpuMs: number[];
    readonly withoutPoliciesMs: number[];
    readonly withoutPoliciesCpuMs: number[];
}

export interface PolicyThroughput {
    readonly cloud: CloudProvider;
    /** Policies in the pack. */
    readonly policies: number;
    readonly secrets: number;
    /** Resources analyzed per run (custom resources and components, as the engine sends both). */
    readonly resources: number;
    readonly repetitions: number;
    /** The first analysis in the process, which also loads the pack and the policy SDK. */
    readonly firstMs: number;
    /** Medians of the following analyses with the pack's policies, wall and CPU time. */
    readonly withPoliciesMs: number;
    readonly withPoliciesCpuMs: number;
    /** Medians with every policy disabled: the analyzer path alone. */
    readonly withoutPoliciesMs: number;
    readonly withoutPoliciesCpuMs: number;
    /** Resources per second of CPU time (the target's measure) and of wall time. */
    readonly resourcesPerSecond: number;
    readonly resourcesPerWallSecond: number;
    /** Per resource, in CPU time: the whole path, the path with no policies, and the policies' share (the difference). */
    readonly perResourceUs: number;
    readonly pathPerResourceUs: number;
    readonly policiesPerResourceUs: number;
    readonly verdicts: number;
    readonly mandatoryViolations: number;
}

/** Runs the policy pack over the resources of `secrets` PlatformSecrets on each cloud, in one fresh child per cloud. */
export async function measurePolicy(
    build: BenchBuild, clouds: CloudProvider[], secrets: number, repetitions: number, progress: (line: string) => void,
): Promise<PolicyThroughput[]> {
    const script = build.script("bench/policy/policyChild.ts");
    const results: PolicyThroughput[] = [];
    for (const cloud of clouds) {
        const { result: s } = await spawnChild<PolicySample>(script, [cloud, String(secrets), String(repetitions)]);
        const withPoliciesMs = median(s.withPoliciesMs);
        const withPoliciesCpuMs = median(s.withPoliciesCpuMs);
        const withoutPoliciesCpuMs = median(s.withoutPoliciesCpuMs);
        const perResourceUs = (withPoliciesCpuMs * 1000) / s.resources;
        const pathPerResourceUs = (withoutPoliciesCpuMs * 1000) / s.resources;
        results.push({
            cloud,
            policies: s.policies,
            secrets,
            resources: s.resources,
            repetitions,
            firstMs: s.firstMs,
            withPoliciesMs,
            withPoliciesCpuMs,
            withoutPoliciesMs: median(s.withoutPoliciesMs),
            withoutPoliciesCpuMs,
            resourcesPerSecond: s.resources / (withPoliciesCpuMs / 1000),
            resourcesPerWallSecond: s.resources / (withPoliciesMs / 1000),
            perResourceUs,
            pathPerResourceUs,
            policiesPerResourceUs: perResourceUs - pathPerResourceUs,
            verdicts: s.verdicts,
            mandatoryViolations: s.mandatoryViolations,
        });
        progress(`policy ${cloud}: ${s.resources} resources in ${withPoliciesCpuMs.toFixed(0)} ms CPU (${withoutPoliciesCpuMs.toFixed(0)} ms with no policies)`);
    }
    return results;
}
