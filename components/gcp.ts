// Google Cloud-only entry point (`@mlops-platform/secrets/gcp`): loads the GCP SDK and nothing of AWS or Azure.
export * from "./stores/gcp/secretManagerSecret";
export * from "./access/gcp";
export * from "./audit/gcpSecretManagerAudit";
