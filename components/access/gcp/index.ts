export { GcpIdentityMode } from "../identityModes";
export * from "./gcpMembers";
export * from "./gcpNamespaceAccess";
export * from "./grantGcpRead";
