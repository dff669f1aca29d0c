import { CloudProvider, DEFAULT_ROTATION_DAYS } from "../../components";
import { ExternalSecretFacts, ResourceCounts } from "../resources/measureResources";

/** A month, for "per month": 30 days. */
export const HOURS_PER_MONTH = 720;
/** ESO's refreshInterval when an ExternalSecret sets none. */
export const ESO_DEFAULT_REFRESH_INTERVAL = "1h";

const GO_DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
const HOURS_PER_UNIT: Record<string, number> = { ns: 1 / 3.6e12, us: 1 / 3.6e9, "µs": 1 / 3.6e9, ms: 1 / 3.6e6, s: 1 / 3600, m: 1 / 60, h: 1 };

/** A Go duration (`24h`, `1h30m`, `90s`) in hours. */
export function goDurationHours(duration: string): number {
    const parts = [...duration.matchAll(GO_DURATION_PART)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== duration) {
        throw new Error(`Not a Go duration: ${JSON.stringify(duration)}`);
    }
    return parts.reduce((hours, [, value, unit]) => hours + Number(value) * HOURS_PER_UNIT[unit], 0);
}

/** Provider API calls per secret per month and how a rotation reaches the Secret, for one cloud's generated specs. */
export interface EsoApiLoad {
    readonly cloud: CloudProvider;
    readonly externalSecrets: number;
    /** The refreshInterval values the generated ExternalSecrets carry. */
    readonly refreshIntervals: string[];
    /** Average over the platform's secrets of data entries per ExternalSecret (one provider call each per sync). */
    readonly dataEntriesPerSecret: number;
    /** Calls per secret per month from the periodic refresh, with the generated refreshInterval. */
    readonly periodicCalls: number;
    /** The same with ESO's default refreshInterval (1h). */
    readonly esoDefaultCalls: number;
    /** Calls per secret per month from the forced sync of each scheduled rotation (every DEFAULT_ROTATION_DAYS days). */
    readonly forcedCalls: number;
    /** periodicCalls / esoDefaultCalls. */
    readonly periodicRatio: number;
    /** Everything counted on both sides: (periodic + forced) / (ESO default + forced). */
    readonly totalRatio: number;
    /** Every ExternalSecret carries the force-sync annotation, a rotation changed it, and nothing stops ESO from acting on it. */
    readonly rotationForcesSync: boolean;
    /** Otherwise, what stops it, per ExternalSecret. */
    readonly syncBlockers: string[];
    /** One ExternalSecret's force-sync annotation before and after the rotation, as evidence. */
    readonly forceSyncExample: { name: string; before?: string; after?: string };
    /** Hours from a rotation to the Secret if it waited for the refresh: expected (half the interval) and worst case. */
    readonly waitingExpectedHours: number;
    readonly waitingWorstHours: number;
}

/** Why a spec could not be force-synced, per ESO's documented behaviour; empty when it can. */
function forceSyncBlockers(before: ExternalSecretFacts, after: ExternalSecretFacts | undefined): string[] {
    const problems: string[] = [];
    if (!before.forceSync) {
        problems.push("no force-sync annotation");
    }
    if (!after || after.forceSync === before.forceSync) {
        problems.push("the rotation did not change the force-sync annotation");
    }
    if (before.refreshPolicy === "CreatedOnce") {
        problems.push("refreshPolicy CreatedOnce ignores annotation changes");
    }
    if (before.refreshInterval !== undefined && goDurationHours(before.refreshInterval) === 0) {
        problems.push("refreshInterval 0 stops syncing after the first time");
    }
    if (after && after.refreshInterval !== before.refreshInterval) {
        problems.push("the rotation changed refreshInterval");
    }
    return problems;
}

/**
 * Computed from the generated specs and ESO's documented behaviour (not observed on a cluster): each sync reads every
 * `data` entry with one provider call; a periodic ExternalSecret syncs once per refreshInterval; a change of any
 * annotation makes it sync at once (not with refreshPolicy CreatedOnce or refreshInterval 0).
 */
export function esoApiLoad(counts: ResourceCounts): EsoApiLoad {
    const specs = counts.platformDeployed;
    if (specs.some((s) => s.dataFromEntries > 0)) {
        throw new Error("A generated ExternalSecret uses dataFrom, whose call count depends on the store's content; this estimate covers data entries only");
    }
    const intervals = specs.map((s) => s.refreshInterval ?? ESO_DEFAULT_REFRESH_INTERVAL);
    const perSecret = (calls: (spec: ExternalSecretFacts, interval: string) => number) =>
        specs.reduce((sum, spec, i) => sum + calls(spec, intervals[i]), 0) / specs.length;
    const periodicCalls = perSecret((spec, interval) => spec.dataEntries * (HOURS_PER_MONTH / goDurationHours(interval)));
    const esoDefaultCalls = perSecret((spec) => spec.dataEntries * (HOURS_PER_MONTH / goDurationHours(ESO_DEFAULT_REFRESH_INTERVAL)));
    const forcedCalls = perSecret((spec) => spec.dataEntries * (HOURS_PER_MONTH / 24 / DEFAULT_ROTATION_DAYS));
    const after = (spec: ExternalSecretFacts) => counts.platformRotated.find((r) => r.name === spec.name);
    const longestHours = Math.max(...intervals.map(goDurationHours));
    const syncBlockers = specs.flatMap((spec) => forceSyncBlockers(spec, after(spec)).map((problem) => `${spec.name}: ${problem}`));
    return {
        cloud: counts.cloud,
        externalSecrets: specs.length,
        refreshIntervals: [...new Set(intervals)],
        dataEntriesPerSecret: perSecret((spec) => spec.dataEntries),
        periodicCalls,
        esoDefaultCalls,
        forcedCalls,
        periodicRatio: periodicCalls / esoDefaultCalls,
        totalRatio: (periodicCalls + forcedCalls) / (esoDefaultCalls + forcedCalls),
        rotationForcesSync: specs.length > 0 && syncBlockers.length === 0,
        syncBlockers,
        forceSyncExample: { name: specs[0]?.name ?? "", before: specs[0]?.forceSync, after: specs[0] && after(specs[0])?.forceSync },
        waitingExpectedHours: longestHours / 2,
        waitingWorstHours: longestHours,
    };
}
