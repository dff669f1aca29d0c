import { ResourceValidationPolicy } from "@pulumi/policy";
import { anyPrincipalGrants, statementLabel } from "../lib/awsSecretReads";
import { whenType } from "../lib/whenType";

export interface SecretsManagerPolicyNamedPrincipalsConfig {
    readonly allowedResourceNames?: readonly string[];
}

/** Reading the value, and what makes someone else's value the one consumers read (or opens the policy to more). */
export const GUARDED_SECRET_ACTIONS = [
    "secretsmanager:GetSecretValue",
    "secretsmanager:PutSecretValue",
    "secretsmanager:UpdateSecretVersionStage",
    "secretsmanager:PutResourcePolicy",
    "secretsmanager:DeleteResourcePolicy",
];
const SECRET_WITNESS = "arn:aws:secretsmanager:zz-region-1:000000000000:secret:zz-unnamed-AbCdEf";

/**
 * `least-privilege-aws-secret-reads` keeps other accounts out of a secret policy; this one keeps the secret's own
 * account to the principals named: in the same account a resource policy's Allow needs no identity policy, so
 * `Principal: "*"` pinned to the account or the organization hands the value to every role there.
 */
export const secretsManagerPolicyNamedPrincipals: ResourceValidationPolicy = {
    name: "secrets-manager-policy-named-principals",
    description:
        "Secrets Manager secret policies must not Allow Principal \"*\" to read the value, write a version, move staging " +
        "labels or change the policy unless a condition names the principals exactly (ArnEquals/StringEquals on " +
        "aws:PrincipalArn): in the secret's own account that Allow needs no identity policy, so a condition on the account, " +
        "the organization, a tag, a VPC endpoint or an ARN pattern still admits every role there. Name the reader roles as " +
        "Principal, or write Deny statements that except them (what the package's Secrets Manager store does).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedResourceNames: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Pulumi resource names of secrets (or SecretPolicy resources) meant to be readable by a whole account or organization.",
            },
        },
    },
    validateResource: whenType(["aws:secretsmanager/secret:Secret", "aws:secretsmanager/secretPolicy:SecretPolicy"], (args, reportViolation) => {
        const config = args.getConfig<SecretsManagerPolicyNamedPrincipalsConfig>();
        const document = args.props.policy;
        if ((config.allowedResourceNames ?? []).includes(args.name) || (typeof document !== "string" && (typeof document !== "object" || document === null))) {
            return;
        }
        for (const grant of anyPrincipalGrants(document, GUARDED_SECRET_ACTIONS, SECRET_WITNESS)) {
            const who = grant.account === "000000000000" ? "any account" : `account ${grant.account}`;
            reportViolation(
                `policy.${statementLabel(grant.statement)} lets every principal of ${who} (Principal "*", no condition naming ` +
                `principals) call ${grant.actions.join(", ")} on the secret without any identity policy; name the reader roles ` +
                `as Principal or pin aws:PrincipalArn to them.`,
            );
        }
    }),
};
