export { AwsIdentityMode } from "../identityModes";
export * from "./awsNamespaceAccess";
export * from "./awsPolicies";
export * from "./grantAwsRead";
