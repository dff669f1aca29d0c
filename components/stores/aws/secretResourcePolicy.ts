/** Actions a reader named in a secret's resource policy may still be granted: reading the value, as ESO does. */
export const SECRET_VALUE_ACTIONS = ["secretsmanager:GetSecretValue"];

/**
 * Actions the resource policy leaves to identity policies for everyone: metadata only (what the console and
 * `aws secretsmanager describe-secret` show), never the value or a change.
 */
export const SECRET_METADATA_ACTIONS = ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy", "secretsmanager:ListSecretVersionIds"];

/** The principals a secret's resource policy does not deny. */
export interface SecretPolicyPrincipals {
    /** IAM role or user ARNs that may read the value (ESO's reader roles). */
    readonly readers: string[];
    /** IAM role or user ARNs that keep every right: the deployer, break-glass roles, a rotation function's role, the root user. */
    readonly managers: string[];
}

/**
 * The resource policy of a Secrets Manager secret: two Deny statements and no Allow, so it never grants anything
 * itself (access still needs an identity policy of the same account) but takes away what over-broad identity
 * policies elsewhere in the account would give (`secretsmanager:*` on `*`, AWS managed policies such as
 * SecretsManagerReadWrite):
 *
 * - reading the value is denied to every principal whose `aws:PrincipalArn` is neither a reader nor a manager;
 * - every other action but reading metadata (writing versions, moving staging labels, rotating, changing or deleting
 *   this policy, deleting the secret) is denied to every principal that is not a manager.
 *
 * `aws:PrincipalArn` is the role's ARN (path included) for an assumed-role session, so a reader's every session
 * matches and no other role's does; for the root user it is `arn:<partition>:iam::<account>:root`, which matches only
 * the root user (unlike that ARN as a `Principal`, which means the whole account). A request without the key (an
 * AWS service principal) matches `ArnNotEquals` and is denied too. Lists are sorted and de-duplicated, so the document
 * does not change with declaration order.
 */
export function secretResourcePolicy(principals: SecretPolicyPrincipals): object {
    const managers = [...new Set(principals.managers)].sort();
    const readersAndManagers = [...new Set([...principals.readers, ...managers])].sort();
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyValueToAllButReadersAndManagers",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: SECRET_VALUE_ACTIONS,
                Resource: "*",
                Condition: { ArnNotEquals: { "aws:PrincipalArn": readersAndManagers } },
            },
            {
                Sid: "DenyChangesToAllButManagers",
                Effect: "Deny",
                Principal: { AWS: "*" },
                NotAction: [...SECRET_VALUE_ACTIONS, ...SECRET_METADATA_ACTIONS],
                Resource: "*",
                Condition: { ArnNotEquals: { "aws:PrincipalArn": managers } },
            },
        ],
    };
}
