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
    /**
     * Where the resource's shape comes from, when it is written the way an upstream chart or tool renders it:
     * `owner/repo:path` of the template read.
     */
    readonly source?: string;
    /**
     * A case the pack is known to get wrong, with why. The runner then asserts the case still fails (so a fix is
     * noticed) and the doc's table counts it as missed or as a false positive.
     */
    readonly knownGap?: string;
}

/**
 * One class of the corpus: a file `test/policy/corpus/<class>.ts` that exports a `CorpusClass` (any export name).
 * The runner picks up every such file, so a new class needs no other change. Files that export plain arrays of
 * `CorpusCase` still work: the file name is then the class title.
 */
export interface CorpusClass {
    /** Heading of the class in docs/policy.md, e.g. "Plain Secrets by another name". */
    readonly title: string;
    /** One sentence: what an attacker tries in this class. */
    readonly description: string;
    readonly cases: readonly CorpusCase[];
}

/** `count` violations of one policy on one resource type. */
export function violations(policy: string, resourceType: string, count = 1): ExpectedViolation[] {
    return Array.from({ length: count }, () => ({ policy, resourceType }));
}

export function isCorpusClass(value: unknown): value is CorpusClass {
    return typeof value === "object" && value !== null && Array.isArray((value as CorpusClass).cases) &&
        typeof (value as CorpusClass).title === "string";
}
