export * from "./duration";
export * from "./inputError";
export * from "./kubernetesNames";
export * from "./numbers";
export * from "./rules";
