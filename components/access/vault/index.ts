export { VaultTokenReviewer } from "../identityModes";
export * from "./grantVaultRead";
export * from "./vaultKubernetesAuth";
export * from "./vaultNamespaceAccess";
export * from "./vaultPolicyDocument";
