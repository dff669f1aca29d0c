import { CloudProvider } from "../../components";
import { ColdStartVariant } from "../coldStart/coldStartVariant";
import { BenchResults } from "./benchResults";

/** The issue's targets. */
export const OVERHEAD_SECRETS = 1000;
export const MAX_OVERHEAD = 1.15;
/** Growth exponent per decade above which time is not called linear (1 = linear, 2 = quadratic). */
export const MAX_LINEAR_EXPONENT = 1.2;
/** Growth exponent per decade from which a step is flagged as quadratic. */
export const QUADRATIC_STEP_EXPONENT = 1.5;
export const MIN_POLICY_RESOURCES_PER_SECOND = 2000;
export const MAX_ESO_CALL_RATIO = 1 / 24;

export enum Verdict {
    Pass = "PASS",
    Miss = "MISS",
    NotMeasured = "NOT MEASURED",
}

export interface TargetResult {
    readonly target: string;
    readonly result: string;
    readonly verdict: Verdict;
    /** For a miss: why, and what would fix it. */
    readonly whyAndFix?: string;
}

const x = (ratio: number) => `${ratio.toFixed(2)}x`;
const perCloud = <T>(clouds: readonly T[], cloudOf: (t: T) => CloudProvider, show: (t: T) => string) =>
    clouds.map((t) => `${cloudOf(t)} ${show(t)}`).join(", ");

function overheadTarget(r: BenchResults): TargetResult {
    const target = `Component overhead ≤ ${MAX_OVERHEAD}x the raw baseline at ${OVERHEAD_SECRETS} secrets (CPU time, median of paired runs)`;
    const at = r.evaluation.sizes.filter((s) => s.secrets === OVERHEAD_SECRETS);
    if (at.length === 0) {
        return { target, result: `not run: sizes were ${r.settings.sizes.join(", ")}`, verdict: Verdict.NotMeasured };
    }
    // A verdict the machine's noise could flip: the repetitions of some cloud fall on both sides of the limit.
    const straddling = at.filter((s) => s.overhead.cpuLowest <= MAX_OVERHEAD && s.overhead.cpuHighest > MAX_OVERHEAD).map((s) => s.cloud);
    const result =
        `CPU ${at.map((s) => `${s.cloud} ${x(s.overhead.cpu)} (${x(s.overhead.cpuLowest)}–${x(s.overhead.cpuHighest)})`).join(", ")}; ` +
        `wall ${at.map((s) => `${s.cloud} ${x(s.overhead.wall)}`).join(", ")}; counted work: engine RPCs ${x(at[0].overhead.rpcs)}, ` +
        `tracked promises ${at.map((s) => `${s.cloud} ${x(s.overhead.trackedPromises)}`).join(", ")}` +
        (straddling.length ? `; **within noise**: the repetitions on ${straddling.join(", ")} fall on both sides of ${MAX_OVERHEAD}x` : "");
    if (Math.max(...at.map((s) => s.overhead.cpu)) <= MAX_OVERHEAD) {
        return { target, result, verdict: Verdict.Pass };
    }
    const registrations = (c: { custom: number; components: number }) => c.custom + c.components;
    // From the paired ratio (the target's measure), so these figures agree with it.
    const costs = at.map((s) => ({
        cloud: s.cloud,
        custom: s.raw.counts.custom / s.secrets,
        extra: registrations(s.components.counts) / registrations(s.raw.counts) - 1,
        msPerSecret: ((s.overhead.cpu - 1) * s.raw.cpuMs) / s.secrets,
        // The extra cost per secret in units of what one registration of the baseline costs.
        worth: ((s.overhead.cpu - 1) * registrations(s.raw.counts)) / s.secrets,
    }));
    const detail = costs.map((c) =>
        `${c.cloud}: ${c.custom.toFixed(0)} custom resources per secret, +${(100 * c.extra).toFixed(0)}% registrations, ` +
        `${c.msPerSecret.toFixed(1)} ms CPU more per secret = ${c.worth.toFixed(1)} baseline registrations' worth`);
    const worths = costs.map((c) => c.worth);
    return {
        target,
        result,
        verdict: Verdict.Miss,
        whyAndFix:
            `Per secret the package registers one resource more than the baseline — the PlatformSecret component — and one ` +
            `RegisterResourceOutputs call (${detail.join("; ")}). Under the mock engine a component registration with its outputs thus ` +
            `costs the program about what a custom resource's does (${Math.min(...worths).toFixed(1)}–${Math.max(...worths).toFixed(1)} ` +
            `times here, within the machine's noise): call-site capture, request serialization, tracked promises, allocation. A CPU profile taken while writing the bench showed the difference ` +
            `spread over the SDK's registration path and garbage collection, with no single hot spot, and it grows linearly (target 2). ` +
            `In a real \`pulumi up\` every custom resource also waits for its provider and cloud API while a component waits for nothing, so the same absolute cost ` +
            `is a much smaller share there. Meeting ${MAX_OVERHEAD}x under mocks needs fewer registrations per secret — one component ` +
            `for many secrets (e.g. per namespace) instead of one per secret, an API change — or a target measured against a baseline ` +
            `that includes provider time.`,
    };
}

function linearTarget(r: BenchResults): TargetResult {
    const target = `Time linear in N (CPU-time exponent per decade ≤ ${MAX_LINEAR_EXPONENT}; a step ≥ ${QUADRATIC_STEP_EXPONENT} is flagged quadratic)`;
    const steps = r.evaluation.growth;
    if (steps.length === 0) {
        return { target, result: "not run: fewer than two sizes", verdict: Verdict.NotMeasured };
    }
    const result = steps.map((g) => `${g.cloud} ${g.fromSecrets}→${g.toSecrets}: ${g.cpuExponent.toFixed(2)}`).join(", ");
    const bad = steps.filter((g) => g.cpuExponent > MAX_LINEAR_EXPONENT);
    if (bad.length === 0) {
        return { target, result, verdict: Verdict.Pass };
    }
    const quadratic = bad.filter((g) => g.cpuExponent >= QUADRATIC_STEP_EXPONENT);
    const shared = bad.filter((g) => g.rawCpuExponent > MAX_LINEAR_EXPONENT);
    return {
        target,
        result: `${result}${quadratic.length ? `; quadratic step: ${quadratic.map((g) => `${g.cloud} ${g.fromSecrets}→${g.toSecrets}`).join(", ")}` : ""}`,
        verdict: Verdict.Miss,
        whyAndFix: shared.length === bad.length
            ? `The raw baseline grows the same way over those steps (${shared.map((g) => `${g.cloud} ${g.rawCpuExponent.toFixed(2)}`).join(", ")}), ` +
              "so the growth comes from the Pulumi SDK under the mock engine, not from the components; nothing in the package would fix it."
            : "The components grow faster than the raw baseline over those steps: profile the components program at the larger size " +
              "(node --cpu-prof on bench/evaluation/evaluationChild) and look for per-secret work that scans all earlier secrets.",
    };
}

function lazyLoadingTarget(r: BenchResults): TargetResult {
    const target = "An AWS-only program loads no Azure/GCP module";
    const pkg = r.coldStart.find((c) => c.variant === ColdStartVariant.Package);
    const roots = r.coldStart.find((c) => c.variant === ColdStartVariant.SdkRoots);
    if (!pkg || !roots) {
        return { target, result: "not run", verdict: Verdict.NotMeasured };
    }
    const count = (c: typeof pkg, sdk: string) => c.loaded.packages[sdk].modules;
    const result =
        `require.cache after the AWS program: ${count(pkg, "@pulumi/azure-native")} @pulumi/azure-native and ${count(pkg, "@pulumi/gcp")} @pulumi/gcp ` +
        `modules (${count(pkg, "@pulumi/aws")} of @pulumi/aws, root index ${pkg.loaded.packages["@pulumi/aws"].rootIndex ? "loaded" : "not loaded"}); ` +
        `with the three SDK roots: ${count(roots, "@pulumi/azure-native")} and ${count(roots, "@pulumi/gcp")}`;
    return pkg.loadedAzureOrGcp
        ? { target, result, verdict: Verdict.Miss, whyAndFix: "A module on the AWS path imports the Azure or GCP SDK at load time: find it with `node -e` and `require.cache`, and load it lazily as `storeInCloud` does." }
        : { target, result, verdict: Verdict.Pass };
}

function policyTarget(r: BenchResults): TargetResult {
    const target = `Policy pack analyzes ≥ ${MIN_POLICY_RESOURCES_PER_SECOND} resources/s (per second of CPU time)`;
    if (r.policy.length === 0) {
        return { target, result: "not run", verdict: Verdict.NotMeasured };
    }
    const result = perCloud(r.policy, (p) => p.cloud, (p) => `${Math.round(p.resourcesPerSecond)}/s (wall ${Math.round(p.resourcesPerWallSecond)}/s)`);
    const slowest = r.policy.reduce((a, b) => (a.resourcesPerSecond < b.resourcesPerSecond ? a : b));
    if (slowest.resourcesPerSecond >= MIN_POLICY_RESOURCES_PER_SECOND) {
        return { target, result, verdict: Verdict.Pass };
    }
    return {
        target,
        result,
        verdict: Verdict.Miss,
        whyAndFix: slowest.pathPerResourceUs > slowest.policiesPerResourceUs
            ? `Most of the time (${slowest.pathPerResourceUs.toFixed(0)} of ${slowest.perResourceUs.toFixed(0)} µs per resource on ${slowest.cloud}) is the analyzer path with no policies: building protobuf Structs and the SDK's handlers. Fix it in scripts/policyAnalyzer.ts (fewer conversions), not in the policies.`
            : `The policies themselves cost ${slowest.policiesPerResourceUs.toFixed(0)} µs per resource on ${slowest.cloud}: find the slow one by disabling policies one at a time (the same config mechanism the bench uses).`,
    };
}

function esoTargets(r: BenchResults): TargetResult[] {
    if (r.eso.length === 0) {
        return [{ target: "ESO API calls and rotation", result: "not run", verdict: Verdict.NotMeasured }];
    }
    const fraction = (ratio: number) => `1/${(1 / ratio).toFixed(2)}`;
    const periodicOk = r.eso.every((e) => e.periodicRatio <= MAX_ESO_CALL_RATIO + 1e-12);
    const totalOk = r.eso.every((e) => e.totalRatio <= MAX_ESO_CALL_RATIO + 1e-12);
    const syncOk = r.eso.every((e) => e.rotationForcesSync);
    const first = r.eso[0];
    return [
        {
            target: "Default refresh settings: ≤ 1/24 of the provider API calls of ESO's default 1h (refresh-driven calls)",
            result: perCloud(r.eso, (e) => e.cloud, (e) => `${e.periodicCalls.toFixed(1)} vs ${e.esoDefaultCalls.toFixed(0)} calls/secret/month = ${fraction(e.periodicRatio)}`),
            verdict: periodicOk ? Verdict.Pass : Verdict.Miss,
            whyAndFix: periodicOk ? undefined : "A generated ExternalSecret refreshes more often than every 24h: check `refreshInterval` in the secret's arguments or the stack config.",
        },
        {
            target: "… counting also the forced sync of each scheduled rotation, on both sides",
            result: perCloud(r.eso, (e) => e.cloud, (e) => `${(e.periodicCalls + e.forcedCalls).toFixed(2)} vs ${(e.esoDefaultCalls + e.forcedCalls).toFixed(2)} = ${fraction(e.totalRatio)}`),
            verdict: totalOk ? Verdict.Pass : Verdict.Miss,
            whyAndFix: totalOk ? undefined :
                `A rotation every 90 days adds one forced sync (${first.forcedCalls.toFixed(2)} calls/secret/month) on both sides; with exactly 24h ` +
                `the package's total is then ${fraction(first.totalRatio)} of ESO's default, ${((first.totalRatio / MAX_ESO_CALL_RATIO - 1) * 100).toFixed(1)}% above 1/24. ` +
                "The excess is one read per secret per rotation, not load that grows with time. A default refreshInterval of 25h would bring the total " +
                "under 1/24; the docs' \"1/24\" is exact for the refresh-driven calls only.",
        },
        {
            target: "… while rotation reaches the Secret without waiting for a refresh",
            result: syncOk
                ? `every generated ExternalSecret (${r.eso.map((e) => `${e.cloud} ${e.externalSecrets}`).join(", ")}) carries force-sync = rotation id, which the rotation changed ` +
                  `(${first.forceSyncExample.name}: ${first.forceSyncExample.before} → ${first.forceSyncExample.after}); refreshPolicy Periodic, refreshInterval non-zero`
                : r.eso.flatMap((e) => e.syncBlockers.map((b) => `${e.cloud} ${b}`)).join("; "),
            verdict: syncOk ? Verdict.Pass : Verdict.Miss,
            whyAndFix: syncOk ? undefined : "Without a changed annotation (or with CreatedOnce / refreshInterval 0) ESO only sees the new value at the next refresh: keep the force-sync annotation on the rotation id.",
        },
    ];
}

/** Every target of the issue with its verdict. */
export function evaluateTargets(r: BenchResults): TargetResult[] {
    return [overheadTarget(r), linearTarget(r), lazyLoadingTarget(r), policyTarget(r), ...esoTargets(r)];
}
