import * as pulumi from "@pulumi/pulumi";
import { SecretsInputError } from "../../validation/inputError";
import { requireIntegerInRange } from "../../validation/numbers";
import { DerivedRefreshInterval, refreshIntervalForRotation } from "./refreshInterval";

/**
 * Rotation by Secrets Manager itself, with AWS's published multi-user function for RDS/Aurora PostgreSQL
 * (`SecretsManagerRDSPostgreSQLRotationMultiUser` from the Serverless Application Repository). The function alternates
 * the secret between the login `<username>` and `<username>_clone`, setting each new password as the master user.
 */
export interface AwsManagedRotationArgs {
    /**
     * ARN of the secret holding the admin (master) login the function changes passwords with: with RDS-managed master
     * passwords (`manageMasterUserPassword: true`) it is the instance's `masterUserSecrets[0].secretArn`, which RDS itself
     * rotates (every 7 days by default).
     */
    readonly masterSecretArn: pulumi.Input<string>;
    /**
     * ARN of the customer-managed KMS key of the master secret, if it has one (RDS: `masterUserSecretKmsKeyId`); the function
     * is granted `kms:Decrypt` on it.
     * @default the master secret uses the AWS-managed key `aws/secretsmanager`
     */
    readonly masterSecretKmsKeyArn?: pulumi.Input<string>;
    /** Subnets the function runs in (`subnet-…`): they must reach the database and Secrets Manager (NAT or a VPC endpoint). */
    readonly vpcSubnetIds: string[];
    /** Security groups of the function (`sg-…`, 1–5): the database's security group must admit them on its port. */
    readonly vpcSecurityGroupIds: string[];
    /**
     * Hours of the rotation window, which starts at midnight UTC on each rotation day; Secrets Manager rotates at any
     * time inside it. Together with `rotationDays` it sets ESO's refresh interval (see docs/rotation-aws-managed.md).
     * @default 4
     */
    readonly rotationWindowHours?: number;
    /**
     * Name of the rotation function (1–64 of letters, digits, `-`, `_`); the application's CloudFormation stack is
     * `serverlessrepo-<functionName>`. Both must be unique in the account and region.
     * @default `<project>-<stack>-<component name>-rotation`, its last 64 characters
     */
    readonly functionName?: string;
    /**
     * Version of the published application to deploy; upgrade deliberately.
     * @default the version AWS CDK pins: 1.1.671 (aws), 1.1.440 (aws-cn), 1.1.383 (aws-us-gov)
     */
    readonly semanticVersion?: string;
    /**
     * Characters the function leaves out of new passwords.
     * @default every ASCII punctuation character except `-._`, as the package's UrlSafe profile (passwords go into
     * connection URLs unencoded)
     */
    readonly excludeCharacters?: string;
    /**
     * Secrets Manager endpoint the function calls, e.g. a VPC interface endpoint's DNS name.
     * @default `https://secretsmanager.<region>.<partition DNS suffix>`
     */
    readonly secretsManagerEndpoint?: string;
    /**
     * Rotate once as soon as rotation is enabled (Secrets Manager's default). With false only the function's testSecret
     * step runs then, and the first rotation comes with the schedule.
     * @default true
     */
    readonly rotateImmediately?: boolean;
}

/** The published application and the versions AWS CDK pins per partition (aws/aws-cdk, aws-secretsmanager/lib/secret-rotation.ts). */
export const MULTI_USER_APPLICATION = {
    name: "SecretsManagerRDSPostgreSQLRotationMultiUser",
    ids: {
        "aws": "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationMultiUser",
        "aws-cn": "arn:aws-cn:serverlessrepo:cn-north-1:193023089310:applications/SecretsManagerRDSPostgreSQLRotationMultiUser",
        "aws-us-gov": "arn:aws-us-gov:serverlessrepo:us-gov-west-1:023102451235:applications/SecretsManagerRDSPostgreSQLRotationMultiUser",
    } as Record<string, string>,
    versions: { "aws": "1.1.671", "aws-cn": "1.1.440", "aws-us-gov": "1.1.383" } as Record<string, string>,
};

/** `!"#$%&'()*+,/:;<=>?@[\]^`{|}~`: all ASCII punctuation but `-._`. */
export const URL_UNSAFE_PUNCTUATION = "!\"#$%&'()*+,/:;<=>?@[\\]^`{|}~";

export interface CheckedAwsManagedRotation {
    readonly args: AwsManagedRotationArgs;
    readonly rotationDays: number;
    readonly windowHours: number;
    readonly functionName: string;
    readonly refresh: DerivedRefreshInterval;
}

const SUBNET = /^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SECURITY_GROUP = /^sg-([0-9a-f]{8}|[0-9a-f]{17})$/;
const SECRET_ARN = /^arn:aws(-cn|-us-gov)?:secretsmanager:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:secret:[A-Za-z0-9/_+=.@!-]+$/;
const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov)?:kms:[a-z]{2}(-[a-z]+)+-\d+:\d{12}:key\/[a-zA-Z0-9-]+$/;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function requireIds(argument: string, ids: unknown, pattern: RegExp, min: number, max: number, example: string): void {
    if (!Array.isArray(ids) || ids.length < min || ids.length > max) {
        throw new SecretsInputError(argument, ids, `Give ${min === max ? min : `${min} to ${max}`} ids in a list, e.g. ["${example}"].`);
    }
    for (const id of ids) {
        if (typeof id !== "string" || !pattern.test(id)) {
            throw new SecretsInputError(argument, ids, `${JSON.stringify(id)} is not an id like "${example}"; give the ids themselves, not names or ARNs.`);
        }
    }
    if (new Set(ids).size !== ids.length) {
        throw new SecretsInputError(argument, ids, "Each id once: remove the duplicates.");
    }
}

/** An ARN given as a plain string is checked now; an Output (e.g. an RDS instance's master secret) only has its shape checked by AWS. */
function requireArnIfKnown(argument: string, value: pulumi.Input<string> | undefined, pattern: RegExp, example: string, required: boolean): void {
    if (value === undefined) {
        if (required) {
            throw new SecretsInputError(argument, value, `Give the ARN, e.g. "${example}" (RDS-managed: the instance's masterUserSecrets[0].secretArn).`);
        }
        return;
    }
    if (typeof value === "string" && !pattern.test(value)) {
        throw new SecretsInputError(argument, value, `Give the full ARN, e.g. "${example}".`);
    }
}

/**
 * The rotation function's default name, `<project>-<stack>-<component name>-rotation` (its last 64 characters): Lambda
 * and CloudFormation names are unique per account and region, so it names the project and stack.
 */
export function defaultRotationFunctionName(componentName: string): string {
    return `${pulumi.getProject()}-${pulumi.getStack()}-${componentName}-rotation`.replace(/[^A-Za-z0-9_-]/g, "-").slice(-64);
}

/**
 * Checks AWS-managed rotation settings before any resource exists. `rotationDays` is the secret's own period (the same
 * argument as for rotations Pulumi drives); `argument` is how the user reaches these settings, for error messages.
 */
export function checkAwsManagedRotation(argument: string, args: AwsManagedRotationArgs | undefined, rotationDays: number, componentName: string): CheckedAwsManagedRotation {
    if (args === null || typeof args !== "object") {
        throw new SecretsInputError(argument, args, "Give the rotation settings: { masterSecretArn, vpcSubnetIds, vpcSecurityGroupIds }.");
    }
    requireArnIfKnown(`${argument}.masterSecretArn`, args.masterSecretArn, SECRET_ARN,
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123abcd-AbCdEf", true);
    requireArnIfKnown(`${argument}.masterSecretKmsKeyArn`, args.masterSecretKmsKeyArn, KMS_KEY_ARN,
        "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", false);
    requireIds(`${argument}.vpcSubnetIds`, args.vpcSubnetIds, SUBNET, 1, 16, "subnet-0123456789abcdef0");
    requireIds(`${argument}.vpcSecurityGroupIds`, args.vpcSecurityGroupIds, SECURITY_GROUP, 1, 5, "sg-0123456789abcdef0");
    const windowHours = requireIntegerInRange(`${argument}.rotationWindowHours`, args.rotationWindowHours ?? 4, 1, 24,
        "Secrets Manager rotates at any time in this window, which starts at midnight UTC and must end the same day.");
    const refresh = refreshIntervalForRotation({ rotationDays, windowHours }, argument);
    const functionName = args.functionName ?? defaultRotationFunctionName(componentName);
    if (!FUNCTION_NAME.test(functionName)) {
        throw new SecretsInputError(`${argument}.functionName`, functionName, "Use 1-64 letters, digits, '-' or '_' (a Lambda function name).");
    }
    if (args.semanticVersion !== undefined && !/^\d+\.\d+\.\d+$/.test(args.semanticVersion)) {
        throw new SecretsInputError(`${argument}.semanticVersion`, args.semanticVersion, "Give a published version such as \"1.1.671\", or leave it out for the pinned one.");
    }
    if (args.excludeCharacters !== undefined && (typeof args.excludeCharacters !== "string" || /[\s\x00-\x1f]/.test(args.excludeCharacters))) {
        throw new SecretsInputError(`${argument}.excludeCharacters`, args.excludeCharacters, "Give the characters to leave out as one string of printable characters, e.g. \":/@\\\"'\\\\\".");
    }
    if (args.secretsManagerEndpoint !== undefined && !/^https:\/\/[a-z0-9.-]+(:\d+)?\/?$/.test(args.secretsManagerEndpoint)) {
        throw new SecretsInputError(`${argument}.secretsManagerEndpoint`, args.secretsManagerEndpoint,
            "Give an https URL without a path, e.g. \"https://vpce-0123-abcd.secretsmanager.eu-west-1.vpce.amazonaws.com\".");
    }
    if (args.rotateImmediately !== undefined && typeof args.rotateImmediately !== "boolean") {
        throw new SecretsInputError(`${argument}.rotateImmediately`, args.rotateImmediately, "Use true (rotate when rotation is enabled) or false (wait for the schedule).");
    }
    return { args, rotationDays, windowHours, functionName, refresh };
}

/** The `engine` field of the secret document AWS's PostgreSQL rotation functions accept. */
export enum AwsDatabaseEngine {
    /** RDS for PostgreSQL. */
    Postgres = "postgres",
    /** Aurora PostgreSQL. */
    AuroraPostgresql = "aurora-postgresql",
}

/** AWS-managed rotation of a database login: the function's settings and the database as the function reaches it. */
export interface AwsManagedDatabaseRotationArgs extends AwsManagedRotationArgs {
    /** The database's host name as the rotation function reaches it: the RDS instance's endpoint address or the Aurora cluster endpoint. */
    readonly host: string;
    /**
     * The database's port.
     * @default 5432
     */
    readonly port?: number;
    /**
     * The application's database (the document's `dbname`).
     * @default "mlflow"
     */
    readonly dbname?: string;
    /**
     * The document's `engine`.
     * @default Postgres
     */
    readonly engine?: AwsDatabaseEngine;
    /**
     * TLS for the function's connections: the document's `"ssl": true` makes it connect with `verify-full` and never
     * fall back to plaintext; false sends `"ssl": false` (plaintext, for a database without TLS only).
     * @default true
     */
    readonly tls?: boolean;
}
