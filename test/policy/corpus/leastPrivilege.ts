import * as authorization from "@pulumi/azure-native/authorization";
import * as iam from "@pulumi/aws/iam";
import * as folder from "@pulumi/gcp/folder";
import * as projects from "@pulumi/gcp/projects";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import { CorpusCase, violations } from "./corpusCase";

const AWS = "least-privilege-aws-secret-reads";
const AZURE = "least-privilege-azure-key-vault-roles";
const GCP = "least-privilege-gcp-secret-access";

const PARAMETER_ARN = "arn:aws:ssm:eu-west-1:111122223333:parameter/mlops-platform-dev/mlflow/db-password";
const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

const SUBSCRIPTION = "/subscriptions/00000000-0000-4000-8000-000000000001";
const RESOURCE_GROUP = `${SUBSCRIPTION}/resourceGroups/mlops-platform`;
const VAULT = `${RESOURCE_GROUP}/providers/Microsoft.KeyVault/vaults/mlops-kv`;
const roleId = (guid: string) => `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
const SECRETS_USER = roleId("4633458b-17de-408a-b874-0445c86b69e6");
const SECRETS_OFFICER = roleId("b86a8fe4-44ce-4948-aee5-eccb2c155cd7");
const READER = roleId("acdd72a7-3385-48ef-bd42-f606fba81ae7");
const principalId = "00000000-0000-4000-8000-0000000000cc";
const assign = (name: string, roleDefinitionId: string, scope: string) =>
    new authorization.RoleAssignment(name, { principalId, principalType: "ServicePrincipal", roleDefinitionId, scope });

const MEMBER = "serviceAccount:eso-mlflow@mlops-platform-dev.iam.gserviceaccount.com";
const ACCESSOR = "roles/secretmanager.secretAccessor";

export const leastPrivilegeCases: CorpusCase[] = [
    {
        title: "bad: a role policy reading every parameter",
        program: () => new iam.RolePolicy("eso-read", {
            role: "eso-mlflow",
            policy: doc([{ Sid: "ReadAll", Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters"], Resource: "*" }]),
        }),
        expect: violations(AWS, "aws:iam/rolePolicy:RolePolicy"),
    },
    {
        title: "bad: a managed policy (object document) reading every Secrets Manager secret",
        program: () => new iam.Policy("read-secrets", {
            policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "secretsmanager:*", Resource: "arn:aws:secretsmanager:*:*:secret:*" }] },
        }),
        expect: violations(AWS, "aws:iam/policy:Policy"),
    },
    {
        title: "bad: a role with an inline kms:Decrypt on every key and SecretsManagerReadWrite attached",
        program: () => new iam.Role("eso", {
            assumeRolePolicy: doc([{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }]),
            inlinePolicies: [{ name: "decrypt", policy: doc([{ Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:eu-west-1:111122223333:key/*" }]) }],
            managedPolicyArns: ["arn:aws:iam::aws:policy/SecretsManagerReadWrite"],
        }),
        expect: violations(AWS, "aws:iam/role:Role", 2),
    },
    {
        title: "bad: attaching AmazonSSMReadOnlyAccess, and a user policy allowing everything but IAM",
        program: () => {
            new iam.RolePolicyAttachment("ssm-read", { role: "eso-mlflow", policyArn: "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess" });
            new iam.UserPolicy("power", { user: "ci", policy: doc([{ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }]) });
        },
        expect: [
            ...violations(AWS, "aws:iam/rolePolicyAttachment:RolePolicyAttachment"),
            ...violations(AWS, "aws:iam/userPolicy:UserPolicy"),
        ],
    },
    {
        title: "good: reads on exact parameter ARNs and a path prefix, DescribeParameters and unrelated actions on *",
        program: () => {
            new iam.RolePolicy("eso-read", {
                role: "eso-mlflow",
                policy: doc([
                    { Effect: "Allow", Action: ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"], Resource: [PARAMETER_ARN] },
                    { Effect: "Allow", Action: "ssm:GetParametersByPath", Resource: "arn:aws:ssm:eu-west-1:111122223333:parameter/mlops-platform-dev/*" },
                    { Effect: "Allow", Action: "ssm:DescribeParameters", Resource: "*" },
                    { Effect: "Deny", Action: "ssm:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
                    { Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" },
                ]),
            });
            new iam.RolePolicyAttachment("ecr-read", { role: "eso-mlflow", policyArn: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly" });
        },
        expect: [],
    },
    {
        title: "bad: Key Vault secret roles on a subscription, a resource group and a whole vault",
        program: () => {
            assign("on-subscription", SECRETS_USER, SUBSCRIPTION);
            assign("on-resource-group", SECRETS_USER, RESOURCE_GROUP);
            assign("on-vault", SECRETS_OFFICER, VAULT);
        },
        expect: violations(AZURE, "azure-native:authorization:RoleAssignment", 3),
    },
    {
        title: "good: Key Vault Secrets User on one secret, and Reader on the subscription",
        program: () => {
            assign("on-secret", SECRETS_USER, `${VAULT}/secrets/mlflow-db-password`);
            assign("reader", READER, SUBSCRIPTION);
        },
        expect: [],
    },
    {
        title: "good: a whole-vault assignment when the config allows vault scope",
        program: () => assign("on-vault", SECRETS_USER, VAULT),
        config: { [AZURE]: { allowVaultScope: true } },
        expect: [],
    },
    {
        title: "bad: Secret Manager access on a project (member, binding, policy) and on a folder",
        program: () => {
            new projects.IAMMember("accessor", { project: "mlops-platform-dev", role: ACCESSOR, member: MEMBER });
            new projects.IAMBinding("admins", { project: "mlops-platform-dev", role: "roles/secretmanager.admin", members: [MEMBER] });
            new projects.IAMPolicy("policy", {
                project: "mlops-platform-dev",
                policyData: JSON.stringify({ bindings: [{ role: "roles/viewer", members: [MEMBER] }, { role: ACCESSOR, members: [MEMBER] }] }),
            });
            new folder.IAMMember("folder-accessor", { folder: "folders/1234567890", role: ACCESSOR, member: MEMBER });
        },
        expect: [
            ...violations(GCP, "gcp:projects/iAMMember:IAMMember"),
            ...violations(GCP, "gcp:projects/iAMBinding:IAMBinding"),
            ...violations(GCP, "gcp:projects/iAMPolicy:IAMPolicy"),
            ...violations(GCP, "gcp:folder/iAMMember:IAMMember"),
        ],
    },
    {
        title: "good: accessor on each secret, a project grant narrowed by resource.name, and an unrelated project role",
        program: () => {
            new secretmanager.SecretIamMember("accessor", { project: "mlops-platform-dev", secretId: "mlflow-db-password", role: ACCESSOR, member: MEMBER });
            new projects.IAMMember("conditional", {
                project: "mlops-platform-dev", role: ACCESSOR, member: MEMBER,
                condition: { title: "mlflow only", expression: "resource.name.startsWith(\"projects/123456789012/secrets/mlflow-\")" },
            });
            new projects.IAMMember("logs", { project: "mlops-platform-dev", role: "roles/logging.viewer", member: MEMBER });
        },
        expect: [],
    },
];
