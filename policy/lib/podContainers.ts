/** One `env` entry of a container. */
export interface EnvVar {
    readonly name?: string;
    readonly value?: unknown;
    readonly valueFrom?: unknown;
}

/** A container found in an object, with its property path (`spec.template.spec.containers[0]`). */
export interface ContainerRef {
    readonly path: string;
    readonly name?: string;
    readonly env: readonly EnvVar[];
    readonly args: readonly unknown[];
    readonly command: readonly unknown[];
}

/**
 * Whether an object is a container: it has a string `image` and something a container runs with. This finds the
 * containers of a PodSpec wherever it is embedded: Deployments and CronJobs, Argo Rollouts (`spec.template.spec`),
 * Argo Workflows (`spec.templates[].container`, `.script`, `.initContainers`, `.sidecars`), any custom resource.
 */
function isContainer(value: Record<string, unknown>): boolean {
    return typeof value.image === "string" && (Array.isArray(value.env) || Array.isArray(value.args) || Array.isArray(value.command) || typeof value.name === "string" || typeof value.source === "string");
}

/** Every container in an object, however deep (bounded), with its path. */
export function containersIn(value: unknown, path: string, depth = 0): ContainerRef[] {
    if (depth > 24 || typeof value !== "object" || value === null) {
        return [];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => containersIn(v, `${path}[${i}]`, depth + 1));
    }
    const record = value as Record<string, unknown>;
    const found: ContainerRef[] = [];
    if (isContainer(record)) {
        found.push({
            path,
            name: typeof record.name === "string" ? record.name : undefined,
            env: Array.isArray(record.env) ? (record.env as EnvVar[]) : [],
            args: Array.isArray(record.args) ? record.args : [],
            command: Array.isArray(record.command) ? record.command : [],
        });
    }
    for (const key of Object.keys(record)) {
        // Container fields hold no containers; skipping them keeps the walk short.
        if (key === "env" || key === "args" || key === "command" || key === "metadata" || key === "status") {
            continue;
        }
        found.push(...containersIn(record[key], path ? `${path}.${key}` : key, depth + 1));
    }
    return found;
}
