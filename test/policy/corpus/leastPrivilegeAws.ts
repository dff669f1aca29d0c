import * as iam from "@pulumi/aws/iam";
import * as pulumi from "@pulumi/pulumi";
import { grantAwsRead } from "../../../components/access/aws/grantAwsRead";
import { parameterReadPolicy } from "../../../components/access/aws/awsPolicies";
import { CloudProvider, StoredSecret } from "../../../components/stores/storedSecret";
import { CorpusCase, CorpusClass, violations } from "./corpusCase";

const READS = "least-privilege-aws-secret-reads";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
export const ROLE = "aws:iam/role:Role";

export const ACCOUNT = "111122223333";
const PARAM = (name: string) => `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/mlops-platform-dev/${name}`;
const DB = PARAM("mlflow/db-password");
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const SECRET = (name: string) => `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:${name}`;
export const doc = (...Statement: object[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const managed = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** One role policy with these statements must get exactly one finding. */
const badRolePolicy = (title: string, ...statements: object[]): CorpusCase => ({
    title: `bad: ${title}`,
    program: () => new iam.RolePolicy("eso-read", { role: "eso-mlflow", policy: doc(...statements) }),
    expect: violations(READS, ROLE_POLICY),
});
const goodRolePolicy = (title: string, ...statements: object[]): CorpusCase => ({
    title: `good: ${title}`,
    program: () => new iam.RolePolicy("eso-read", { role: "eso-mlflow", policy: doc(...statements) }),
    expect: [],
});
export const leastPrivilegeAwsIdentityPolicies: CorpusClass = {
    title: "Least privilege: AWS identity policies",
    description:
        "IAM documents and AWS managed policies that read more secrets than they name: wildcards in actions and resources, " +
        "NotAction / NotResource, subtree reads, conditions the caller satisfies, Denies the caller avoids.",
    cases: [
        badRolePolicy("GetParameter(s) on \"*\"", { Sid: "ReadAll", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: "*" }),
        badRolePolicy("parameter/** (a double star is one wildcard)", { Effect: "Allow", Action: "ssm:GetParameter", Resource: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/**` }),
        badRolePolicy("param* in the resource part", { Effect: "Allow", Action: "ssm:GetParameter", Resource: `arn:aws:ssm:eu-west-1:${ACCOUNT}:param*` }),
        badRolePolicy("ssm:Get* on arn:aws:ssm:*:*:*", { Effect: "Allow", Action: "ssm:Get*", Resource: "arn:aws:ssm:*:*:*" }),
        badRolePolicy("kms:Decrypt on arn:aws:kms:*:*:k*", { Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:*:*:k*" }),
        badRolePolicy("ssm:GetParam* on the platform's path prefix", { Effect: "Allow", Action: "ssm:GetParam*", Resource: PARAM("*") }),
        badRolePolicy("*:* on \"*\"", { Effect: "Allow", Action: "*:*", Resource: "*" }),
        badRolePolicy("upper-case action names", { Effect: "Allow", Action: "SSM:GETPARAMETER", Resource: "*" }),
        badRolePolicy("a single-character wildcard in the name", { Effect: "Allow", Action: "ssm:GetParameter", Resource: PARAM("mlflow/db-passwor?") }),
        badRolePolicy("the exact name in every region (region wildcard)", { Effect: "Allow", Action: "ssm:GetParameter", Resource: `arn:aws:ssm:*:${ACCOUNT}:parameter/mlops-platform-dev/mlflow/db-password` }),
        badRolePolicy("a policy variable followed by a wildcard", { Effect: "Allow", Action: "ssm:GetParameter", Resource: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/\${aws:PrincipalTag/team}/*` }),
        badRolePolicy("GetParametersByPath on an exact path (reads the subtree)", { Effect: "Allow", Action: "ssm:GetParametersByPath", Resource: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/mlops-platform-dev` }),
        badRolePolicy("GetParametersByPath next to GetParameter on the parameter's own ARN", { Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParametersByPath"], Resource: DB }),
        badRolePolicy("NotResource: everything but one admin parameter", { Effect: "Allow", Action: "ssm:GetParameter", NotResource: PARAM("admin/root") }),
        badRolePolicy("NotAction: everything but IAM", { Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }),
        badRolePolicy("Secrets Manager names by prefix", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET("mlflow-*") }),
        badRolePolicy("secretsmanager:* on every secret ARN", { Effect: "Allow", Action: "secretsmanager:*", Resource: "arn:aws:secretsmanager:*:*:secret:*" }),
        badRolePolicy("kms:ReEncrypt* on \"*\" (re-encrypt under a key the caller owns, then decrypt)", { Effect: "Allow", Action: "kms:ReEncrypt*", Resource: "*" }),
        badRolePolicy("Decrypt on \"*\" limited only by kms:ViaService (every parameter through SSM)", {
            Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } },
        }),
        badRolePolicy("Allow on \"*\" with a Deny the caller avoids (aws:SecureTransport)",
            { Effect: "Allow", Action: "ssm:GetParameter", Resource: "*" },
            { Effect: "Deny", Action: "ssm:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        badRolePolicy("a Deny with NotResource that covers GetParameter but not GetParameters",
            { Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: "*" },
            { Effect: "Deny", Action: "ssm:GetParameter", NotResource: DB }),
        badRolePolicy("a resource-tag condition any tagged parameter meets", {
            Effect: "Allow", Action: "ssm:GetParameter", Resource: "*", Condition: { StringLike: { "aws:ResourceTag/team": "*" } },
        }),
        badRolePolicy("ForAllValues on a key the caller leaves empty", {
            Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } },
        }),
        {
            title: "bad: a customer managed policy with an object document (one statement, not a list)",
            program: () => new iam.Policy("read-secrets", {
                policy: { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "secretsmanager:Get*", Resource: "*" } } as never,
            }),
            expect: violations(READS, "aws:iam/policy:Policy"),
        },
        {
            title: "bad: a user policy and a group policy reading every parameter",
            program: () => {
                new iam.UserPolicy("ci", { user: "ci", policy: doc({ Effect: "Allow", Action: "ssm:*", Resource: "*" }) });
                new iam.GroupPolicy("devs", { group: "devs", policy: doc({ Effect: "Allow", Action: "ssm:GetParametersByPath", Resource: "*" }) });
            },
            expect: [...violations(READS, "aws:iam/userPolicy:UserPolicy"), ...violations(READS, "aws:iam/groupPolicy:GroupPolicy")],
        },
        {
            title: "bad: a role's inline policy and its managed policy ARNs (SecretsManagerReadWrite)",
            program: () => new iam.Role("eso", {
                assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }),
                inlinePolicies: [{ name: "decrypt", policy: doc({ Effect: "Allow", Action: "kms:Decrypt", Resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*` }) }],
                managedPolicyArns: [managed("SecretsManagerReadWrite")],
            }),
            expect: violations(READS, ROLE, 2),
        },
        ...["ReadOnlyAccess", "AmazonSSMReadOnlyAccess", "AmazonSSMManagedInstanceCore"].map((name): CorpusCase => ({
            title: `bad: attaching the AWS managed policy ${name}`,
            program: () => new iam.RolePolicyAttachment("attach", { role: "eso-mlflow", policyArn: managed(name) }),
            expect: violations(READS, "aws:iam/rolePolicyAttachment:RolePolicyAttachment"),
        })),
        {
            title: "bad: AdministratorAccess through a PolicyAttachment, PowerUserAccess on a user, AmazonSSMFullAccess exclusively",
            program: () => {
                new iam.PolicyAttachment("admins", { policyArn: managed("AdministratorAccess"), roles: ["ops"] });
                new iam.UserPolicyAttachment("power", { user: "ci", policyArn: managed("PowerUserAccess") });
                new iam.RolePolicyAttachmentsExclusive("only", { roleName: "eso-mlflow", policyArns: [managed("AmazonEKS_CNI_Policy"), managed("AmazonSSMFullAccess")] });
            },
            expect: [
                ...violations(READS, "aws:iam/policyAttachment:PolicyAttachment"),
                ...violations(READS, "aws:iam/userPolicyAttachment:UserPolicyAttachment"),
                ...violations(READS, "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive"),
            ],
        },
        {
            title: "good: exactly the read policy the components register (parameter ARN, Decrypt bound to it through SSM)",
            program: () => new iam.RolePolicy("eso-read", { role: "eso-mlflow", policy: JSON.stringify(parameterReadPolicy(DB, KEY)) }),
            expect: [],
        },
        {
            title: "good: grantAwsRead as a user calls it (a SecureString parameter with its customer-managed key)",
            program: () => {
                const secret: StoredSecret = {
                    cloud: CloudProvider.Aws, remoteKey: pulumi.output("/mlops-platform-dev/mlflow/db-password"), grantScope: pulumi.output(DB),
                    location: pulumi.output("ssm:/mlops-platform-dev/mlflow/db-password"), writtenBy: [], kmsKeyArn: pulumi.output(KEY), region: pulumi.output("eu-west-1"),
                };
                grantAwsRead("mlflow-read", { roleName: "mlflow-app", secret });
            },
            expect: [],
        },
        goodRolePolicy("exact parameter ARNs, DescribeParameters and unrelated reads on \"*\", a transport Deny",
            { Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: [DB, PARAM("minio/root-password")] },
            { Effect: "Allow", Action: "ssm:DescribeParameters", Resource: "*" },
            { Effect: "Allow", Action: ["s3:GetObject", "ecr:GetAuthorizationToken"], Resource: "*" },
            { Effect: "Deny", Action: "ssm:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        goodRolePolicy("ssm:* on \"*\" narrowed by Denies to one parameter and no subtree reads",
            { Effect: "Allow", Action: "ssm:*", Resource: "*" },
            { Effect: "Deny", Action: ["ssm:GetParameter*"], NotResource: DB },
            { Effect: "Deny", Action: "ssm:GetParametersByPath", Resource: "*" }),
        goodRolePolicy("kms:Decrypt on \"*\" bound by the encryption context to one parameter",
            { Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:EncryptionContext:PARAMETER_ARN": DB } } }),
        goodRolePolicy("one Secrets Manager secret named with the documented -?????? suffix, and its key",
            { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET("mlops-platform-dev/mlflow/db-password-??????") },
            { Effect: "Allow", Action: "kms:Decrypt", Resource: KEY }),
        goodRolePolicy("write-only and metadata actions on wildcards (put, describe, tag, list)",
            { Effect: "Allow", Action: ["ssm:PutParameter", "ssm:AddTagsToResource", "ssm:ListTagsForResource", "secretsmanager:DescribeSecret", "kms:Encrypt", "kms:GenerateDataKey"], Resource: "*" }),
        {
            title: "good: AWS managed policies that read no secret (ECR read-only, EKS worker node and CNI) and the CloudWatch agent's",
            program: () => {
                for (const name of ["AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "CloudWatchAgentServerPolicy", "ViewOnlyAccess"]) {
                    new iam.RolePolicyAttachment(name, { role: "nodes", policyArn: managed(name) });
                }
            },
            expect: [],
        },
        {
            title: "good: a role whose second inline policy denies what its first allows beyond one parameter",
            program: () => new iam.Role("ops-reader", {
                assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }),
                inlinePolicies: [
                    { name: "ssm", policy: doc({ Effect: "Allow", Action: "ssm:*", Resource: "*" }) },
                    { name: "fence", policy: doc({ Effect: "Deny", Action: ["ssm:GetParameter*"], NotResource: DB }, { Effect: "Deny", Action: "ssm:GetParametersByPath", Resource: "*" }) },
                ],
            }),
            expect: [],
        },
        {
            title: "good: a path prefix and a managed policy that the config allows",
            program: () => {
                new iam.RolePolicy("shared", { role: "eso-shared", policy: doc({ Effect: "Allow", Action: "ssm:GetParameter", Resource: PARAM("shared/*") }) });
                new iam.RolePolicyAttachment("break-glass", { role: "break-glass", policyArn: managed("AdministratorAccess") });
            },
            config: { [READS]: { allowedResources: [PARAM("shared/*")], allowedManagedPolicyArns: [managed("AdministratorAccess")] } },
            expect: [],
        },
    ],
};
