import assert from "node:assert/strict";
import { test } from "node:test";
import { AwsParameterStoreAudit } from "../../components/audit/awsParameterStoreAudit";
import { CapturedResource, ProgramRun, runProgram } from "../harness";
import { expectInputError } from "../alerts/expectInputError";
import { loadedCloudSdks } from "./loadedSdks";

const byType = (run: ProgramRun, type: string): CapturedResource => {
    const found = run.resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
};

test("creates a regional trail for management read events, writing to a private bucket only it can write to", async () => {
    const run = await runProgram(() => new AwsParameterStoreAudit("mlops-secrets-audit", {}));
    const component = byType(run, "secrets:index:AwsParameterStoreAudit");
    const trail = byType(run, "aws:cloudtrail/trail:Trail");
    const bucket = byType(run, "aws:s3/bucket:Bucket");
    const bucketName = "mlops-secrets-audit-123456789012-us-east-1";
    const trailArn = "arn:aws:cloudtrail:us-east-1:123456789012:trail/mlops-secrets-audit";

    assert.equal(bucket.inputs.bucket, bucketName);
    assert.notEqual(bucket.inputs.forceDestroy, true, "audit logs are not deleted with the stack");
    assert.equal(trail.inputs.name, "mlops-secrets-audit");
    assert.equal(trail.inputs.s3BucketName, bucketName);
    assert.deepEqual(trail.inputs.eventSelectors, [{ readWriteType: "All", includeManagementEvents: true, excludeManagementEventSources: ["kms.amazonaws.com"] }]);
    assert.equal(trail.inputs.enableLogFileValidation, true);
    assert.equal(trail.inputs.isMultiRegionTrail, false);
    assert.deepEqual(component.rawOutputs, { trailArn, logBucketName: bucketName });

    const publicAccess = byType(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
    assert.deepEqual([publicAccess.bucket, publicAccess.blockPublicAcls, publicAccess.blockPublicPolicy, publicAccess.ignorePublicAcls, publicAccess.restrictPublicBuckets],
        [bucketName, true, true, true, true]);

    const policyResource = byType(run, "aws:s3/bucketPolicy:BucketPolicy");
    assert.ok(trail.dependencies.includes(policyResource.urn), "the trail is created after the bucket policy CloudTrail checks");
    const policy = JSON.parse(policyResource.inputs.policy);
    const allows = policy.Statement.filter((s: { Effect: string }) => s.Effect === "Allow");
    assert.deepEqual(allows.map((s: { Principal: unknown }) => s.Principal), [{ Service: "cloudtrail.amazonaws.com" }, { Service: "cloudtrail.amazonaws.com" }]);
    assert.deepEqual(allows.map((s: { Action: string; Resource: string }) => [s.Action, s.Resource]), [
        ["s3:GetBucketAcl", `arn:aws:s3:::${bucketName}`],
        ["s3:PutObject", `arn:aws:s3:::${bucketName}/AWSLogs/123456789012/*`],
    ]);
    assert.ok(allows.every((s: { Condition: { StringEquals: Record<string, string> } }) => s.Condition.StringEquals["aws:SourceArn"] === trailArn),
        "only this trail may write");
    const deny = policy.Statement.find((s: { Effect: string }) => s.Effect === "Deny");
    assert.deepEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });

    const lifecycle = byType(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs;
    assert.deepEqual(lifecycle.rules, [{ id: "expire-audit-logs", status: "Enabled", filter: { prefix: "AWSLogs/" }, expiration: { days: 365 } }]);
});

test("trail name and log retention are configurable", async () => {
    const run = await runProgram(() => new AwsParameterStoreAudit("audit", { trailName: "secrets-reads", logRetentionDays: 90 }));
    assert.equal(byType(run, "aws:cloudtrail/trail:Trail").inputs.name, "secrets-reads");
    assert.equal(byType(run, "aws:s3/bucket:Bucket").inputs.bucket, "secrets-reads-123456789012-us-east-1");
    assert.equal(byType(run, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules[0].expiration.days, 90);
});

test("with an existing trail nothing is created and the trail is reported", async () => {
    const existingTrailArn = "arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail";
    const run = await runProgram(() => new AwsParameterStoreAudit("audit", { existingTrailArn }));
    assert.deepEqual(run.resources.map((r) => r.type), ["secrets:index:AwsParameterStoreAudit"]);
    assert.deepEqual(run.resources[0].rawOutputs, { trailArn: existingTrailArn });
});

test("bad inputs are refused before anything is created", async () => {
    await expectInputError(() => new AwsParameterStoreAudit("audit", { existingTrailArn: "org-trail" }), "existingTrailArn", /got "org-trail"\. Pass the trail's ARN/);
    await expectInputError(() => new AwsParameterStoreAudit("audit", { existingTrailArn: "arn:aws:cloudtrail:eu-west-1:123456789012:trail/org-trail", logRetentionDays: 30 }),
        "logRetentionDays", /with existingTrailArn nothing is created/);
    await expectInputError(() => new AwsParameterStoreAudit("audit", { trailName: "Secrets_Audit" }), "trailName", /lowercase/);
    await expectInputError(() => new AwsParameterStoreAudit("a-component-name-that-is-far-too-long-for-a-bucket", {}), "name", /3 to 32/);
    await expectInputError(() => new AwsParameterStoreAudit("audit", { logRetentionDays: 0 }), "logRetentionDays", /from 1 to 3650/);
});

test("a program using the AWS audit loads neither the Azure nor the GCP SDK, nor the AWS root module", () => {
    assert.deepEqual(loadedCloudSdks(), { sdks: ["aws"], rootImports: [] });
});
