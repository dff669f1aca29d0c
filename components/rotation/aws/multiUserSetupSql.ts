import { escapeIdentifier, escapeLiteral } from "pg";
import { assertRoleName } from "../postgres/roleName";

/** AWS's multi-user rotation function alternates between the secret's user and this name (`get_alt_username`). */
export const AWS_CLONE_SUFFIX = "_clone";

/** Inputs of the one-time database setup before AWS's multi-user rotation takes over a login. */
export interface AwsMultiUserSetupSqlArgs {
    /** The login in the secret's first version; it owns the application's objects. */
    readonly username: string;
    /** The application's database; the login gets CONNECT on it. */
    readonly database: string;
    /**
     * Schema the application creates its objects in; the login gets USAGE and CREATE on it.
     * @default "public"
     */
    readonly schema?: string;
    /**
     * Which of the two roles already exist (names from `pg_roles`); only the missing ones are created.
     * @default [] — both are created
     */
    readonly existingRoles?: readonly string[];
}

/** `<username>_clone`, the second login AWS's function creates on its first rotation; refused when it would exceed 63 bytes. */
export function awsCloneUsername(username: string): string {
    assertRoleName("username", username, AWS_CLONE_SUFFIX.length);
    return `${username}${AWS_CLONE_SUFFIX}`;
}

/**
 * The setup AWS's function leaves out. On its first rotation the function runs `CREATE ROLE <u>_clone WITH LOGIN PASSWORD …`
 * and `GRANT <u> TO <u>_clone` (aws-samples/aws-secrets-manager-rotation-lambdas,
 * SecretsManagerRDSPostgreSQLRotationMultiUser/lambda_function.py, `set_secret`): the clone can then use `<u>`'s objects,
 * but what it creates (e.g. MLflow's migrations while it is current) is owned by the clone, and `<u>` cannot read it once
 * the next rotation makes `<u>` current again. Creating the clone beforehand with `ALTER ROLE <u>_clone SET role = <u>`
 * makes every session of the clone act as `<u>`, so all objects stay owned by `<u>`; the function then finds the role and
 * only sets its password (`ALTER USER … WITH PASSWORD`). Run it as an admin with CREATEROLE (the RDS master user).
 * The first login's password is not part of it: set it from the secret's first version (see the docs).
 */
export function awsMultiUserSetupSql(args: AwsMultiUserSetupSqlArgs): string[] {
    const clone = awsCloneUsername(args.username);
    assertRoleName("database", args.database);
    const existing = new Set(args.existingRoles ?? []);
    const owner = escapeIdentifier(args.username);
    const statements: string[] = [];
    if (!existing.has(args.username)) {
        statements.push(`CREATE ROLE ${owner} LOGIN`);
    }
    if (!existing.has(clone)) {
        // No password: nobody can log in as the clone until the function's first rotation sets one.
        statements.push(`CREATE ROLE ${escapeIdentifier(clone)} LOGIN`);
    }
    statements.push(
        `GRANT ${owner} TO ${escapeIdentifier(clone)}`,
        `ALTER ROLE ${escapeIdentifier(clone)} SET role = ${escapeLiteral(args.username)}`,
        `GRANT CONNECT ON DATABASE ${escapeIdentifier(args.database)} TO ${owner}`,
        `GRANT USAGE, CREATE ON SCHEMA ${escapeIdentifier(args.schema ?? "public")} TO ${owner}`,
    );
    return statements;
}
