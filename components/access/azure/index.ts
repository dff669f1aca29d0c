export * from "./azureNamespaceAccess";
export * from "./grantAzureRead";
