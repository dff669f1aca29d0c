import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsManagedPolicyDocument, awsManagedPolicyName } from "../lib/iam/aws";
import { describeWideRead, wideSecretReads } from "../lib/awsSecretReads";
import { whenType } from "../lib/whenType";

export interface LeastPrivilegeAwsSecretReadsConfig {
    readonly allowedResources?: readonly string[];
    readonly allowedManagedPolicyArns?: readonly string[];
}

/**
 * Parameters AWS itself reads and publishes, never secrets of the platform: the CloudWatch agent's configuration
 * (`AmazonCloudWatch-*`, read by the CloudWatchAgentServerPolicy) and AWS's public parameters (`/aws/service/…`, AMI ids).
 */
export const DEFAULT_ALLOWED_RESOURCES = ["arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*", "arn:aws:ssm:*:*:parameter/aws/service/*"];

/** Resources carrying one identity-based document in `policy`. */
const DOCUMENT_TYPES = ["aws:iam/policy:Policy", "aws:iam/rolePolicy:RolePolicy", "aws:iam/userPolicy:UserPolicy", "aws:iam/groupPolicy:GroupPolicy"];
/** Resources attaching managed policies: property → one ARN or a list. */
const ATTACHMENT_TYPES: Record<string, string> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/role:Role": "managedPolicyArns",
};

interface InlinePolicy {
    readonly name?: string;
    readonly policy?: unknown;
}

/**
 * Whoever can read secrets beyond the ones named can read every other platform's passwords. Decided by evaluating
 * the documents (wildcards against the real action catalogue, NotAction/NotResource, Deny statements and conditions);
 * AWS managed policies by their published documents.
 */
export const leastPrivilegeAwsSecretReads: ResourceValidationPolicy = {
    name: "least-privilege-aws-secret-reads",
    description:
        "IAM policies must not allow reading secret values (ssm:GetParameter/GetParameters/GetParameterHistory, " +
        "secretsmanager:GetSecretValue, kms:Decrypt/ReEncryptFrom) on more than the exact parameter, secret and key ARNs, " +
        "nor ssm:GetParametersByPath (it reads a whole subtree) — whether written in a document (wildcards, NotAction, " +
        "NotResource) or attached as an AWS managed policy (ReadOnlyAccess, AmazonSSMReadOnlyAccess, SecretsManagerReadWrite, …). " +
        "Name the exact ARNs instead; ssm:DescribeParameters is the one read that needs \"*\" and returns no value.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedResources: {
                type: "array",
                items: { type: "string" },
                default: DEFAULT_ALLOWED_RESOURCES,
                description: "Resource patterns accepted as written in a Resource element (e.g. a shared read-only path). " +
                    "The default accepts the CloudWatch agent's configuration parameters and AWS's public parameters.",
            },
            allowedManagedPolicyArns: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "AWS managed policy ARNs accepted although they read secrets (e.g. for a break-glass role).",
            },
        },
    },
    validateResource: whenType([...DOCUMENT_TYPES, ...Object.keys(ATTACHMENT_TYPES)], (args, reportViolation) => {
        const config = args.getConfig<LeastPrivilegeAwsSecretReadsConfig>();
        const options = { allowedResources: config.allowedResources ?? DEFAULT_ALLOWED_RESOURCES };
        const checkDocument = (document: unknown, path: string) => {
            if (typeof document !== "string" && (typeof document !== "object" || document === null)) {
                return;
            }
            for (const finding of wideSecretReads([document as string], options)) {
                reportViolation(`${path}.${describeWideRead(finding)}.`);
            }
        };
        const checkManaged = (arn: unknown, path: string) => {
            if (typeof arn !== "string" || (config.allowedManagedPolicyArns ?? []).includes(arn)) {
                return;
            }
            const document = awsManagedPolicyDocument(arn);
            const findings = document === undefined ? [] : wideSecretReads([document], options);
            if (findings.length > 0) {
                reportViolation(
                    `${path} attaches the AWS managed policy ${awsManagedPolicyName(arn)}, whose ${describeWideRead(findings[0])}. ` +
                    `Attach a customer managed policy with exactly those reads instead.`,
                );
            }
        };
        const props = args.props;
        if (DOCUMENT_TYPES.includes(args.type)) {
            checkDocument(props.policy, "policy");
            return;
        }
        if (args.type === "aws:iam/role:Role") {
            ((props.inlinePolicies ?? []) as InlinePolicy[]).forEach((inline, i) => checkDocument(inline.policy, `inlinePolicies[${i}].policy`));
        }
        const property = ATTACHMENT_TYPES[args.type];
        const arns = props[property];
        if (Array.isArray(arns)) {
            arns.forEach((arn, i) => checkManaged(arn, `${property}[${i}]`));
        } else {
            checkManaged(arns, property);
        }
    }),
};
