// The engine itself (vaultDatabaseEngine.ts) imports @pulumi/vault and is loaded only when a secret uses it.
export * from "./dynamicCredentialsArgs";
export * from "./postgresStatements";
