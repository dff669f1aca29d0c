export * from "./esoInstall";
