import * as iam from "@pulumi/aws/iam";
import * as kms from "@pulumi/aws/kms";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import { irsaTrustPolicy, podIdentityTrustPolicy } from "../../../components/access/aws/awsPolicies";
import { CorpusClass, violations } from "./corpusCase";
import { ACCOUNT, doc, ROLE, SECRET } from "./leastPrivilegeAws";

const READS = "least-privilege-aws-secret-reads";
const TRUST = "least-privilege-aws-trust-policies";
const NAMED = "secrets-manager-policy-named-principals";
const ISSUER = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/${ISSUER}`;

const irsaRole = (condition: object) => new iam.Role("eso", {
    assumeRolePolicy: doc({ Effect: "Allow", Principal: { Federated: PROVIDER }, Action: "sts:AssumeRoleWithWebIdentity", Condition: condition }),
});
const keyWithPolicy = (...statements: object[]) => new kms.Key("platform", { policy: doc(...statements), enableKeyRotation: true });
const ROOT_STATEMENT = { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" };

export const leastPrivilegeAwsResourceAndTrustPolicies: CorpusClass = {
    title: "Least privilege: AWS key, secret and trust policies",
    description:
        "Resource policies that let anyone decrypt or read, and role trust policies that let other ServiceAccounts, other " +
        "audiences or any account assume the role.",
    cases: [
        {
            title: "bad: a key policy letting Principal \"*\" decrypt",
            program: () => keyWithPolicy(ROOT_STATEMENT, { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }),
            expect: violations(READS, "aws:kms/key:Key"),
        },
        {
            title: "bad: a KeyPolicy with {\"AWS\": \"*\"} and kms:* limited only by kms:ViaService",
            program: () => new kms.KeyPolicy("platform", {
                keyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
                policy: doc(ROOT_STATEMENT, { Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } } }),
            }),
            expect: violations(READS, "aws:kms/keyPolicy:KeyPolicy"),
        },
        {
            title: "bad: a secret policy letting anyone read the value",
            program: () => new secretsmanager.SecretPolicy("db", {
                secretArn: SECRET("db-AbCdEf"),
                policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "secretsmanager:GetSecretValue", Resource: "*" }),
            }),
            // Also every principal of the secret's own account, without an identity policy.
            expect: [...violations(READS, "aws:secretsmanager/secretPolicy:SecretPolicy"), ...violations(NAMED, "aws:secretsmanager/secretPolicy:SecretPolicy")],
        },
        {
            title: "bad: a secret with an inline policy letting anyone change its policy",
            program: () => new secretsmanager.Secret("db", {
                policy: doc({ Effect: "Allow", Principal: "*", Action: "secretsmanager:*ResourcePolicy", Resource: "*" }),
            }),
            // Nothing rotates it either (secrets-manager-rotation-configured, test/policy/corpus/awsRotation.ts).
            expect: [...violations(READS, "aws:secretsmanager/secret:Secret"), ...violations(NAMED, "aws:secretsmanager/secret:Secret"),
                ...violations("secrets-manager-rotation-configured", "aws:secretsmanager/secret:Secret")],
        },
        {
            title: "bad: IRSA with StringLike on :sub (every ServiceAccount of a namespace)",
            program: () => irsaRole({ StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:mlflow:*" }, StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } }),
            expect: violations(TRUST, ROLE),
        },
        {
            title: "bad: IRSA with a namespace wildcard on :sub",
            program: () => irsaRole({ StringLike: { [`${ISSUER}:sub`]: "system:serviceaccount:*:external-secrets" }, StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } }),
            expect: violations(TRUST, ROLE),
        },
        {
            title: "bad: IRSA pinning only the audience (no :sub at all)",
            program: () => irsaRole({ StringEquals: { [`${ISSUER}:aud`]: "sts.amazonaws.com" } }),
            expect: violations(TRUST, ROLE),
        },
        {
            title: "bad: IRSA pinning the ServiceAccount but not the audience",
            program: () => irsaRole({ StringEquals: { [`${ISSUER}:sub`]: "system:serviceaccount:mlflow:eso-mlflow" } }),
            expect: violations(TRUST, ROLE),
        },
        {
            title: "bad: a trust policy with Principal {\"AWS\": \"*\"}",
            program: () => new iam.Role("eso", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) }),
            expect: violations(TRUST, ROLE),
        },
        {
            title: "bad: a Cognito identity pool trust without an :aud condition (any pool of any account)",
            program: () => new iam.Role("app", {
                assumeRolePolicy: doc({ Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" }),
            }),
            expect: violations(TRUST, ROLE),
        },
        {
            title: "bad: GitHub Actions OIDC trusting every repository of an organization",
            program: () => new iam.Role("ci", {
                assumeRolePolicy: doc({
                    Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": "repo:example-org/*" } },
                }),
            }),
            expect: violations(TRUST, ROLE),
        },
        {
            title: "good: a Cognito trust pinned to one identity pool, and GitHub Actions pinned to one repository and branch",
            program: () => {
                new iam.Role("app", {
                    assumeRolePolicy: doc({
                        Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: { "cognito-identity.amazonaws.com:aud": "eu-west-1:11111111-2222-3333-4444-555555555555" },
                            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
                        },
                    }),
                });
                new iam.Role("ci", {
                    assumeRolePolicy: doc({
                        Effect: "Allow", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:example-org/platform:ref:refs/heads/main" } },
                    }),
                });
            },
            expect: [],
        },
        {
            title: "good: the IRSA and Pod Identity trust policies the components register",
            program: () => {
                new iam.Role("irsa", { assumeRolePolicy: JSON.stringify(irsaTrustPolicy(PROVIDER, `https://${ISSUER}`, "mlflow", "eso-mlflow")) });
                new iam.Role("pod-identity", { assumeRolePolicy: JSON.stringify(podIdentityTrustPolicy("mlops-dev", "mlflow", "eso-mlflow")) });
            },
            expect: [],
        },
        {
            title: "good: IRSA for two named ServiceAccounts, a service-principal role and a same-account role",
            program: () => {
                irsaRole({ StringEquals: { [`${ISSUER}:sub`]: ["system:serviceaccount:mlflow:eso", "system:serviceaccount:minio:eso"], [`${ISSUER}:aud`]: "sts.amazonaws.com" } });
                new iam.Role("nodes", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }) });
                new iam.Role("ops", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }) });
            },
            expect: [],
        },
        {
            title: "good: the default key policy with a role allowed to decrypt",
            program: () => keyWithPolicy(ROOT_STATEMENT, { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/eso-mlflow` }, Action: "kms:Decrypt", Resource: "*" }),
            expect: [],
        },
        {
            title: "good: Principal \"*\" pinned to the account (the AWS managed key's own policy) or to the organization",
            program: () => keyWithPolicy(
                ROOT_STATEMENT,
                { Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:CreateGrant"], Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } } },
                { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
            ),
            expect: [],
        },
        {
            title: "good: a secret policy granting one role of the account",
            program: () => new secretsmanager.SecretPolicy("db", {
                secretArn: SECRET("db-AbCdEf"),
                policy: doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/eso-mlflow` }, Action: "secretsmanager:GetSecretValue", Resource: "*" }),
            }),
            expect: [],
        },
    ],
};
