import { ResourceValidationArgs, ResourceValidationPolicy, Secret } from "@pulumi/policy";
import { allowedKeysSchema, isCredentialKey } from "../lib/credentialNames";
import { whenType } from "../lib/whenType";

export interface SsmSecureStringConfig {
    readonly allowedKeys?: readonly string[];
}

const PARAMETER_TYPE = "aws:ssm/parameter:Parameter";

interface ParameterProps {
    readonly name?: string;
    readonly type?: string;
    readonly value?: string;
    readonly insecureValue?: string;
}

/**
 * The parameter name when it holds a credential by its last path segment (`/mlops-platform-dev/mlflow/db-password`)
 * and is not SecureString, otherwise undefined.
 */
function plaintextCredentialParameter(args: ResourceValidationArgs): string | undefined {
    const props = args.props as ParameterProps;
    const name = props.name ?? args.name;
    const lastSegment = name.slice(name.lastIndexOf("/") + 1);
    const allowed = (args.getConfig<SsmSecureStringConfig>().allowedKeys ?? []).map((k) => k.toLowerCase());
    if (allowed.includes(name.toLowerCase()) || allowed.includes(lastSegment.toLowerCase())) {
        return undefined;
    }
    return isCredentialKey(lastSegment, []) && props.type !== "SecureString" ? name : undefined;
}

/**
 * A String parameter is stored and shown in plain text by AWS (console, CLI, CloudTrail responses); SecureString is
 * encrypted with KMS and only readable with kms:Decrypt. The policy cannot see whether a value is a Pulumi secret
 * (the analyzer receives values unwrapped), so it recognises secrets by the parameter's name.
 */
export const ssmSecureStringForSecrets: ResourceValidationPolicy = {
    name: "ssm-secure-string-for-secrets",
    description:
        "SSM parameters whose name marks a credential (…/db-password, …/api-key, …/token) must be SecureString, so AWS " +
        "encrypts the value with KMS. Remediable: with enforcement level \"remediate\" the type is set to SecureString and an " +
        "insecureValue becomes a secret value.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedKeys: {
                ...allowedKeysSchema,
                description: "Parameter names (full name or last path segment, case-insensitive) that look like credentials but are not.",
            },
        },
    },
    validateResource: whenType([PARAMETER_TYPE], (args, reportViolation) => {
        const name = plaintextCredentialParameter(args);
        if (name !== undefined) {
            const type = (args.props as ParameterProps).type ?? "(unset)";
            reportViolation(`Parameter "${name}" holds a credential but has type ${type}; set type: "SecureString".`);
        }
    }),
    remediateResource: (args) => {
        if (args.type !== PARAMETER_TYPE) {
            args.notApplicable(`Policy only applies to resources of type '${PARAMETER_TYPE}'`);
        }
        if (plaintextCredentialParameter(args) === undefined) {
            return undefined;
        }
        const props = args.props as Record<string, unknown>;
        props.type = "SecureString";
        // The provider rejects insecureValue on a SecureString; move it to value and keep it secret from now on.
        if (props.insecureValue !== undefined) {
            props.value = new Secret(props.insecureValue);
            delete props.insecureValue;
        }
        return props;
    },
};
