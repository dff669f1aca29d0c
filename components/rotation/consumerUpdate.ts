import * as pulumi from "@pulumi/pulumi";

/** What a consumer update step gets: the new value, already stored in the cloud, and where to hang its resources. */
export interface RotationContext {
    /** The component's name, to derive child names from. */
    readonly name: string;
    readonly parent: pulumi.Resource;
    /** The new password (secret). */
    readonly password: pulumi.Output<string>;
    /** The rotation id and time, RFC 3339. */
    readonly rotatedAt: pulumi.Output<string>;
    /** The resources that store the new value; the step must wait for them. */
    readonly stored: pulumi.Resource[];
}

/** The result of a consumer update step. */
export interface ConsumerUpdate {
    /** The resources that update the consumer; ESO's forced sync waits for them. */
    readonly steps: pulumi.Resource[];
    /** Values the step decides that the Kubernetes Secret's templates use as `{{ .<name> }}` (e.g. the active login). */
    readonly templateValues: Record<string, pulumi.Input<string>>;
}

/**
 * Step 2 of a rotation (after the store, before the forced sync): makes the consumer accept the new password, e.g.
 * `ALTER ROLE` in PostgreSQL or Grafana's admin reset. Typed secrets pass one to the PlatformSecret beneath them.
 */
export interface ConsumerUpdater {
    (context: RotationContext): ConsumerUpdate;
}
