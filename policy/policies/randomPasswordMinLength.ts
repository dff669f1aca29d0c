import { ResourceValidationPolicy } from "@pulumi/policy";
import { whenType } from "../lib/whenType";

export interface RandomPasswordMinLengthConfig {
    readonly minLength?: number;
}

/** The platform's design generates 32 random bytes per password (`openssl rand -base64 32` in the runbook). */
const DEFAULT_MIN_LENGTH = 32;

export const randomPasswordMinLength: ResourceValidationPolicy = {
    name: "random-password-min-length",
    description:
        "Generated passwords (random.RandomPassword) must be at least the configured length (default 32 characters). Note that " +
        "changing length replaces the password: roll it out like a rotation.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            minLength: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_MIN_LENGTH,
                description: "Shortest length accepted for random.RandomPassword.",
            },
        },
    },
    validateResource: whenType(["random:index/randomPassword:RandomPassword"], (args, reportViolation) => {
        const minLength = args.getConfig<RandomPasswordMinLengthConfig>().minLength ?? DEFAULT_MIN_LENGTH;
        const length = args.props.length;
        if (typeof length !== "number" || length < minLength) {
            reportViolation(`"${args.name}" has length ${length}; use length: ${minLength} or more.`);
        }
    }),
};
