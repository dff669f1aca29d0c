/** The fields every Kubernetes object shares that the policies read. */
export interface KubernetesObject {
    readonly apiVersion?: string;
    readonly kind?: string;
    readonly metadata?: {
        readonly name?: string;
        readonly namespace?: string;
    };
}

/**
 * `namespace/name` of an object as Kubernetes will see it: a missing namespace is the provider's default
 * (`default` unless the provider sets one), a missing name is Pulumi's autoname prefix (the resource name).
 */
export function objectRef(obj: KubernetesObject, resourceName: string): { namespace: string; name: string } {
    return {
        namespace: obj.metadata?.namespace ?? "default",
        name: obj.metadata?.name ?? resourceName,
    };
}
