export * from "./chartWorkloads";
export * from "./grafanaAdminResetCommand";
export type { KubectlConnectionArgs } from "./kubectlScript";
export * from "./missingWorkload";
export * from "./rotationId";
export * from "./waitAndRestartCommand";
export * from "./workloadRef";
