/** Turns an access component's field (e.g. `region`) into the argument path the user wrote (e.g. `cluster.aws.region`). */
export type ArgumentPath = (field: string) => string;

let current: ArgumentPath | undefined;

/**
 * How the access component being constructed names its arguments in errors: `<Component>.<field>` when the user
 * constructs it, or the paths of the managed secret's arguments when a secret constructs it for them.
 */
export function argumentPaths(component: string): ArgumentPath {
    return current ?? ((field) => `${component}.${field}`);
}

/** Constructs an access component whose errors (also those found at deployment) name the given argument paths. */
export function withArgumentPaths<T>(paths: ArgumentPath, build: () => T): T {
    const previous = current;
    current = paths;
    try {
        return build();
    } finally {
        current = previous;
    }
}
