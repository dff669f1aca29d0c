// The cloud-neutral entry point: loads no cloud SDK. Cloud-specific pieces are under "/aws", "/azure" and "/gcp"; Pulumi Cloud schedules under "/pulumi-cloud".
export * from "./access";
export * from "./access/clusterAccessArgs";
export * from "./alerts";
export * from "./eso";
export * from "./generation";
export * from "./reloader";
export * from "./schedule";
export * from "./rotation";
export * from "./secrets";
export * from "./stores";
export * from "./sync";
export * from "./validation";
