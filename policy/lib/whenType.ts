import { ResourceValidation } from "@pulumi/policy";

/**
 * Runs `validate` only for resources of the given type tokens and tells the engine the policy is not applicable to
 * the rest. The SDK's `validateResourceOfType` does the same from a provider SDK class; matching on the token keeps
 * the pack from loading the provider packages (hundreds of MB) just to compare strings.
 *
 * For a single type the function carries `__pulumiType`, as `validateResourceOfType`'s do: the SDK then skips other
 * types before calling it, instead of catching a "not applicable" error per resource (a large share of the cost of
 * analyzing thousands of resources).
 */
export function whenType(types: readonly string[], validate: ResourceValidation): ResourceValidation {
    const accepted = new Set(types);
    const reason = `Policy only applies to resources of type ${types.map((t) => `'${t}'`).join(", ")}`;
    const validation: ResourceValidation & { __pulumiType?: string } = (args, reportViolation) => {
        if (!accepted.has(args.type)) {
            args.notApplicable(reason);
        }
        return validate(args, reportViolation);
    };
    if (types.length === 1) {
        validation.__pulumiType = types[0];
    }
    return validation;
}
