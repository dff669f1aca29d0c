import * as pulumi from "@pulumi/pulumi";
import { EventRule, EventTarget, MetricAlarm } from "@pulumi/aws/cloudwatch";
import { Topic, TopicPolicy, TopicSubscription } from "@pulumi/aws/sns";
import { CLOUD_LABELS } from "../../sync/labels";
import { componentType } from "../../naming/componentType";
import { SecretsInputError } from "../../validation/inputError";

export interface AwsRotationFailureAlertsArgs {
    /**
     * An existing SNS topic to notify. Its access policy is left alone: it must allow `events.amazonaws.com` and
     * `cloudwatch.amazonaws.com` to `sns:Publish` (the `requiredTopicPolicyStatements` output lists the statements).
     * @default none: give `topicName` instead
     */
    readonly topicArn?: pulumi.Input<string>;
    /**
     * Name of a new SNS topic to create for these alerts, with an access policy that lets exactly this rule and these
     * alarms publish. Exactly one of `topicArn` and `topicName`.
     * @default none: give `topicArn` instead
     */
    readonly topicName?: string;
    /**
     * E-mail addresses to subscribe to the new topic (each must confirm); only with `topicName`.
     * @default none
     */
    readonly emailAddresses?: string[];
    /**
     * Rotation functions to watch through their CloudWatch `Errors` metric (AWS/Lambda), e.g. `AwsSecretRotation`'s
     * function name: a second signal that does not depend on CloudTrail delivering the event.
     * @default none: only the EventBridge rule
     */
    readonly rotationFunctionNames?: string[];
    /**
     * Minutes of the alarm's period.
     * @default 5
     */
    readonly alarmPeriodMinutes?: number;
}

/**
 * Alerts for failed rotations by Secrets Manager: an EventBridge rule on the `RotationFailed` event Secrets Manager
 * records in CloudTrail for every secret in the account and region (AWS Secrets Manager User Guide, "Logging AWS Secrets
 * Manager events with AWS CloudTrail"; delivered to EventBridge as "AWS Service Event via CloudTrail"), and CloudWatch
 * alarms on the rotation functions' errors, both publishing to one SNS topic. Runbook: README, "AWS rotation failed".
 */
export class AwsRotationFailureAlerts extends pulumi.ComponentResource {
    /** The topic the alerts publish to. */
    readonly topicArn: pulumi.Output<string>;
    /** The EventBridge rule's ARN. */
    readonly ruleArn: pulumi.Output<string>;
    /** For an existing topic: the access policy statements it needs (JSON). */
    readonly requiredTopicPolicyStatements: pulumi.Output<string>;

    constructor(name: string, args: AwsRotationFailureAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        if (args === null || typeof args !== "object" || (args.topicArn === undefined) === (args.topicName === undefined)) {
            throw new SecretsInputError("topicArn", args?.topicArn, "Give exactly one of topicArn (an existing SNS topic) and topicName (a new one).");
        }
        if (args.topicName !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(args.topicName)) {
            throw new SecretsInputError("topicName", args.topicName, "Use 1-256 letters, digits, '-' or '_' (a standard SNS topic name).");
        }
        if (typeof args.topicArn === "string" && !/^arn:aws(-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/.test(args.topicArn)) {
            throw new SecretsInputError("topicArn", args.topicArn, "Give the topic's ARN, e.g. \"arn:aws:sns:eu-west-1:123456789012:platform-alerts\".");
        }
        if (args.emailAddresses !== undefined) {
            if (args.topicName === undefined) {
                throw new SecretsInputError("emailAddresses", args.emailAddresses, "Subscriptions are made only on a topic this component creates (topicName); subscribe to your own topic where you manage it.");
            }
            for (const address of args.emailAddresses) {
                if (typeof address !== "string" || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) {
                    throw new SecretsInputError("emailAddresses", args.emailAddresses, `${JSON.stringify(address)} is not an e-mail address.`);
                }
            }
        }
        for (const fn of args.rotationFunctionNames ?? []) {
            if (typeof fn !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(fn)) {
                throw new SecretsInputError("rotationFunctionNames", args.rotationFunctionNames, `${JSON.stringify(fn)} is not a Lambda function name (1-64 letters, digits, '-' or '_').`);
            }
        }
        const periodMinutes = args.alarmPeriodMinutes ?? 5;
        if (!Number.isInteger(periodMinutes) || periodMinutes < 1 || periodMinutes > 1440) {
            throw new SecretsInputError("alarmPeriodMinutes", args.alarmPeriodMinutes, "Use a whole number of minutes from 1 to 1440.");
        }
        super(componentType("AwsRotationFailureAlerts"), name, {}, opts);

        const topic = args.topicName === undefined ? undefined : new Topic(name, { name: args.topicName, tags: { ...CLOUD_LABELS } }, { parent: this });
        const topicArn = topic ? topic.arn : pulumi.output(args.topicArn!);
        const rule = new EventRule(name, {
            description: "Secrets Manager could not rotate a secret (RotationFailed); see the runbook entry \"AWS rotation failed\".",
            eventPattern: JSON.stringify({
                "source": ["aws.secretsmanager"],
                "detail-type": ["AWS Service Event via CloudTrail"],
                "detail": { eventSource: ["secretsmanager.amazonaws.com"], eventName: ["RotationFailed"] },
            }),
            tags: { ...CLOUD_LABELS },
        }, { parent: this });
        new EventTarget(name, { rule: rule.name, arn: topicArn }, { parent: this });
        const alarms = (args.rotationFunctionNames ?? []).map((fn) => new MetricAlarm(`${name}-${fn}`, {
            alarmDescription: `The rotation function ${fn} failed; see the runbook entry "AWS rotation failed".`,
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: fn },
            statistic: "Sum",
            period: periodMinutes * 60,
            evaluationPeriods: 1,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
            // A function that did not run (between rotations) is not failing.
            treatMissingData: "notBreaching",
            alarmActions: [topicArn],
            tags: { ...CLOUD_LABELS },
        }, { parent: this }));
        const statements = pulumi.all([topicArn, rule.arn, ...alarms.map((a) => a.arn)]).apply(([arn, ruleArn, ...alarmArns]) => [
            publishFrom("RotationFailedEvents", "events.amazonaws.com", arn, ruleArn),
            ...(alarmArns.length === 0 ? [] : [publishFrom("RotationFunctionAlarms", "cloudwatch.amazonaws.com", arn, alarmArns)]),
        ]);
        if (topic) {
            new TopicPolicy(name, { arn: topic.arn, policy: statements.apply((Statement) => JSON.stringify({ Version: "2012-10-17", Statement })) }, { parent: this });
            for (const address of args.emailAddresses ?? []) {
                new TopicSubscription(`${name}-${address.replace(/[^A-Za-z0-9-]/g, "-")}`, { topic: topic.arn, protocol: "email", endpoint: address }, { parent: this });
            }
        }
        this.topicArn = topicArn;
        this.ruleArn = rule.arn;
        this.requiredTopicPolicyStatements = statements.apply((s) => JSON.stringify(s));
        this.registerOutputs({ topicArn: this.topicArn, ruleArn: this.ruleArn, requiredTopicPolicyStatements: this.requiredTopicPolicyStatements });
    }
}

/** A topic policy statement letting one AWS service publish, only on behalf of the named sources. */
function publishFrom(sid: string, service: string, topicArn: string, sourceArns: string | string[]): object {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { ArnEquals: { "aws:SourceArn": sourceArns } },
    };
}
