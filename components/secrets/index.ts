export * from "./argoAdminSecret";
export * from "./exposedOutputs";
export * from "./grafanaSecret";
export * from "./managedSecretArgs";
export * from "./minioRootSecret";
export * from "./mlflowDbSecret";
export * from "./platformSecret";
