import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { MockCloud } from "../../test/harness/mockCloud";
import { wireSecret } from "../../test/harness/secretMarker";

const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";
const STACK = "pulumi:pulumi:Stack";

/** How many registrations the mock answered (the stack itself not counted), split into custom resources and components. */
export interface RegistrationCounts {
    readonly custom: number;
    readonly components: number;
    /** Custom resources per type, sorted by type. */
    readonly customByType: Record<string, number>;
}

/**
 * The test harness's MockCloud (ids and outputs shaped like the real providers'), with two changes for measuring:
 * RandomPassword answers with a cheap value and a bcrypt-shaped placeholder instead of a real cost-10 bcrypt hash
 * (~0.1 s each, which would swamp everything else at 1000 secrets), and the time spent answering is added up so
 * the mock's own share of a run can be reported. Both the component program and the raw baseline run against it.
 */
export class BenchCloud extends MockCloud {
    /** Milliseconds spent inside newResource, summed over the run. */
    mockMs = 0;
    private readonly customTypes = new Map<string, number>();
    private componentCount = 0;

    override newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, any> } {
        const start = performance.now();
        try {
            if (args.custom) {
                this.customTypes.set(args.type, (this.customTypes.get(args.type) ?? 0) + 1);
            } else if (args.type !== STACK) {
                this.componentCount++;
            }
            if (args.type === RANDOM_PASSWORD) {
                // Derived from the name, so the value is stable; it is never written anywhere.
                const digest = createHash("sha256").update(args.name).digest("base64url");
                const result = digest.slice(0, args.inputs.length ?? 32);
                return { id: "none", state: { ...args.inputs, result: wireSecret(result), bcryptHash: wireSecret(`$2a$10$${digest.padEnd(53, "x").slice(0, 53)}`) } };
            }
            return super.newResource(args);
        } finally {
            this.mockMs += performance.now() - start;
        }
    }

    counts(): RegistrationCounts {
        const types = [...this.customTypes.keys()].sort();
        return {
            custom: types.reduce((sum, t) => sum + this.customTypes.get(t)!, 0),
            components: this.componentCount,
            customByType: Object.fromEntries(types.map((t) => [t, this.customTypes.get(t)!])),
        };
    }
}
