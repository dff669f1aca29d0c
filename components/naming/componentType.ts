import * as pulumi from "@pulumi/pulumi";

/**
 * The Pulumi package name of this library as every language sees it. Node's plugin host derives a component provider's
 * name from package.json: `@mlops-platform/secrets` → package `secrets` in namespace `mlops-platform`
 * (@pulumi/pulumi cmd/run-plugin/run.js), and the provider constructs `<package>:index:<Class>` only
 * (provider/experimental/provider.ts, `validateResourceType`).
 */
export const PACKAGE_NAME = "secrets";

/**
 * The one type token of a component, `secrets:index:<Class>`: what its TypeScript class registers, what the inferred
 * schema lists, and what Python, Go, C# and YAML programs ask the engine to construct. The URN a TypeScript program
 * and a program in another language get for the same component is therefore the same.
 */
export function componentType(className: string): string {
    return `${PACKAGE_NAME}:index:${className}`;
}

/**
 * `opts` plus an alias from the token a component registered before (`mlops:<area>:<Class>`), so that a stack deployed
 * with it keeps its resources: the engine matches the old URN (and, through the parent, every child's) instead of
 * replacing them.
 */
export function withPreviousType(opts: pulumi.ComponentResourceOptions | undefined, previousType: string): pulumi.ComponentResourceOptions {
    return { ...opts, aliases: [...(opts?.aliases ?? []), { type: previousType }] };
}
