import { ResourceValidationPolicy } from "@pulumi/policy";
import { publicGrants, statementLabel } from "../lib/awsSecretReads";
import { whenType } from "../lib/whenType";

export interface LeastPrivilegeAwsResourcePoliciesConfig {
    readonly allowedResourceNames?: readonly string[];
}

/** Resources with a resource policy guarding secret values, and the reads to ask it about. */
const GUARDED: Record<string, { readonly what: string; readonly actions: readonly string[]; readonly resource: string }> = {
    "aws:kms/key:Key": { what: "key policy", actions: ["kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant"], resource: "arn:aws:kms:zz-region-1:000000000000:key/zz-unnamed" },
    "aws:kms/keyPolicy:KeyPolicy": { what: "key policy", actions: ["kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant"], resource: "arn:aws:kms:zz-region-1:000000000000:key/zz-unnamed" },
    "aws:kms/replicaKey:ReplicaKey": { what: "key policy", actions: ["kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant"], resource: "arn:aws:kms:zz-region-1:000000000000:key/zz-unnamed" },
    "aws:secretsmanager/secret:Secret": { what: "secret policy", actions: ["secretsmanager:GetSecretValue", "secretsmanager:PutResourcePolicy"], resource: "arn:aws:secretsmanager:zz-region-1:000000000000:secret:zz-unnamed" },
    "aws:secretsmanager/secretPolicy:SecretPolicy": { what: "secret policy", actions: ["secretsmanager:GetSecretValue", "secretsmanager:PutResourcePolicy"], resource: "arn:aws:secretsmanager:zz-region-1:000000000000:secret:zz-unnamed" },
};

/**
 * A key or secret policy with `Principal: "*"` lets any AWS account decrypt or read, unless a condition pins who
 * calls. Decided by evaluating the policy for a principal of an unrelated account (conditions on keys the caller
 * controls count as met, a Deny on them as avoided).
 */
export const leastPrivilegeAwsResourcePolicies: ResourceValidationPolicy = {
    name: "least-privilege-aws-resource-policies",
    description:
        "KMS key policies and Secrets Manager secret policies must not let any principal (Principal \"*\" or {\"AWS\": \"*\"}) " +
        "decrypt, read or re-share unless a condition pins the caller (aws:PrincipalAccount, kms:CallerAccount, " +
        "aws:PrincipalOrgID or aws:PrincipalArn); name the account's roles as principals instead.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedResourceNames: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Pulumi resource names of keys / secrets meant to be shared publicly.",
            },
        },
    },
    validateResource: whenType(Object.keys(GUARDED), (args, reportViolation) => {
        const guarded = GUARDED[args.type];
        if ((args.getConfig<LeastPrivilegeAwsResourcePoliciesConfig>().allowedResourceNames ?? []).includes(args.name)) {
            return;
        }
        const document = args.props.policy;
        if (typeof document !== "string" && (typeof document !== "object" || document === null)) {
            return;
        }
        for (const grant of publicGrants(document, guarded.actions, guarded.resource)) {
            reportViolation(
                `the ${guarded.what} (policy.${statementLabel(grant.statement)}) lets a principal of any AWS account call ` +
                `${grant.actions.join(", ")}; name the roles that need it as Principal, or add a condition on aws:PrincipalAccount ` +
                `/ aws:PrincipalOrgID.`,
            );
        }
    }),
};
