import * as pulumi from "@pulumi/pulumi";
import { SecretAccessLevel } from "../../stores/storedSecret";
import { SecretsInputError } from "../../validation/inputError";
import { requireIntegerInRange } from "../../validation/numbers";
import { assertRoleName } from "../postgres/roleName";
import type { ExternalRotation } from "../externalRotation";
import { AwsDatabaseEngine, AwsManagedDatabaseRotationArgs, checkAwsManagedRotation, CheckedAwsManagedRotation } from "./awsManagedRotationArgs";
import { awsCloneUsername } from "./multiUserSetupSql";

/** A checked AWS-managed database rotation, ready to hand to the PlatformSecret. */
export interface AwsManagedDatabaseRotation {
    readonly checked: CheckedAwsManagedRotation;
    readonly rotation: ExternalRotation;
}

/**
 * Checks `awsManagedRotation` of a database secret before any resource exists and returns the PlatformSecret's external
 * rotation: the first value is the document AWS's multi-user function reads (`engine`, `host`, `port`, `username`,
 * `password`, `dbname`, `masterarn`, `ssl`), stored once; its version ignores later changes; `AwsSecretRotation` deploys the
 * function, allows its role on the secret's resource policy and enables the schedule. Loads the AWS SDK only in `attach`.
 */
export function awsManagedDatabaseRotation(
    argument: string, args: AwsManagedDatabaseRotationArgs, username: string, rotationDays: number, componentName: string,
): AwsManagedDatabaseRotation {
    const checked = checkAwsManagedRotation(argument, args, rotationDays, componentName);
    if (typeof args.host !== "string" || !/^[A-Za-z0-9.-]{1,253}$/.test(args.host)) {
        throw new SecretsInputError(`${argument}.host`, args.host,
            "Give the database's host name as the rotation function reaches it, e.g. the RDS endpoint address \"mlflow.abc123.eu-west-1.rds.amazonaws.com\".");
    }
    const port = requireIntegerInRange(`${argument}.port`, args.port ?? 5432, 1, 65535, "It is the database's TCP port.");
    const dbname = args.dbname ?? "mlflow";
    assertRoleName(`${argument}.dbname`, dbname);
    const engine = args.engine ?? AwsDatabaseEngine.Postgres;
    if (!Object.values(AwsDatabaseEngine).includes(engine)) {
        throw new SecretsInputError(`${argument}.engine`, engine, `Use one of: ${Object.values(AwsDatabaseEngine).join(", ")} (AwsDatabaseEngine).`);
    }
    if (args.tls !== undefined && typeof args.tls !== "boolean") {
        throw new SecretsInputError(`${argument}.tls`, args.tls, "Use true (verify-full, no plaintext fallback) or false (a database without TLS).");
    }
    // The function alternates between `username` and `username_clone`: both must be valid role names.
    awsCloneUsername(username);
    const rotation: ExternalRotation = {
        rotatedBy: "AWS Secrets Manager",
        storedValue: (firstPassword) => pulumi.secret(pulumi.all([firstPassword, args.masterSecretArn]).apply(([password, masterarn]) =>
            // The fields of aws-samples/aws-secrets-manager-rotation-lambdas SecretsManagerRDSPostgreSQLRotationMultiUser/lambda_function.py.
            JSON.stringify({ engine, host: args.host, port, username, password, dbname, masterarn, ssl: args.tls ?? true }))),
        // AWS writes every later version; Pulumi must never put its first value back.
        versionOptions: { ignoreChanges: ["secretString", "versionStages"] },
        attach: (stored, parent) => {
            const { AwsSecretRotation } = require("./awsSecretRotation") as typeof import("./awsSecretRotation");
            new AwsSecretRotation(componentName, {
                ...args,
                functionName: checked.functionName,
                secretArn: stored.grantScope,
                secretKmsKeyArn: stored.kmsKeyArn,
                rotationDays,
            }, { parent }, (roleArn) => {
                if (!stored.resourcePolicy) {
                    throw new SecretsInputError(argument, "(a store without a resource policy)", "AWS's own rotation needs aws.service: SecretsManager.");
                }
                stored.resourcePolicy.allow(roleArn, SecretAccessLevel.Manage);
                return stored.writtenBy;
            });
        },
    };
    return { checked, rotation };
}
