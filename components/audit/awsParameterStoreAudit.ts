import * as pulumi from "@pulumi/pulumi";
import { Trail } from "@pulumi/aws/cloudtrail";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { Bucket, BucketLifecycleConfiguration, BucketPolicy, BucketPublicAccessBlock } from "@pulumi/aws/s3";
import { SecretsInputError } from "../validation/inputError";
import { requireIntegerInRange } from "../validation/numbers";
import { componentType, withPreviousType } from "../naming/componentType";

export interface AwsParameterStoreAuditArgs {
    /**
     * ARN of an existing trail that already records management read events in the parameters' region (an organization
     * trail, Control Tower's, ...). Using it costs nothing more; the component then creates nothing and only reports it.
     * @default undefined: a trail for this region and an S3 bucket for its logs are created
     */
    readonly existingTrailArn?: string;
    /**
     * Name of the created trail; its bucket is named `<trailName>-<account id>-<region>`.
     * @default the component name
     */
    readonly trailName?: string;
    /**
     * Days the created bucket keeps log files before they expire.
     * @default 365
     */
    readonly logRetentionDays?: number;
}

const TRAIL_ARN = /^arn:aws(-[a-z]+)*:cloudtrail:[a-z0-9-]+:\d{12}:trail\/[A-Za-z0-9._-]{3,128}$/;
// Lowercase because the trail name starts the bucket name; 32 characters leave room for the account and region.
const TRAIL_NAME = /^[a-z0-9][a-z0-9-]{1,30}[a-z0-9]$/;

interface AuditSettings {
    readonly existingTrailArn?: string;
    readonly trailName: string;
    readonly logRetentionDays: number;
}

function resolveSettings(name: string, args: AwsParameterStoreAuditArgs): AuditSettings {
    if (args.existingTrailArn !== undefined) {
        if (!TRAIL_ARN.test(args.existingTrailArn)) {
            throw new SecretsInputError("existingTrailArn", args.existingTrailArn,
                "Pass the trail's ARN, arn:aws:cloudtrail:<region>:<account id>:trail/<name> (`aws cloudtrail describe-trails --query 'trailList[].TrailARN'`).");
        }
        for (const [argument, value] of Object.entries({ trailName: args.trailName, logRetentionDays: args.logRetentionDays })) {
            if (value !== undefined) {
                throw new SecretsInputError(argument, value,
                    "It configures the trail this component creates; with existingTrailArn nothing is created. Drop one of the two.");
            }
        }
    }
    const trailName = args.trailName ?? name;
    if (!TRAIL_NAME.test(trailName)) {
        throw new SecretsInputError(args.trailName === undefined ? "name" : "trailName", trailName,
            "The trail name (the component name unless trailName is given) also starts the log bucket's name: " +
            "use 3 to 32 lowercase letters, digits or '-', starting and ending with a letter or digit.");
    }
    return {
        existingTrailArn: args.existingTrailArn,
        trailName,
        logRetentionDays: requireIntegerInRange("logRetentionDays", args.logRetentionDays ?? 365, 1, 3650,
            "It is how many days the audit log files are kept in the bucket."),
    };
}

/**
 * Audit logging of Parameter Store reads. GetParameter(s) calls are CloudTrail management read events: they are logged
 * by any trail that records management events with read events included, in the parameters' region. Either point at
 * such a trail (`existingTrailArn`), or let this component create one for the provider's region, with a private S3
 * bucket that only this trail can write to. KMS events are left out of the created trail: they are the noisiest
 * management events, and the GetParameter event already names the parameter and whether it was decrypted.
 */
export class AwsParameterStoreAudit extends pulumi.ComponentResource {
    /** ARN of the trail that records the reads (the given one, or the created one). */
    readonly trailArn: pulumi.Output<string>;
    /** Bucket that receives the created trail's log files; absent with an existing trail. */
    readonly logBucketName?: pulumi.Output<string>;

    constructor(name: string, args: AwsParameterStoreAuditArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = resolveSettings(name, args);
        super(componentType("AwsParameterStoreAudit"), name, {}, withPreviousType(opts, "mlops:audit:AwsParameterStoreAudit"));

        if (settings.existingTrailArn !== undefined) {
            this.trailArn = pulumi.output(settings.existingTrailArn);
            this.registerOutputs({ trailArn: this.trailArn });
            return;
        }

        const partition = getPartitionOutput({}, { parent: this }).partition;
        const accountId = getCallerIdentityOutput({}, { parent: this }).accountId;
        const region = getRegionOutput({}, { parent: this }).region;
        const bucketName = pulumi.interpolate`${settings.trailName}-${accountId}-${region}`;
        // Known before the trail exists: CloudTrail checks the bucket policy when the trail is created.
        const trailArn = pulumi.interpolate`arn:${partition}:cloudtrail:${region}:${accountId}:trail/${settings.trailName}`;

        const bucket = new Bucket(`${name}-logs`, { bucket: bucketName }, { parent: this });
        const publicAccess = new BucketPublicAccessBlock(`${name}-logs`, {
            bucket: bucket.bucket,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, { parent: this });
        const policy = new BucketPolicy(`${name}-logs`, {
            bucket: bucket.bucket,
            policy: pulumi.all([partition, accountId, trailArn, bucket.bucket]).apply(([p, account, arn, bucketId]) =>
                JSON.stringify(cloudTrailBucketPolicy(`arn:${p}:s3:::${bucketId}`, account, arn))),
        }, { parent: this, dependsOn: [publicAccess] });
        new BucketLifecycleConfiguration(`${name}-logs`, {
            bucket: bucket.bucket,
            rules: [{
                id: "expire-audit-logs",
                status: "Enabled",
                filter: { prefix: "AWSLogs/" },
                expiration: { days: settings.logRetentionDays },
            }],
        }, { parent: this });

        new Trail(name, {
            name: settings.trailName,
            s3BucketName: bucket.bucket,
            enableLogFileValidation: true,
            // Parameter Store is regional and STS calls from the cluster go to the regional endpoint.
            isMultiRegionTrail: false,
            includeGlobalServiceEvents: false,
            eventSelectors: [{
                // Reads are what this trail is for; writes (PutParameter at each rotation) come in the same copy.
                readWriteType: "All",
                includeManagementEvents: true,
                excludeManagementEventSources: ["kms.amazonaws.com"],
            }],
        }, { parent: this, dependsOn: [policy] });

        this.trailArn = trailArn;
        this.logBucketName = bucket.bucket;
        this.registerOutputs({ trailArn: this.trailArn, logBucketName: this.logBucketName });
    }
}

/**
 * The bucket policy CloudTrail needs, scoped to this one trail (`aws:SourceArn`) and this account's log prefix, plus
 * a refusal of plain-HTTP access.
 */
function cloudTrailBucketPolicy(bucketArn: string, accountId: string, trailArn: string): object {
    const fromThisTrail = { "aws:SourceArn": trailArn };
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: bucketArn,
                Condition: { StringEquals: fromThisTrail },
            },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", ...fromThisTrail } },
            },
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    };
}
