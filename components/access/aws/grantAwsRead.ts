import * as pulumi from "@pulumi/pulumi";
import { RolePolicy } from "@pulumi/aws/iam";
import { CloudProvider, StoredSecret } from "../../stores/storedSecret";
import { requireCloud } from "../grants";
import { requireInputMatch } from "../../validation/rules";
import { parameterReadPolicy } from "./awsPolicies";

export interface GrantAwsReadArgs {
    /** The name (not the ARN) of an existing IAM role, e.g. one made by another stack or by AwsNamespaceAccess. */
    readonly roleName: pulumi.Input<string>;
    /** The SSM parameter to read, as its store returned it. */
    readonly secret: StoredSecret;
}

/**
 * Lets an existing IAM role read exactly one stored SSM parameter: an inline role policy with `ssm:GetParameter` on
 * the parameter's own ARN (checked against the name ESO reads), and `kms:Decrypt` on its customer-managed key when it
 * has one.
 */
export function grantAwsRead(name: string, args: GrantAwsReadArgs, opts?: pulumi.CustomResourceOptions): RolePolicy {
    requireCloud("grantAwsRead.secret", args?.secret, CloudProvider.Aws);
    const role = requireInputMatch("grantAwsRead.roleName", args.roleName, {
        pattern: /^[\w+=,.@-]{1,64}$/,
        fix: "Use the role's name (1-64 of letters, digits and +=,.@_-), not its ARN.",
    });
    const policy = pulumi
        .all([args.secret.grantScope, args.secret.kmsKeyArn, args.secret.remoteKey])
        .apply(([parameterArn, kmsKeyArn, parameterName]) => JSON.stringify(parameterReadPolicy(parameterArn, kmsKeyArn, parameterName)));
    return new RolePolicy(name, { role, policy }, opts);
}
