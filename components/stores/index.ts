export * from "./cloudStoreArgs";
export * from "./storedSecret";
