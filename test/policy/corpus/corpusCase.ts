import type { PolicyConfig } from "../../../scripts/policyAnalyzer";
import type { RunOptions } from "../../harness";

/** A violation a case must produce: which policy, on which resource type. */
export interface ExpectedViolation {
    readonly policy: string;
    readonly resourceType: string;
}

/** A small program registering resources with the real SDK classes, and what the pack must say about them. */
export interface CorpusCase {
    readonly title: string;
    readonly program: () => unknown;
    /** Every violation the pack reports, no more, no less; empty for a good look-alike. */
    readonly expect: readonly ExpectedViolation[];
    /** Policy config for the analysis. @default {} (defaults of every policy) */
    readonly config?: Readonly<Record<string, PolicyConfig>>;
    /** How to run the program. @default the harness defaults (project mlops-platform, stack dev, not a preview) */
    readonly run?: RunOptions;
}

/** `count` violations of one policy on one resource type. */
export function violations(policy: string, resourceType: string, count = 1): ExpectedViolation[] {
    return Array.from({ length: count }, () => ({ policy, resourceType }));
}
