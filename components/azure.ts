// Azure-only entry point (`@mlops-platform/secrets/azure`): loads the Azure SDK and nothing of AWS or GCP.
export * from "./stores/azure/hardenedKeyVault";
export * from "./stores/azure/keyVaultId";
export * from "./stores/azure/keyVaultSecret";
export * from "./access/azure";
export * from "./audit/azureKeyVaultAudit";
