export * from "./awsManagedRotationArgs";
export * from "./awsRotationFailureAlerts";
export * from "./awsSecretRotation";
export * from "./multiUserSetupSql";
export * from "./refreshInterval";
