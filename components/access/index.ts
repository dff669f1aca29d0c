// Cloud-neutral pieces only: import a cloud's components from "./aws", "./azure" or "./gcp", so a program for one
// cloud never loads another cloud's SDK.
export * from "./namespaceAccess";
export * from "./secretStoreScope";
export * from "./identityModes";
