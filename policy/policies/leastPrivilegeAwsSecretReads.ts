import { ResourceValidationPolicy } from "@pulumi/policy";
import { isBroadManagedPolicy, wildcardSecretReads } from "../lib/awsPolicyDocument";
import { whenType } from "../lib/whenType";

const DOCUMENT_TYPES = [
    "aws:iam/policy:Policy",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy",
];
const ATTACHMENT_TYPES = [
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
];
const ROLE_TYPE = "aws:iam/role:Role";

interface RoleProps {
    readonly inlinePolicies?: readonly { readonly name?: string; readonly policy?: unknown }[];
    readonly managedPolicyArns?: readonly string[];
}

const FIX =
    "name the exact parameter / secret / key ARNs instead (ssm:DescribeParameters is the one call that needs \"*\" and reads no value)";

/**
 * Whoever can read `*` can read every secret of every platform in the account. Reads must name the parameters,
 * secrets and keys a workload needs.
 */
export const leastPrivilegeAwsSecretReads: ResourceValidationPolicy = {
    name: "least-privilege-aws-secret-reads",
    description:
        "IAM must not allow reading secret values (ssm:GetParameter*, secretsmanager:GetSecretValue, kms:Decrypt) on \"*\" or a " +
        "whole-service wildcard ARN, neither in a policy document nor by attaching AWS managed policies that do " +
        "(AmazonSSMReadOnlyAccess, AmazonSSMFullAccess, SecretsManagerReadWrite, PowerUserAccess, AdministratorAccess).",
    enforcementLevel: "mandatory",
    validateResource: whenType([...DOCUMENT_TYPES, ...ATTACHMENT_TYPES, ROLE_TYPE], (args, reportViolation) => {
        const props = args.props;
        if (DOCUMENT_TYPES.includes(args.type)) {
            for (const finding of wildcardSecretReads(props.policy)) {
                reportViolation(`Policy "${props.name ?? args.name}": ${finding}; ${FIX}.`);
            }
        } else if (ATTACHMENT_TYPES.includes(args.type)) {
            if (isBroadManagedPolicy(props.policyArn)) {
                reportViolation(`"${args.name}" attaches ${props.policyArn}, which reads every secret; ${FIX}.`);
            }
        } else {
            const role = props as RoleProps;
            for (const inline of role.inlinePolicies ?? []) {
                for (const finding of wildcardSecretReads(inline.policy)) {
                    reportViolation(`Role "${args.name}" inline policy "${inline.name ?? ""}": ${finding}; ${FIX}.`);
                }
            }
            for (const arn of (role.managedPolicyArns ?? []).filter(isBroadManagedPolicy)) {
                reportViolation(`Role "${args.name}" attaches ${arn}, which reads every secret; ${FIX}.`);
            }
        }
    }),
};
