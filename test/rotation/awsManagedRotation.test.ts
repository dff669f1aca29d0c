/**
 * AWS's own rotation under Pulumi's mock runtime: what AwsSecretRotation and AwsRotationFailureAlerts register, and the
 * inputs they refuse before registering anything. The real SAR template, Lambda and EventBridge are not run here.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
    AwsRotationFailureAlerts,
    AwsSecretRotation,
    type AwsSecretRotationArgs,
    refreshIntervalForRotation,
} from "../../components/rotation/aws";
import { expectInputError } from "../alerts/expectInputError";
import { type CapturedResource, type ProgramRun, runProgram } from "../harness";

const one = (run: ProgramRun, type: string): CapturedResource => {
    const found = run.resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
};

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:/mlops-platform-dev/mlflow/db-password-AbCdEf";
const MASTER_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0123abcd-4567-89ef-AbCdEf";
const base: AwsSecretRotationArgs = {
    secretArn: SECRET_ARN,
    masterSecretArn: MASTER_ARN,
    vpcSubnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
    vpcSecurityGroupIds: ["sg-0123456789abcdef0"],
};

describe("AwsSecretRotation", () => {
    it("deploys AWS's multi-user function, pinned, from the Serverless Application Repository and schedules the secret's rotation with it", async () => {
        const run = await runProgram(() => new AwsSecretRotation("mlflow-db", { ...base, rotationDays: 30 }));
        const app = one(run, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack");
        assert.equal(app.inputs.applicationId, "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationMultiUser");
        assert.equal(app.inputs.semanticVersion, "1.1.671");
        assert.equal(app.inputs.name, "mlops-platform-dev-mlflow-db-rotation", "the stack serverlessrepo-<name>, unique per project and stack");
        assert.deepEqual(app.inputs.capabilities, ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]);
        assert.deepEqual(app.inputs.parameters, {
            endpoint: "https://secretsmanager.us-east-1.amazonaws.com",
            functionName: "mlops-platform-dev-mlflow-db-rotation",
            vpcSubnetIds: "subnet-0123456789abcdef0,subnet-0fedcba9876543210",
            vpcSecurityGroupIds: "sg-0123456789abcdef0",
            masterSecretArn: MASTER_ARN,
            excludeCharacters: "!\"#$%&'()*+,/:;<=>?@[\\]^`{|}~",
        });
        const rotation = one(run, "aws:secretsmanager/secretRotation:SecretRotation");
        assert.equal(rotation.inputs.secretId, SECRET_ARN);
        assert.equal(rotation.inputs.rotationLambdaArn, "arn:aws:lambda:us-east-1:123456789012:function:mlops-platform-dev-mlflow-db-rotation");
        assert.deepEqual(rotation.inputs.rotationRules, { scheduleExpression: "rate(30 days)", duration: "4h" });
        assert.equal(rotation.inputs.rotateImmediately, true);
        assert.ok(rotation.dependencies.includes(app.urn), "the schedule waits for the function (its invoke permission comes with the template)");
        const component = one(run, "secrets:index:AwsSecretRotation");
        assert.equal(component.rawOutputs?.refreshInterval, "24h");
        assert.equal(component.rawOutputs?.rotationFunctionRoleArn,
            "arn:aws:iam::123456789012:role/serverlessrepo-mlops-platform-dev-mlflow-db-rotation-SecretsManagerRDSPostgr-0AB1CD2EF3GH");
    });

    it("passes the KMS keys, the endpoint, the version and the window it is given; a short period shortens ESO's refresh", async () => {
        const run = await runProgram(() => new AwsSecretRotation("db", {
            ...base,
            rotationDays: 1,
            rotationWindowHours: 2,
            secretKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            masterSecretKmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/2234abcd-12ab-34cd-56ef-1234567890ab",
            secretsManagerEndpoint: "https://vpce-0123-abcd.secretsmanager.us-east-1.vpce.amazonaws.com",
            semanticVersion: "1.1.700",
            functionName: "mlflow_rotator",
            rotateImmediately: false,
        }));
        const parameters = one(run, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack").inputs.parameters;
        assert.equal(parameters.kmsKeyArn, "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab");
        assert.equal(parameters.masterSecretKmsKeyArn, "arn:aws:kms:us-east-1:123456789012:key/2234abcd-12ab-34cd-56ef-1234567890ab");
        assert.equal(parameters.endpoint, "https://vpce-0123-abcd.secretsmanager.us-east-1.vpce.amazonaws.com");
        assert.equal(parameters.functionName, "mlflow_rotator");
        assert.equal(one(run, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack").inputs.name, "mlflow-rotator", "stack names allow no '_'");
        assert.equal(one(run, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack").inputs.semanticVersion, "1.1.700");
        const rotation = one(run, "aws:secretsmanager/secretRotation:SecretRotation").inputs;
        assert.deepEqual(rotation.rotationRules, { scheduleExpression: "rate(1 days)", duration: "2h" });
        assert.equal(rotation.rotateImmediately, false);
        // 24 h − 2 h window = 22 h between rotations at the least; a quarter of it.
        assert.equal(one(run, "secrets:index:AwsSecretRotation").rawOutputs?.refreshInterval, "5h30m");
    });

    const bad: Array<[string, Partial<AwsSecretRotationArgs>, string, RegExp]> = [
        ["a subnet name instead of an id", { vpcSubnetIds: ["private-a"] }, "args.vpcSubnetIds", /not an id like "subnet-/],
        ["no subnet", { vpcSubnetIds: [] }, "args.vpcSubnetIds", /Give 1 to 16 ids/],
        ["a duplicated subnet", { vpcSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef0"] }, "args.vpcSubnetIds", /duplicates/],
        ["a security group ARN", { vpcSecurityGroupIds: ["arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0"] }, "args.vpcSecurityGroupIds", /not an id like "sg-/],
        ["six security groups", { vpcSecurityGroupIds: ["sg-00000001", "sg-00000002", "sg-00000003", "sg-00000004", "sg-00000005", "sg-00000006"] }, "args.vpcSecurityGroupIds", /1 to 5/],
        ["a master secret name instead of its ARN", { masterSecretArn: "rds!db-0123" }, "args.masterSecretArn", /full ARN/],
        ["no master secret", { masterSecretArn: undefined as unknown as string }, "args.masterSecretArn", /RDS-managed/],
        ["a KMS alias", { secretKmsKeyArn: undefined, masterSecretKmsKeyArn: "alias/aws/secretsmanager" }, "args.masterSecretKmsKeyArn", /full ARN/],
        ["a window longer than a day", { rotationWindowHours: 25 }, "args.rotationWindowHours", /1 to 24/],
        ["a daily rotation with a whole-day window", { rotationDays: 1, rotationWindowHours: 24 }, "args.rotationWindowHours", /0 h apart/],
        ["rotationDays over the pack's limit", { rotationDays: 400 }, "rotationDays", /1 to 365/],
        ["a function name with a dot", { functionName: "mlflow.rotation" }, "args.functionName", /Lambda function name/],
        ["a version range", { semanticVersion: "^1.1" }, "args.semanticVersion", /published version/],
        ["an http endpoint", { secretsManagerEndpoint: "http://secretsmanager.us-east-1.amazonaws.com" }, "args.secretsManagerEndpoint", /https URL/],
        ["a secret name instead of its ARN", { secretArn: "/mlops/mlflow/db-password" }, "secretArn", /ARN/],
    ];
    for (const [what, change, argument, message] of bad) {
        it(`refuses ${what} before registering anything`, async () => {
            await expectInputError(() => new AwsSecretRotation("db", { ...base, ...change }), argument, message);
        });
    }
});

describe("refreshIntervalForRotation", () => {
    it("is a quarter of the shortest gap between two rotations, at most 24 h", () => {
        assert.deepEqual(refreshIntervalForRotation({ rotationDays: 1, windowHours: 4 }), { shortestGapHours: 20, hours: 5, goDuration: "5h" });
        assert.equal(refreshIntervalForRotation({ rotationDays: 1, windowHours: 1 }).goDuration, "5h45m");
        assert.equal(refreshIntervalForRotation({ rotationDays: 2, windowHours: 4 }).goDuration, "11h");
        assert.equal(refreshIntervalForRotation({ rotationDays: 30, windowHours: 4 }).goDuration, "24h");
        // Every derived interval leaves room for three more refreshes before the credential read just before a rotation is retired.
        for (const rotationDays of [1, 2, 3, 7, 30, 90]) {
            for (const windowHours of [1, 4, 12, 20]) {
                if (rotationDays * 24 - windowHours < 4) continue;
                const r = refreshIntervalForRotation({ rotationDays, windowHours });
                assert.ok(4 * r.hours <= r.shortestGapHours + 1e-9, `${rotationDays} d / ${windowHours} h`);
            }
        }
    });
});

describe("AwsRotationFailureAlerts", () => {
    it("routes Secrets Manager's RotationFailed events and the function's errors to a new topic only they may publish to", async () => {
        const run = await runProgram(() => new AwsRotationFailureAlerts("rotation-alerts", {
            topicName: "platform-rotation-alerts",
            emailAddresses: ["oncall@example.com"],
            rotationFunctionNames: ["mlflow-db-rotation"],
        }));
        const rule = one(run, "aws:cloudwatch/eventRule:EventRule");
        assert.deepEqual(JSON.parse(rule.inputs.eventPattern), {
            "source": ["aws.secretsmanager"],
            "detail-type": ["AWS Service Event via CloudTrail"],
            "detail": { eventSource: ["secretsmanager.amazonaws.com"], eventName: ["RotationFailed"] },
        });
        const topic = one(run, "aws:sns/topic:Topic");
        assert.equal(topic.inputs.name, "platform-rotation-alerts");
        const target = one(run, "aws:cloudwatch/eventTarget:EventTarget");
        assert.equal(target.inputs.arn, "arn:aws:sns:us-east-1:123456789012:platform-rotation-alerts");
        const alarm = one(run, "aws:cloudwatch/metricAlarm:MetricAlarm").inputs;
        assert.deepEqual([alarm.namespace, alarm.metricName, alarm.dimensions, alarm.statistic, alarm.threshold, alarm.comparisonOperator, alarm.treatMissingData],
            ["AWS/Lambda", "Errors", { FunctionName: "mlflow-db-rotation" }, "Sum", 0, "GreaterThanThreshold", "notBreaching"]);
        const policy = JSON.parse(one(run, "aws:sns/topicPolicy:TopicPolicy").inputs.policy);
        assert.deepEqual(policy.Statement.map((s: { Principal: unknown }) => s.Principal), [{ Service: "events.amazonaws.com" }, { Service: "cloudwatch.amazonaws.com" }]);
        const topicArn = "arn:aws:sns:us-east-1:123456789012:platform-rotation-alerts";
        const [events, alarms] = policy.Statement as Array<{ Action: string; Resource: string; Condition: { ArnEquals: Record<string, string | string[]> } }>;
        assert.deepEqual([events.Action, events.Resource, alarms.Action, alarms.Resource], ["sns:Publish", topicArn, "sns:Publish", topicArn]);
        // Each service may publish only for this rule or these alarms.
        assert.match(String(events.Condition.ArnEquals["aws:SourceArn"]), /^arn:aws:events:us-east-1:123456789012:rule\/rotation-alerts-/);
        assert.deepEqual(alarms.Condition.ArnEquals["aws:SourceArn"].length, 1);
        assert.match(String(alarms.Condition.ArnEquals["aws:SourceArn"][0]), /^arn:aws:cloudwatch:us-east-1:123456789012:alarm:rotation-alerts-mlflow-db-rotation-/);
        const subscription = one(run, "aws:sns/topicSubscription:TopicSubscription").inputs;
        assert.deepEqual([subscription.protocol, subscription.endpoint], ["email", "oncall@example.com"]);
    });

    it("with an existing topic, changes nothing of it and reports the statements it needs", async () => {
        const topicArn = "arn:aws:sns:us-east-1:123456789012:platform-alerts";
        const run = await runProgram(() => new AwsRotationFailureAlerts("rotation-alerts", { topicArn }));
        assert.equal(run.resources.filter((r) => r.type.startsWith("aws:sns/")).length, 0);
        assert.equal(one(run, "aws:cloudwatch/eventTarget:EventTarget").inputs.arn, topicArn);
        const statements = JSON.parse(one(run, "secrets:index:AwsRotationFailureAlerts").rawOutputs?.requiredTopicPolicyStatements);
        assert.deepEqual(statements.map((s: { Resource: string }) => s.Resource), [topicArn]);
    });

    it("refuses both or neither topic, a bad function name and subscriptions on a topic it does not own", async () => {
        await expectInputError(() => new AwsRotationFailureAlerts("a", {}), "topicArn", /exactly one/);
        await expectInputError(() => new AwsRotationFailureAlerts("a", { topicName: "x", topicArn: "arn:aws:sns:us-east-1:123456789012:x" }), "topicArn", /exactly one/);
        await expectInputError(() => new AwsRotationFailureAlerts("a", { topicArn: "platform-alerts" }), "topicArn", /topic's ARN/);
        await expectInputError(() => new AwsRotationFailureAlerts("a", { topicName: "x", rotationFunctionNames: ["arn:aws:lambda:x"] }), "rotationFunctionNames", /Lambda function name/);
        await expectInputError(() => new AwsRotationFailureAlerts("a", { topicArn: "arn:aws:sns:us-east-1:123456789012:x", emailAddresses: ["a@b.c"] }), "emailAddresses", /topicName/);
    });
});
