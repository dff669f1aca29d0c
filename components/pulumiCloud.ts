// Pulumi Cloud entry point (`@mlops-platform/secrets/pulumi-cloud`): loads @pulumi/pulumiservice, an optional peer.
export * from "./schedule";
export * from "./schedule/scheduledRotation";
