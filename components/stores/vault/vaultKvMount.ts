import * as pulumi from "@pulumi/pulumi";
import { Mount } from "@pulumi/vault";
import { SecretBackendV2 } from "@pulumi/vault/kv";
import { vaultMountPath } from "../cloudStoreArgs";
import { requireIntegerInRange } from "../../validation/numbers";
import { componentType } from "../../naming/componentType";

export interface VaultKvMountArgs {
    /**
     * The mount's path, for `vault.mountPath`.
     * @default "secret"
     */
    readonly path?: string;
    /**
     * Versions kept per secret (the mount's default; each secret of this package also sets its own).
     * @default 10
     */
    readonly maxVersions?: number;
    /**
     * Vault Enterprise or OpenBao namespace.
     * @default the provider's namespace
     */
    readonly namespace?: string;
}

/** A KV version 2 secrets engine for platform secrets. Optional: `vault.mountPath` may name a mount you already have. */
export class VaultKvMount extends pulumi.ComponentResource {
    /** The mount's path, for `vault.mountPath` (depend on this component so secrets wait for the mount). */
    readonly path: pulumi.Output<string>;

    constructor(name: string, args: VaultKvMountArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const path = vaultMountPath({ address: "https://unused", mountPath: args.path });
        const maxVersions = requireIntegerInRange("maxVersions", args.maxVersions ?? 10, 2, 100,
            "At least the current and the previous version must stay readable for rollback.");
        super(componentType("VaultKvMount"), name, {}, opts);
        const namespace = args.namespace === undefined ? {} : { namespace: args.namespace };
        const mount = new Mount(name, {
            path,
            type: "kv",
            options: { version: "2" },
            description: "Platform secrets (@mlops-platform/secrets)",
            ...namespace,
        }, { parent: this });
        new SecretBackendV2(name, { mount: mount.path, maxVersions, casRequired: false, ...namespace }, { parent: this });
        this.path = mount.path;
        this.registerOutputs({ path: this.path });
    }
}
