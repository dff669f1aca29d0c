import { ResourceValidationPolicy } from "@pulumi/policy";
import { awsManagedPolicyDocument, awsManagedPolicyName } from "../lib/iam/aws";
import { describeWideRead, publicGrants, statementLabel, wideSecretReads } from "../lib/awsSecretReads";
import { whenType } from "../lib/whenType";

export interface LeastPrivilegeAwsSecretReadsConfig {
    readonly allowedResources?: readonly string[];
    readonly allowedManagedPolicyArns?: readonly string[];
    readonly allowedResourceNames?: readonly string[];
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

const KEY_WITNESS = "arn:aws:kms:zz-region-1:000000000000:key/zz-unnamed";
const SECRET_WITNESS = "arn:aws:secretsmanager:zz-region-1:000000000000:secret:zz-unnamed";
const KEY_READS = ["kms:Decrypt", "kms:ReEncryptFrom", "kms:CreateGrant"];
const SECRET_READS = ["secretsmanager:GetSecretValue", "secretsmanager:PutResourcePolicy"];
/** Resources whose own (resource-based) policy guards secret values: what it is, the reads to ask it about, for what. */
const GUARDED: Record<string, { readonly what: string; readonly actions: readonly string[]; readonly resource: string }> = {
    "aws:kms/key:Key": { what: "key policy", actions: KEY_READS, resource: KEY_WITNESS },
    "aws:kms/keyPolicy:KeyPolicy": { what: "key policy", actions: KEY_READS, resource: KEY_WITNESS },
    "aws:kms/replicaKey:ReplicaKey": { what: "key policy", actions: KEY_READS, resource: KEY_WITNESS },
    "aws:secretsmanager/secret:Secret": { what: "secret policy", actions: SECRET_READS, resource: SECRET_WITNESS },
    "aws:secretsmanager/secretPolicy:SecretPolicy": { what: "secret policy", actions: SECRET_READS, resource: SECRET_WITNESS },
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
        "Name the exact ARNs instead; ssm:DescribeParameters is the one read that needs \"*\" and returns no value. KMS key " +
        "policies and Secrets Manager secret policies must not let any principal (Principal \"*\") decrypt, read or re-share " +
        "unless a condition pins the caller (aws:PrincipalAccount, kms:CallerAccount, aws:PrincipalOrgID, aws:PrincipalArn).",
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
            allowedResourceNames: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Pulumi resource names of KMS keys and secrets whose policy may grant any principal (meant to be shared).",
            },
        },
    },
    validateResource: whenType([...DOCUMENT_TYPES, ...Object.keys(ATTACHMENT_TYPES), ...Object.keys(GUARDED)], (args, reportViolation) => {
        const config = args.getConfig<LeastPrivilegeAwsSecretReadsConfig>();
        const options = { allowedResources: config.allowedResources ?? DEFAULT_ALLOWED_RESOURCES };
        /** Documents of one identity, evaluated together (a Deny in one narrows an Allow in another); paths name each. */
        const checkDocuments = (documents: readonly { readonly document: unknown; readonly path: string }[]) => {
            const usable = documents.filter((d) => typeof d.document === "string" || (typeof d.document === "object" && d.document !== null));
            for (const finding of wideSecretReads(usable.map((d) => d.document as string), options)) {
                reportViolation(`${usable[finding.document].path}.${describeWideRead(finding)}.`);
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
        const guarded = GUARDED[args.type];
        if (guarded !== undefined) {
            const document = props.policy;
            if ((config.allowedResourceNames ?? []).includes(args.name) || (typeof document !== "string" && (typeof document !== "object" || document === null))) {
                return;
            }
            // Evaluated for a principal of an unrelated account: conditions on keys the caller controls count as met.
            for (const grant of publicGrants(document, guarded.actions, guarded.resource)) {
                reportViolation(
                    `the ${guarded.what} (policy.${statementLabel(grant.statement)}) lets a principal of any AWS account call ` +
                    `${grant.actions.join(", ")}; name the roles that need it as Principal, or add a condition on aws:PrincipalAccount ` +
                    `/ aws:PrincipalOrgID.`,
                );
            }
            return;
        }
        if (DOCUMENT_TYPES.includes(args.type)) {
            checkDocuments([{ document: props.policy, path: "policy" }]);
            return;
        }
        if (args.type === "aws:iam/role:Role") {
            checkDocuments(((props.inlinePolicies ?? []) as InlinePolicy[]).map((inline, i) => ({ document: inline.policy, path: `inlinePolicies[${i}].policy` })));
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
