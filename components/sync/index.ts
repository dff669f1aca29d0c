export * from "./externalSecret";
