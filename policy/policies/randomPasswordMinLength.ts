import { ResourceValidationPolicy } from "@pulumi/policy";
import { whenType } from "../lib/whenType";

export interface RandomPasswordMinLengthConfig {
    readonly minLength?: number;
}

/**
 * The shortest password this package's components generate for any consumer (`PasswordProfile` minimum: 16
 * characters of 65 symbols, about 96 bits). The pack's default is the components' floor, so whatever a component
 * accepts passes, and a shorter password is refused by the component first with the same number
 * (test/policy/componentLimits.test.ts keeps the two equal).
 */
export const DEFAULT_MIN_PASSWORD_LENGTH = 16;

export const randomPasswordMinLength: ResourceValidationPolicy = {
    name: "random-password-min-length",
    description:
        `Generated passwords (random.RandomPassword) must be at least the configured length (default ${DEFAULT_MIN_PASSWORD_LENGTH} ` +
        "characters, the floor of this package's components). Note that changing length replaces the password: roll it out like a rotation.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minLength: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_MIN_PASSWORD_LENGTH,
                description: "Shortest length accepted for random.RandomPassword.",
            },
        },
    },
    validateResource: whenType(["random:index/randomPassword:RandomPassword"], (args, reportViolation) => {
        const minLength = args.getConfig<RandomPasswordMinLengthConfig>().minLength ?? DEFAULT_MIN_PASSWORD_LENGTH;
        const length = args.props.length;
        if (typeof length !== "number" || length < minLength) {
            reportViolation(`length is ${length}; set length: ${minLength} or more (this package's components take passwordLength).`);
        }
    }),
};
