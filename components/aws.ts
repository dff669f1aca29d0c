// AWS-only entry point (`@mlops-platform/secrets/aws`): loads the AWS SDK and nothing of Azure or GCP.
export * from "./stores/aws/parameterStoreSecret";
export * from "./stores/aws/secretsManagerSecret";
export * from "./stores/aws/secretResourcePolicy";
export * from "./access/aws";
export * from "./audit/awsParameterStoreAudit";
export * from "./rotation/aws";
