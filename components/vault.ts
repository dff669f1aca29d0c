// Vault/OpenBao-only entry point (`@mlops-platform/secrets/vault`): loads @pulumi/vault and no cloud SDK.
export * from "./stores/vault/kvSecret";
export * from "./stores/vault/vaultKvMount";
export * from "./access/vault";
