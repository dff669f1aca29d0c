/** The npm packages whose loaded modules the cold start reports. */
export const WATCHED_PACKAGES = ["@pulumi/pulumi", "@pulumi/kubernetes", "@pulumi/aws", "@pulumi/azure-native", "@pulumi/gcp"];

/** What this process loaded of one package, read from `require.cache`. */
export interface LoadedPackage {
    /** Module files of the package in `require.cache`. */
    readonly modules: number;
    /** Whether the package's root `index.js` (which loads every service namespace of a cloud SDK) is among them. */
    readonly rootIndex: boolean;
}

/** Modules in `require.cache` per watched package, and the total. */
export function loadedModules(): { total: number; packages: Record<string, LoadedPackage> } {
    const files = Object.keys(require.cache);
    const packages = Object.fromEntries(WATCHED_PACKAGES.map((pkg) => {
        const prefix = `/node_modules/${pkg}/`;
        const own = files.filter((f) => f.includes(prefix) && !f.slice(f.indexOf(prefix) + prefix.length).includes("node_modules/"));
        return [pkg, { modules: own.length, rootIndex: own.some((f) => f.endsWith(`${prefix}index.js`)) }];
    }));
    return { total: files.length, packages };
}
