import { StackValidationPolicy } from "@pulumi/policy";

export interface SecretRotationConfiguredConfig {
    readonly maxRotationDays?: number;
}

/**
 * The longest period this package's components accept (`rotationDays` 1-365; their default is the design doc's 90).
 * The pack's default is the components' limit, so whatever a component accepts passes and a longer period is refused
 * by the component first (test/policy/componentLimits.test.ts keeps the two equal); tighten it in the pack's config.
 */
export const DEFAULT_MAX_ROTATION_DAYS = 365;

/**
 * The stable contract with this package's components: a component that manages a secret registers the outputs
 * `managedSecret: true` and `rotationDays: <number>`. The stack analyzer sees components with their registered
 * outputs (not their constructor args), so the policy reads exactly those two outputs, whatever the component type.
 */
export const MANAGED_SECRET_OUTPUT = "managedSecret";
export const ROTATION_DAYS_OUTPUT = "rotationDays";

export const secretRotationConfigured: StackValidationPolicy = {
    name: "secret-rotation-configured",
    description:
        "Every secret managed by this package's components (outputs managedSecret: true) must rotate: its rotationDays output " +
        "must be a number between 1 and the configured maximum (default 365 days, the components' own limit).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxRotationDays: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_MAX_ROTATION_DAYS,
                description: "Longest rotation period accepted, in days.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const maxDays = args.getConfig<SecretRotationConfiguredConfig>().maxRotationDays ?? DEFAULT_MAX_ROTATION_DAYS;
        const managed = args.resources.filter((r) => r.props[MANAGED_SECRET_OUTPUT] === true);
        if (managed.length === 0) {
            args.notApplicable("No managed secret components in this stack");
        }
        for (const resource of managed) {
            const days = resource.props[ROTATION_DAYS_OUTPUT];
            if (typeof days !== "number" || !(days >= 1)) {
                reportViolation(`"${resource.name}" (${resource.type}) has no rotation period (output rotationDays: ${days}); set rotationDays between 1 and ${maxDays}.`, resource.urn);
            } else if (days > maxDays) {
                reportViolation(`"${resource.name}" (${resource.type}) rotates every ${days} days (output rotationDays); set rotationDays to ${maxDays} or less.`, resource.urn);
            }
        }
    },
};
