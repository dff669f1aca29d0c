import * as pulumi from "@pulumi/pulumi";
import { getPartitionOutput } from "@pulumi/aws/getPartition";
import { getRegionOutput } from "@pulumi/aws/getRegion";
import { getFunctionOutput } from "@pulumi/aws/lambda";
import { SecretRotation } from "@pulumi/aws/secretsmanager";
import { CloudFormationStack } from "@pulumi/aws/serverlessrepository";
import { componentType } from "../../naming/componentType";
import { SecretsInputError } from "../../validation/inputError";
import { requireIntegerInRange } from "../../validation/numbers";
import { AwsManagedRotationArgs, checkAwsManagedRotation, MULTI_USER_APPLICATION, URL_UNSAFE_PUNCTUATION } from "./awsManagedRotationArgs";

export interface AwsSecretRotationArgs extends AwsManagedRotationArgs {
    /** ARN of the Secrets Manager secret to rotate: a JSON document with engine, host, username, password, dbname, port, masterarn. */
    readonly secretArn: pulumi.Input<string>;
    /**
     * ARN of the customer-managed KMS key that encrypts that secret; the function is granted use of it.
     * @default the secret uses the AWS-managed key `aws/secretsmanager`
     */
    readonly secretKmsKeyArn?: pulumi.Input<string>;
    /**
     * Days between rotations (`rate(<n> days)`), 1–365.
     * @default 30
     */
    readonly rotationDays?: number;
    /**
     * Region of the secret, the function and the database.
     * @default the AWS provider's region
     */
    readonly region?: string;
}

/**
 * Turns on Secrets Manager's own rotation of one secret with AWS's published multi-user function for PostgreSQL: the
 * function, deployed from the Serverless Application Repository as a CloudFormation stack (`serverlessrepo-<name>`), and the
 * secret's rotation schedule. Enabling rotation rotates once at once unless `rotateImmediately` is false.
 */
export class AwsSecretRotation extends pulumi.ComponentResource {
    /** ARN of the rotation function (the stack's `RotationLambdaARN` output). */
    readonly rotationFunctionArn: pulumi.Output<string>;
    /** ARN of the function's execution role: a secret resource policy must allow it to read and write the secret. */
    readonly rotationFunctionRoleArn: pulumi.Output<string>;
    /** The rotation rules: `rate(<n> days)` and the window, e.g. "4h". */
    readonly scheduleExpression: pulumi.Output<string>;
    readonly rotationWindow: pulumi.Output<string>;
    /** ESO's refresh interval for the synced secret, derived from the schedule (docs/rotation-aws-managed.md). */
    readonly refreshInterval: pulumi.Output<string>;

    /**
     * @param beforeRotation for the package's own secrets: given the function's role, allows it on the secret (its
     *   resource policy) and returns what enabling rotation must wait for — the immediate first rotation would fail
     *   before the function may write the secret.
     */
    constructor(name: string, args: AwsSecretRotationArgs, opts?: pulumi.ComponentResourceOptions,
        beforeRotation?: (rotationFunctionRoleArn: pulumi.Output<string>) => pulumi.Resource[]) {
        const rotationDays = requireIntegerInRange("rotationDays", args?.rotationDays ?? 30, 1, 365,
            "It is the number of days between rotations by Secrets Manager (the policy pack allows at most 365).");
        const checked = checkAwsManagedRotation("args", args, rotationDays, name);
        if (args.secretArn === undefined || (typeof args.secretArn === "string" && !args.secretArn.startsWith("arn:"))) {
            throw new SecretsInputError("secretArn", args.secretArn, "Give the ARN of the Secrets Manager secret to rotate.");
        }
        if (args.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(args.region)) {
            throw new SecretsInputError("region", args.region, "Use an AWS region in lower case, e.g. \"eu-west-1\", or leave it out for the provider's region.");
        }
        super(componentType("AwsSecretRotation"), name, {}, opts);
        const invokeOpts = { parent: this };
        const partition = getPartitionOutput({}, invokeOpts);
        const region = args.region ?? getRegionOutput({}, invokeOpts).region;
        const regional = args.region === undefined ? {} : { region: args.region };

        const parameters: Record<string, pulumi.Input<string>> = {
            endpoint: args.secretsManagerEndpoint ?? pulumi.interpolate`https://secretsmanager.${region}.${partition.dnsSuffix}`,
            functionName: checked.functionName,
            vpcSubnetIds: args.vpcSubnetIds.join(","),
            vpcSecurityGroupIds: args.vpcSecurityGroupIds.join(","),
            masterSecretArn: args.masterSecretArn,
            excludeCharacters: args.excludeCharacters ?? URL_UNSAFE_PUNCTUATION,
            ...(args.secretKmsKeyArn === undefined ? {} : { kmsKeyArn: args.secretKmsKeyArn }),
            ...(args.masterSecretKmsKeyArn === undefined ? {} : { masterSecretKmsKeyArn: args.masterSecretKmsKeyArn }),
        };
        const application = new CloudFormationStack(name, {
            // SAR names the stack `serverlessrepo-<name>`; stack names allow no '_'.
            name: checked.functionName.replace(/_/g, "-"),
            applicationId: partition.partition.apply((p) => MULTI_USER_APPLICATION.ids[p] ?? MULTI_USER_APPLICATION.ids.aws),
            semanticVersion: args.semanticVersion ?? partition.partition.apply((p) => MULTI_USER_APPLICATION.versions[p] ?? MULTI_USER_APPLICATION.versions.aws),
            // The template creates the function's role (IAM) and the permission for Secrets Manager to invoke it (resource policy).
            capabilities: ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"],
            parameters,
            ...regional,
        }, { parent: this });
        const functionArn = application.outputs.apply((outputs) => outputs["RotationLambdaARN"]);
        const roleArn = getFunctionOutput({ functionName: functionArn, ...regional }, invokeOpts).role;
        const ready = beforeRotation?.(roleArn) ?? [];
        const scheduleExpression = `rate(${rotationDays} days)`;
        const duration = `${checked.windowHours}h`;
        new SecretRotation(name, {
            secretId: args.secretArn,
            rotationLambdaArn: functionArn,
            rotationRules: { scheduleExpression, duration },
            rotateImmediately: args.rotateImmediately ?? true,
            ...regional,
        }, { parent: this, dependsOn: [application, ...ready] });

        this.rotationFunctionArn = functionArn;
        this.rotationFunctionRoleArn = roleArn;
        this.scheduleExpression = pulumi.output(scheduleExpression);
        this.rotationWindow = pulumi.output(duration);
        this.refreshInterval = pulumi.output(checked.refresh.goDuration);
        this.registerOutputs({
            rotationFunctionArn: this.rotationFunctionArn,
            rotationFunctionRoleArn: this.rotationFunctionRoleArn,
            scheduleExpression: this.scheduleExpression,
            rotationWindow: this.rotationWindow,
            refreshInterval: this.refreshInterval,
        });
    }
}
