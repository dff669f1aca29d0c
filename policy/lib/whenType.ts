import { ResourceValidation } from "@pulumi/policy";

/**
 * Runs `validate` only for resources of the given type tokens. The SDK's `validateResourceOfType` does the same from
 * a provider SDK class; matching on the token keeps the pack from loading the provider packages (hundreds of MB)
 * just to compare strings.
 *
 * For a single type the function carries `__pulumiType`, as `validateResourceOfType`'s do: the SDK then skips other
 * types before calling it. For several types other resources simply pass: calling `args.notApplicable` would throw
 * an error (with a source-mapped stack trace) per resource and policy, a large share of the cost of analyzing
 * thousands of resources, for a note the engine only lists.
 */
export function whenType(types: readonly string[], validate: ResourceValidation): ResourceValidation {
    const accepted = new Set(types);
    const validation: ResourceValidation & { __pulumiType?: string } = (args, reportViolation) =>
        accepted.has(args.type) ? validate(args, reportViolation) : undefined;
    if (types.length === 1) {
        validation.__pulumiType = types[0];
    }
    return validation;
}
