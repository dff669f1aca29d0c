import { ReportViolation, ResourceValidation, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";

/** `resource "mlflow-db" (kubernetes:core/v1:Secret)`: how every finding starts, so a user can find what to change. */
export function resourceLabel(name: string, type: string): string {
    return `resource "${name}" (${type})`;
}

function nameResourceFindings(validate: ResourceValidation): ResourceValidation {
    const named: ResourceValidation & { __pulumiType?: string } = (args, reportViolation) =>
        validate(args, (message, urn) => reportViolation(`${resourceLabel(args.name, args.type)}: ${message}`, urn));
    // Keep the SDK's fast type filter (see whenType).
    named.__pulumiType = (validate as { __pulumiType?: string }).__pulumiType;
    return named;
}

/**
 * Every finding of the pack names the Pulumi resource it is about (name and type), whatever the policy wrote after
 * it: the engine prints the policy's description above the finding, and the finding must let the user find the
 * line of their program to change. Applied to every policy in the pack's entry, so a new policy gets it too.
 */
export function withResourceNames(policy: ResourceValidationPolicy | StackValidationPolicy): ResourceValidationPolicy | StackValidationPolicy {
    if ("validateResource" in policy && policy.validateResource !== undefined) {
        const resourcePolicy: ResourceValidationPolicy = policy;
        const validations = policy.validateResource;
        return {
            ...resourcePolicy,
            validateResource: Array.isArray(validations) ? validations.map(nameResourceFindings) : nameResourceFindings(validations),
        };
    }
    if ("validateStack" in policy) {
        const stackPolicy: StackValidationPolicy = policy;
        const validate = stackPolicy.validateStack;
        return {
            ...stackPolicy,
            validateStack: (args: StackValidationArgs, reportViolation: ReportViolation) => validate(args, (message, urn) => {
                const resource = urn === undefined ? undefined : args.resources.find((r) => r.urn === urn);
                reportViolation(resource ? `${resourceLabel(resource.name, resource.type)}: ${message}` : message, urn);
            }),
        };
    }
    return policy;
}
