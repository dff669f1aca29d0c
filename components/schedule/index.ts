// Loads no SDK: the Pulumi Cloud component (ScheduledRotation) is in the "/pulumi-cloud" entry point.
export * from "./deploymentInputs";
export * from "./rotationCron";
