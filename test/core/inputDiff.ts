import { isDeepStrictEqual } from "node:util";

/**
 * The paths of every leaf value that differs between two input objects (added and removed ones included). A path is a
 * list of keys, e.g. `["metadata", "annotations", "force-sync"]`, since keys such as `admin.password` contain dots.
 */
export function changedPaths(before: unknown, after: unknown, path: string[] = []): string[][] {
    const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
    if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => changedPaths(before[k], after[k], [...path, k]));
    }
    return isDeepStrictEqual(before, after) ? [] : [path];
}

export function valueAt(value: unknown, path: string[]): unknown {
    return path.reduce<unknown>((v, k) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined), value);
}

export function startsWith(path: string[], prefix: string[]): boolean {
    return prefix.every((k, i) => path[i] === k);
}
