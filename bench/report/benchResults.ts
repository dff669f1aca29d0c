import { CloudProvider } from "../../components";
import { ColdStartSummary } from "../coldStart/measureColdStart";
import { EsoApiLoad } from "../eso/esoApiLoad";
import { EvaluationResult } from "../evaluation/measureEvaluation";
import { PolicyThroughput } from "../policy/measurePolicy";
import { ResourceCounts } from "../resources/measureResources";
import { Machine } from "./machine";

/** How much a run measures. */
export interface BenchSettings {
    readonly clouds: CloudProvider[];
    /** Managed secrets per evaluated program. */
    readonly sizes: number[];
    /** Fresh child processes per program, cloud and size (the median is reported). */
    readonly repetitions: number;
    readonly coldStartRepetitions: number;
    /** Secrets whose resources the policy pack analyzes. */
    readonly policySecrets: number;
    readonly policyRepetitions: number;
    /** The whole run's time budget: evaluation repetitions that would overrun it are not started. */
    readonly budgetMinutes: number;
}

/** Everything one `npm run bench` measured. */
export interface BenchResults {
    readonly command: string;
    readonly startedAt: string;
    readonly durationMs: number;
    readonly machine: Machine;
    readonly settings: BenchSettings;
    /** tsc diagnostics when the tree did not typecheck at bench time. */
    readonly typeErrors: string;
    readonly evaluation: EvaluationResult;
    readonly coldStart: ColdStartSummary[];
    readonly policy: PolicyThroughput[];
    readonly resources: ResourceCounts[];
    readonly eso: EsoApiLoad[];
}
