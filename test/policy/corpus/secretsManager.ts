import * as iam from "@pulumi/aws/iam";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import * as k8s from "@pulumi/kubernetes";
import { secretReadPolicy } from "../../../components/access/aws/awsPolicies";
import { secretResourcePolicy } from "../../../components/stores/aws/secretResourcePolicy";
import { AwsSecretService, CloudProvider, MinioRootSecret, MlflowDbSecret } from "../../../components";
import { CorpusCase, CorpusClass, violations } from "./corpusCase";
import { ACCOUNT, doc, SECRET } from "./leastPrivilegeAws";

const READS = "least-privilege-aws-secret-reads";
const NAMED = "secrets-manager-policy-named-principals";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const SECRET_POLICY = "aws:secretsmanager/secretPolicy:SecretPolicy";
const DB = SECRET("mlops-platform-dev/mlflow/db-password-AbCdEf");
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const READER = `arn:aws:iam::${ACCOUNT}:role/eso-mlops-dev-mlflow`;
const DEPLOYER = `arn:aws:iam::${ACCOUNT}:role/ci-deployer`;
const OIDC = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

const readGrant = (title: string, expectViolation: boolean, ...statements: object[]): CorpusCase => ({
    title: `${expectViolation ? "bad" : "good"}: ${title}`,
    program: () => new iam.RolePolicy("eso-read", { role: "eso-mlflow", policy: doc(...statements) }),
    expect: expectViolation ? violations(READS, ROLE_POLICY) : [],
});
const secretPolicy = (title: string, expect: CorpusCase["expect"], ...statements: object[]): CorpusCase => ({
    title: `${expect.length > 0 ? "bad" : "good"}: ${title}`,
    program: () => new secretsmanager.SecretPolicy("db", { secretArn: DB, policy: doc(...statements), blockPublicPolicy: true }),
    expect,
});
const anyoneAllowed = (action: string | string[], condition?: object) =>
    ({ Sid: "Platform", Effect: "Allow", Principal: { AWS: "*" }, Action: action, Resource: "*", ...(condition ? { Condition: condition } : {}) });

/**
 * Secrets Manager from the attacker's side: identity grants that read more secrets than the one they name, and secret
 * policies that open a secret to a whole account or organization (in the secret's own account an Allow in the resource
 * policy needs no identity policy). The look-alikes include the package's own Secrets Manager store and grants.
 */
export const secretsManagerClass: CorpusClass = {
    title: "Least privilege: AWS Secrets Manager",
    description:
        "Reads of Secrets Manager secrets beyond one secret (prefixes, trailing wildcards, every secret of an environment, " +
        "NotResource) and secret policies whose Principal \"*\" is pinned only to an account, an organization, a tag, a VPC " +
        "endpoint or an ARN pattern.",
    cases: [
        readGrant("the secret's name followed by * (also db-password-backup, db-password-old…)", true,
            { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET("mlops-platform-dev/mlflow/db-password*") }),
        readGrant("the secret's name followed by -* instead of -??????", true,
            { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET("mlops-platform-dev/mlflow/db-password-*") }),
        readGrant("every secret of the environment's prefix", true,
            { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET("mlops-platform-dev/*") }),
        readGrant("every secret of the account, with the package's exact KMS statement beside it", true,
            { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET("*") },
            secretReadPolicy(DB, KEY).Statement[1]),
        readGrant("secretsmanager:* on everything but one admin secret (NotResource)", true,
            { Effect: "Allow", Action: "secretsmanager:*", NotResource: SECRET("admin/root-??????") }),
        readGrant("GetSecretValue on \"*\" narrowed only by a secretsmanager:SecretId prefix", true,
            { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: "*",
                Condition: { StringLike: { "secretsmanager:SecretId": SECRET("mlops-platform-dev/*") } } }),
        readGrant("the exact name in every region", true,
            { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:*:${ACCOUNT}:secret:mlops-platform-dev/mlflow/db-password-AbCdEf` }),
        {
            title: "bad: Principal \"*\" pinned only to the secret's own account (every role there reads it)",
            program: () => new secretsmanager.SecretPolicy("db", {
                secretArn: DB,
                policy: doc(anyoneAllowed("secretsmanager:GetSecretValue", { StringEquals: { "aws:PrincipalAccount": ACCOUNT } })),
            }),
            expect: violations(NAMED, SECRET_POLICY),
        },
        secretPolicy("Principal \"*\" pinned to the organization", violations(NAMED, SECRET_POLICY),
            anyoneAllowed("secretsmanager:GetSecretValue", { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } })),
        secretPolicy("Principal \"*\" with aws:PrincipalArn matching every role of the account", violations(NAMED, SECRET_POLICY),
            anyoneAllowed("secretsmanager:GetSecretValue", { ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/*` } })),
        secretPolicy("Principal \"*\" limited by a principal tag anyone allowed to tag roles can set", violations(NAMED, SECRET_POLICY),
            anyoneAllowed("secretsmanager:GetSecretValue", { StringEquals: { "aws:PrincipalTag/team": "mlops", "aws:PrincipalAccount": ACCOUNT } })),
        // Also a principal of another account with a path through the endpoint: the cross-account check fires as well.
        secretPolicy("Principal \"*\" limited to a VPC endpoint (any principal with a path through it)", [...violations(NAMED, SECRET_POLICY), ...violations(READS, SECRET_POLICY)],
            anyoneAllowed("secretsmanager:GetSecretValue", { StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } })),
        secretPolicy("Principal \"*\" may write a version: whoever writes it knows the password the consumers get", violations(NAMED, SECRET_POLICY),
            anyoneAllowed(["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"], { StringEquals: { "aws:PrincipalAccount": ACCOUNT } })),
        secretPolicy("a Deny excepting the reader, next to an Allow for the whole account", violations(NAMED, SECRET_POLICY),
            { Effect: "Deny", Principal: "*", Action: "secretsmanager:PutResourcePolicy", Resource: "*", Condition: { ArnNotEquals: { "aws:PrincipalArn": DEPLOYER } } },
            anyoneAllowed("secretsmanager:*", { StringEquals: { "aws:PrincipalAccount": ACCOUNT } })),
        {
            title: "bad: a secret's inline policy with Principal \"*\" pinned to the account by kms:CallerAccount and the account",
            program: () => new secretsmanager.Secret("db", {
                name: "mlops-platform-dev/mlflow/db-password",
                policy: doc({ Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*",
                    Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }),
            }),
            // Nothing rotates it either (secrets-manager-rotation-configured, test/policy/corpus/awsRotation.ts).
            expect: [...violations(NAMED, "aws:secretsmanager/secret:Secret"), ...violations("secrets-manager-rotation-configured", "aws:secretsmanager/secret:Secret")],
        },

        // Look-alikes that must pass.
        readGrant("the package's grant: GetSecretValue on the complete ARN, kms:Decrypt via Secrets Manager for that secret only", false,
            ...secretReadPolicy(DB, KEY).Statement),
        readGrant("BatchGetSecretValue and ListSecrets on \"*\" (Batch needs GetSecretValue on each secret) with GetSecretValue on one ARN", false,
            { Effect: "Allow", Action: ["secretsmanager:BatchGetSecretValue", "secretsmanager:ListSecrets", "secretsmanager:DescribeSecret"], Resource: "*" },
            { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: DB }),
        secretPolicy("the package's resource policy: Deny-only, excepting the reader and the managers", [],
            ...(secretResourcePolicy({ readers: [READER], managers: [DEPLOYER, `arn:aws:iam::${ACCOUNT}:root`] }) as { Statement: object[] }).Statement),
        secretPolicy("the reader role named as Principal", [],
            { Effect: "Allow", Principal: { AWS: READER }, Action: "secretsmanager:GetSecretValue", Resource: "*" }),
        secretPolicy("Principal \"*\" pinned to exact role ARNs with ArnEquals on aws:PrincipalArn", [],
            anyoneAllowed("secretsmanager:GetSecretValue", { ArnEquals: { "aws:PrincipalArn": [READER, DEPLOYER] } })),
        secretPolicy("the account root as Principal (delegates to the account's IAM policies)", [],
            { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "secretsmanager:GetSecretValue", Resource: "*" }),
        secretPolicy("Principal \"*\" only for metadata (DescribeSecret, ListSecretVersionIds)", [],
            anyoneAllowed(["secretsmanager:DescribeSecret", "secretsmanager:ListSecretVersionIds"], { StringEquals: { "aws:PrincipalAccount": ACCOUNT } })),
        {
            title: "good: a secret policy the config allows to be read account-wide",
            program: () => new secretsmanager.SecretPolicy("shared-ca", {
                secretArn: SECRET("shared/ca-bundle-AbCdEf"),
                policy: doc(anyoneAllowed("secretsmanager:GetSecretValue", { StringEquals: { "aws:PrincipalAccount": ACCOUNT } })),
            }),
            config: { [NAMED]: { allowedResourceNames: ["shared-ca"] } },
            expect: [],
        },
        {
            title: "good: the package's MLflow (with its database) and MinIO secrets on Secrets Manager, read through IRSA",
            program: () => {
                const opts = { provider: new k8s.Provider("cluster", { kubeconfig: "kubeconfig" }) };
                const args = {
                    cloud: CloudProvider.Aws,
                    aws: { service: AwsSecretService.SecretsManager, region: "eu-west-1", kmsKeyArn: KEY, adminPrincipalArns: [DEPLOYER] },
                    cluster: { clusterName: "mlops-dev", aws: { region: "eu-west-1", oidcProviderArn: `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC}`, oidcIssuerUrl: `https://${OIDC}` } },
                };
                new MlflowDbSecret("mlflow-db", { ...args, database: { host: "mlflow-db.internal.example" } }, opts);
                new MinioRootSecret("minio-root", args, opts);
            },
            expect: [],
        },
    ],
};
