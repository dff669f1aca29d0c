export * from "./externalSecret";
export * from "./labels";
