import * as pulumi from "@pulumi/pulumi";
import { RolePolicy } from "@pulumi/aws/iam";
import { AwsSecretService, CloudProvider, SecretAccessLevel, StoredSecret } from "../../stores/storedSecret";
import { SecretsInputError } from "../../validation/inputError";
import { requireCloud } from "../grants";
import { requireInputMatch } from "../../validation/rules";
import { parameterReadPolicy, secretReadPolicy } from "./awsPolicies";

export interface GrantAwsReadArgs {
    /** The name (not the ARN) of an existing IAM role, e.g. one made by another stack or by AwsNamespaceAccess. */
    readonly roleName: pulumi.Input<string>;
    /**
     * Secrets Manager secrets only, required there: the role's ARN (path included), which the secret's resource policy
     * must name for the role's reads not to be denied.
     * @default none (a Parameter Store parameter has no resource policy)
     */
    readonly roleArn?: pulumi.Input<string>;
    /** The SSM parameter or Secrets Manager secret to read, as its store returned it. */
    readonly secret: StoredSecret;
}

/**
 * Lets an existing IAM role read exactly one stored value: an inline role policy with `ssm:GetParameter` on the
 * parameter's own ARN (checked against the name ESO reads), or `secretsmanager:GetSecretValue` on the secret's
 * complete ARN (and the role added to the secret's resource policy as a reader); plus `kms:Decrypt` on its
 * customer-managed key, through the service only, when it has one.
 */
export function grantAwsRead(name: string, args: GrantAwsReadArgs, opts?: pulumi.CustomResourceOptions): RolePolicy {
    requireCloud("grantAwsRead.secret", args?.secret, CloudProvider.Aws);
    const role = requireInputMatch("grantAwsRead.roleName", args.roleName, {
        pattern: /^[\w+=,.@-]{1,64}$/,
        fix: "Use the role's name (1-64 of letters, digits and +=,.@_-), not its ARN.",
    });
    const secret = args.secret;
    if (secret.awsService === AwsSecretService.SecretsManager) {
        const roleArn = requireInputMatch("grantAwsRead.roleArn", args.roleArn, {
            pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
            fix: "A Secrets Manager secret's resource policy names its readers: pass the role's ARN (arn:aws:iam::<account>:role/<path><name>).",
        });
        if (!secret.resourcePolicy) {
            throw new SecretsInputError("grantAwsRead.secret.resourcePolicy", secret.resourcePolicy,
                "Pass the StoredSecret the Secrets Manager store returned (PlatformSecret.storedSecrets()); it carries the secret's resource policy.");
        }
        secret.resourcePolicy.allow(roleArn, SecretAccessLevel.Read);
        const policy = pulumi
            .all([secret.grantScope, secret.kmsKeyArn, secret.remoteKey])
            .apply(([secretArn, kmsKeyArn, remoteKey]) => JSON.stringify(secretReadPolicy(secretArn, kmsKeyArn, remoteKey)));
        return new RolePolicy(name, { role, policy }, opts);
    }
    const policy = pulumi
        .all([secret.grantScope, secret.kmsKeyArn, secret.remoteKey])
        .apply(([parameterArn, kmsKeyArn, parameterName]) => JSON.stringify(parameterReadPolicy(parameterArn, kmsKeyArn, parameterName)));
    return new RolePolicy(name, { role, policy }, opts);
}
