export * from "./externalSecret";
export * from "./labels";
export * from "./vaultDynamicSecret";
