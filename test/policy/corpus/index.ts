export * from "./corpusCase";
export * from "./generationAndRotation";
export * from "./hardenedStores";
export * from "./kubernetesSecrets";
export * from "./leastPrivilege";
export * from "./secretValues";
export * from "./staticCredentials";
