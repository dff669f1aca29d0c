import * as pulumi from "@pulumi/pulumi";
import { SecretsInputError } from "../validation/inputError";

/** Something a secret writes that no other secret of the program may write too. */
export interface NameClaim {
    /** e.g. `cloud:aws:/mlops-platform-dev/mlflow/db-password` or `secret:<cluster>/mlflow/mlflow-db-credentials`. */
    readonly key: string;
    /** The user's argument that decides it, for the error. */
    readonly argument: string;
    readonly value: string;
    /** What is written, for the error: "the SSM parameter /…", "the Kubernetes Secret mlflow/…". */
    readonly what: string;
}

// One set of claims per deployment (the engine connection): key -> the resource name of the secret that claimed it.
const claimsByMonitor = new WeakMap<object, Map<string, string>>();

/**
 * Records what a secret named `owner` writes, after checking that no other secret of this program writes the same
 * cloud value or Kubernetes Secret (two writers would overwrite each other's password at every update). A typed
 * secret and the PlatformSecret beneath it share their name, so they may claim the same things.
 */
export function claimNames(owner: string, claims: NameClaim[]): void {
    const monitor = pulumi.runtime.getMonitor() ?? claimsByMonitor;
    let claimed = claimsByMonitor.get(monitor);
    if (!claimed) {
        claimed = new Map();
        claimsByMonitor.set(monitor, claimed);
    }
    for (const claim of claims) {
        const holder = claimed.get(claim.key);
        if (holder !== undefined && holder !== owner) {
            throw new SecretsInputError(claim.argument, claim.value,
                `Secret "${holder}" of this program already writes ${claim.what}; two writers would overwrite each other's password. ` +
                    "Give this secret another namespace, app, value name or Kubernetes Secret name (or another stack prefix).");
        }
    }
    claims.forEach((claim) => claimed!.set(claim.key, owner));
}

const providerIds = new WeakMap<object, number>();
let providerCount = 0;

/**
 * Tells apart the providers two secrets were given for a package (as the option's object identity), so that the same
 * name written through two providers (two accounts, two clusters) is no collision. Reads only what the user passed.
 */
export function providerIdentity(opts: pulumi.ComponentResourceOptions | undefined, pkg: string): string {
    const listed = Array.isArray(opts?.providers) ? opts!.providers : Object.values(opts?.providers ?? {});
    const provider = [opts?.provider, ...listed].find((p) => p !== undefined && (p as { getPackage?(): string }).getPackage?.() === pkg)
        ?? opts?.parent?.getProvider(`${pkg}::any`);
    if (provider === undefined) {
        return "default";
    }
    if (!providerIds.has(provider)) {
        providerIds.set(provider, ++providerCount);
    }
    return `provider#${providerIds.get(provider)}`;
}
