import * as pulumi from "@pulumi/pulumi";

/** What a consumer update step gets: the new value, not yet stored in the cloud, and where to hang its resources. */
export interface RotationContext {
    /** The component's name, to derive child names from. */
    readonly name: string;
    readonly parent: pulumi.Resource;
    /** The new password (secret). */
    readonly password: pulumi.Output<string>;
    /** The rotation id and time, RFC 3339. */
    readonly rotatedAt: pulumi.Output<string>;
}

/** The result of a consumer update step. */
export interface ConsumerUpdate {
    /** The resources that update the consumer; the cloud store is written only after they succeed. */
    readonly steps: pulumi.Resource[];
    /**
     * The value to keep in the cloud store instead of the bare password: a JSON object of string fields (e.g.
     * `{"username","password"}`) that ESO reads in one call (`dataFrom.extract`) and offers to the templates as
     * `{{ .<field> }}`, so a login and a password from different rotations are never paired. Derive it from the steps'
     * outputs, so that it is known only once the consumer accepts it.
     * @default the password
     */
    readonly storedValue?: pulumi.Output<string>;
    /**
     * Called once the consumers run on the new value (after the restart step of the first cluster, or after the
     * ExternalSecret when nothing restarts), e.g. to revoke the previous credential.
     */
    readonly afterRestart?: (restarted: pulumi.Resource[]) => void;
}

/**
 * Step 1 of a rotation (before the store, the forced sync and the restart): makes the consumer accept the new
 * password while it still accepts the old one where it can, e.g. `ALTER ROLE` on PostgreSQL's inactive login or
 * Grafana's admin reset. The cloud store is written only after it succeeds, so whatever ESO syncs at any instant
 * is a value the consumer accepts. Typed secrets pass one to the PlatformSecret beneath them.
 */
export interface ConsumerUpdater {
    (context: RotationContext): ConsumerUpdate;
}
