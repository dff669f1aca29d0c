import { SecretsInputError } from "../../validation/inputError";

/** What the Kubernetes rotation steps do when a named workload does not exist (yet) in the cluster. */
export enum MissingWorkload {
    /** Fail `pulumi up` with a message naming the workload: a typo must not leave pods on the old credential. */
    Fail = "fail",
    /**
     * Log it and go on: for stacks where the application is deployed after the secrets (e.g. by Argo CD). A workload
     * that does not exist holds no old credential; it reads the new Secret (Grafana: its new password) when it starts.
     */
    Skip = "skip",
}

/** The policy, `MissingWorkload.Fail` when unset. */
export function requireMissingWorkload(value: MissingWorkload | undefined): MissingWorkload {
    const resolved = value ?? MissingWorkload.Fail;
    if (!Object.values(MissingWorkload).includes(resolved)) {
        throw new SecretsInputError("missingWorkload", value, "Use MissingWorkload.Fail or MissingWorkload.Skip.");
    }
    return resolved;
}
