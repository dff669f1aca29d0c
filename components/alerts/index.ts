export * from "./alertRule";
export * from "./certificateRules";
export * from "./externalSecretsRules";
export * from "./rotationRules";
export * from "./runbooks";
export * from "./secretAlerts";
export * from "./dynamicCredentialsRules";
