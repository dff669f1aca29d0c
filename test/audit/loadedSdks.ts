/** Which Pulumi cloud SDKs this process has loaded, and whether any came in through the SDK's root module. */
export function loadedCloudSdks(): { sdks: string[]; rootImports: string[] } {
    const files = Object.keys(require.cache);
    const sdks = ["aws", "azure-native", "gcp"].filter((sdk) => files.some((f) => f.includes(`/node_modules/@pulumi/${sdk}/`)));
    const rootImports = sdks.filter((sdk) => files.some((f) => f.endsWith(`/node_modules/@pulumi/${sdk}/index.js`)));
    return { sdks, rootImports };
}
