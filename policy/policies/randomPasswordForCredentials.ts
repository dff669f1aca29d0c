import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isCredentialKey } from "../lib/credentialNames";

const RANDOM_STRING = "random:index/randomString:RandomString";

/**
 * Inputs that hold a secret's value in the stores and objects that keep one: a RandomString feeding them is used
 * as a password whatever the property is called.
 */
const SECRET_VALUE_INPUTS: Record<string, readonly string[]> = {
    "aws:ssm/parameter:Parameter": ["value", "insecureValue"],
    "aws:secretsmanager/secretVersion:SecretVersion": ["secretString", "secretBinary"],
    "azure-native:keyvault:Secret": ["properties"],
    "azure:keyvault/secret:Secret": ["value"],
    "gcp:secretmanager/secretVersion:SecretVersion": ["secretData"],
    "kubernetes:core/v1:Secret": ["data", "stringData"],
    "aws:rds/instance:Instance": ["password"],
    "aws:rds/cluster:Cluster": ["masterPassword"],
    "command:local:Command": ["environment", "stdin"],
};

/** The inputs of `resource` that depend on `randomString` and hold a credential (`password`, an SSM value, …). */
function credentialUses(resource: PolicyResource, randomString: PolicyResource): string[] {
    // A String parameter's value is a setting (a bucket suffix); only a SecureString's is a secret.
    const plainParameter = resource.type === "aws:ssm/parameter:Parameter" && resource.props.type !== "SecureString";
    const valueInputs = plainParameter ? [] : SECRET_VALUE_INPUTS[resource.type] ?? [];
    return Object.entries(resource.propertyDependencies ?? {})
        .filter(([input, deps]) => deps.some((d) => d.urn === randomString.urn) && (valueInputs.includes(input) || isCredentialKey(input)))
        .map(([input]) => input);
}

/**
 * `random.RandomString` is not made for credentials: its `result` is a plain output, so it shows in `pulumi stack
 * output`, in the console and in logs, and nothing marks it secret in state. `random.RandomPassword` generates the
 * same characters as a secret. A stack policy, because only the graph shows what a string is used for.
 */
export const randomPasswordForCredentials: StackValidationPolicy = {
    name: "random-password-for-credentials",
    description:
        "A random.RandomString used as a credential (named like one, or feeding a password input, a secret store's value or a " +
        "Kubernetes Secret) must be a random.RandomPassword, whose result is secret.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        for (const randomString of args.resources.filter((r) => r.type === RANDOM_STRING)) {
            const uses = args.resources.flatMap((r) => credentialUses(r, randomString).map((input) => `${r.type.split(":").pop()} "${r.name}" input ${input}`));
            if (isCredentialKey(randomString.name)) {
                uses.unshift(`its name "${randomString.name}"`);
            }
            if (uses.length > 0) {
                reportViolation(
                    `is used as a credential (${uses.slice(0, 5).join("; ")}); replace it with a random.RandomPassword with the ` +
                    "same arguments (its result is a secret Output).",
                    randomString.urn,
                );
            }
        }
    },
};
