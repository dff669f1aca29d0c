// Entry point for use from other Pulumi languages (PulumiPlugin.yaml): the component provider host and its schema
// inference start here. TypeScript users import the package's built entry points instead.
export * from "./components";
