/** One `env` entry of a container. */
export interface EnvVar {
    readonly name?: string;
    readonly value?: unknown;
    readonly valueFrom?: unknown;
}

/** A container of a pod template, with where it sits (`containers[0]`, `initContainers[1]`). */
export interface ContainerRef {
    readonly path: string;
    readonly name?: string;
    readonly env: readonly EnvVar[];
}

/** Where the pod spec sits in each workload kind (and its `...Patch` variant). */
const POD_SPEC_PATH: Record<string, readonly string[]> = {
    Pod: ["spec"],
    PodTemplate: ["template", "spec"],
    ReplicationController: ["spec", "template", "spec"],
    Deployment: ["spec", "template", "spec"],
    StatefulSet: ["spec", "template", "spec"],
    DaemonSet: ["spec", "template", "spec"],
    ReplicaSet: ["spec", "template", "spec"],
    Job: ["spec", "template", "spec"],
    CronJob: ["spec", "jobTemplate", "spec", "template", "spec"],
};

const WORKLOAD_GROUPS: Record<string, readonly string[]> = {
    "core/v1": ["Pod", "PodTemplate", "ReplicationController"],
    "apps/v1": ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"],
    "batch/v1": ["Job", "CronJob"],
};

/** Pulumi type tokens of every Kubernetes workload that carries a pod template, patches included. */
export const WORKLOAD_TYPES: readonly string[] = Object.entries(WORKLOAD_GROUPS).flatMap(([groupVersion, kinds]) =>
    kinds.flatMap((kind) => [`kubernetes:${groupVersion}:${kind}`, `kubernetes:${groupVersion}:${kind}Patch`]),
);

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"];

/** Every container (regular, init, ephemeral) of a workload resource's pod spec. */
export function containersOf(type: string, props: Record<string, any>): ContainerRef[] {
    const kind = type.slice(type.lastIndexOf(":") + 1).replace(/Patch$/, "");
    let podSpec: any = props;
    for (const key of POD_SPEC_PATH[kind] ?? []) {
        podSpec = podSpec?.[key];
    }
    const result: ContainerRef[] = [];
    for (const list of CONTAINER_LISTS) {
        const containers: any[] = Array.isArray(podSpec?.[list]) ? podSpec[list] : [];
        containers.forEach((c, i) =>
            result.push({ path: `${list}[${i}]`, name: c?.name, env: Array.isArray(c?.env) ? c.env : [] }),
        );
    }
    return result;
}
