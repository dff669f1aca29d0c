import { ResourceValidationArgs, ResourceValidationPolicy, Secret } from "@pulumi/policy";
import { allowedKeysSchema, isCredentialKey } from "../lib/credentialNames";
import { unmistakableCredential } from "../lib/credentialValues";
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
 * Why a parameter that is not SecureString holds a credential: a path segment names one (`…/db_pass`,
 * `…/password/current`, not `…/max-tokens`), or its value is unmistakably one (a private key, a token). Undefined
 * for a SecureString or a parameter that holds none.
 */
function plaintextCredential(args: ResourceValidationArgs): string | undefined {
    const props = args.props as ParameterProps;
    if (props.type === "SecureString") {
        return undefined;
    }
    const name = props.name ?? args.name;
    const segments = name.split("/").filter((s) => s.length > 0);
    const allowed = (args.getConfig<SsmSecureStringConfig>().allowedKeys ?? []).map((k) => k.toLowerCase());
    if (allowed.includes(name.toLowerCase()) || allowed.includes((segments[segments.length - 1] ?? "").toLowerCase())) {
        return undefined;
    }
    // The last two segments: `…/db_pass`, `…/password/current`; a folder higher up (`/team-secrets/…`) names no value.
    const segment = segments.slice(-2).find((s) => isCredentialKey(s));
    if (segment !== undefined) {
        return `its name segment "${segment}" names a credential`;
    }
    for (const field of ["value", "insecureValue"] as const) {
        const value = props[field];
        const token = typeof value === "string" ? unmistakableCredential(value) : undefined;
        if (token) {
            return `its ${field} is ${token}`;
        }
    }
    return undefined;
}

/**
 * A String parameter is stored and shown in plain text by AWS (console, CLI, CloudTrail responses); SecureString is
 * encrypted with KMS and only readable with kms:Decrypt. The policy cannot see whether a value is a Pulumi secret
 * (the analyzer receives values unwrapped), so it recognises secrets by the parameter's name.
 */
export const ssmSecureStringForSecrets: ResourceValidationPolicy = {
    name: "ssm-secure-string-for-secrets",
    description:
        "SSM parameters whose name marks a credential in any path segment (…/db-password, …/db_pass, …/password/current; " +
        "not …/max-tokens) or whose value is a token or private key must be SecureString, so AWS encrypts the value with KMS. Remediable: with enforcement level \"remediate\" the type is set to SecureString and an " +
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
        const why = plaintextCredential(args);
        if (why !== undefined) {
            const props = args.props as ParameterProps;
            reportViolation(`Parameter "${props.name ?? args.name}" has type ${props.type ?? "(unset)"} but holds a credential (${why}); set type: "SecureString" so AWS encrypts it with KMS.`);
        }
    }),
    remediateResource: (args) => {
        if (args.type !== PARAMETER_TYPE) {
            args.notApplicable(`Policy only applies to resources of type '${PARAMETER_TYPE}'`);
        }
        if (plaintextCredential(args) === undefined) {
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
