export * from "./reloadAnnotations";
export * from "./reloaderInstall";
export * from "./workloadReloadPatch";
