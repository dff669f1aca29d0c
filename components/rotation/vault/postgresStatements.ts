import { SecretsInputError } from "../../validation/inputError";

/**
 * The statements Vault's PostgreSQL plugin runs for the MLflow role. Vault fills `{{name}}`, `{{username}}`, `{{password}}`
 * and `{{expiration}}` by plain text replacement (hashicorp/vault `sdk/helper/dbtxn/dbtxn.go` `parseQuery`), splits each
 * entry on every `;` (go-secure-stdlib `strutil.ParseArbitraryStringSlice`, quotes not considered) and runs all of one
 * operation in ONE transaction (`plugins/database/postgresql/postgresql.go` `NewUser`, `customDeleteUser`,
 * `changeUserPassword`). So no statement below holds a `;` or the word END inside it, and none relies on running alone.
 * With `password_authentication = "scram-sha-256"` `{{password}}` is replaced by a SCRAM verifier, never the password.
 */
export interface DynamicRoleStatements {
    /** `creation_statements`: a login with the owner's rights, acting AS the owner so whatever it creates is the owner's. */
    readonly creation: string[];
    /** `revocation_statements`: ends the login's sessions, hands anything it still owns to the owner, drops it. */
    readonly revocation: string[];
    /** `root_rotation_statements` of the connection: a new password for Vault's own login. */
    readonly rootRotation: string[];
}

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

/** Checks a role or database name that is written into SQL unquoted-safe (lowercase, digits, `_`). */
export function requirePlainIdentifier(argument: string, value: string | undefined): string {
    if (typeof value !== "string" || !ROLE.test(value) || value.startsWith("pg_")) {
        throw new SecretsInputError(argument, value,
            "Use a PostgreSQL name of at most 63 lowercase letters, digits or '_', starting with a letter or '_' and not with \"pg_\" (e.g. \"mlflow\").");
    }
    return value;
}

/**
 * Statements for logins that work as `ownerRole` (MLflow's owner role, which owns the database and its tables).
 *
 * - `IN ROLE <owner>` gives the login the owner's rights on every table, whoever created it; `ALTER ROLE … SET role`
 *   makes each session of the login run AS the owner, so tables MLflow's migrations create belong to the owner, not
 *   to a login that will be dropped at lease end. No SUPERUSER, CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS.
 * - `VALID UNTIL '{{expiration}}'` (the lease's end) refuses new logins after it; sessions already open are not
 *   affected by it (PostgreSQL checks it only at authentication) — the revocation ends them.
 * - Revocation first makes Vault's login a member of the dynamic login (it created it, so it may), which lets it end the
 *   login's sessions (`pg_terminate_backend`, waiting up to 5 s for each to exit) and take over what the login owns:
 *   `REASSIGN OWNED` hands anything created outside the owner role (e.g. after `RESET ROLE`) to the owner, so no MLflow
 *   data is dropped, `DROP OWNED` removes grants made to the login, then the login is dropped.
 */
export function dynamicRoleStatements(ownerRole: string): DynamicRoleStatements {
    const owner = requirePlainIdentifier("ownerRole", ownerRole);
    return {
        creation: [
            `CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}' ` +
                `NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT IN ROLE "${owner}"`,
            `ALTER ROLE "{{name}}" SET role = '${owner}'`,
        ],
        revocation: [
            `GRANT "{{name}}" TO CURRENT_USER`,
            `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE usename = '{{name}}'`,
            `REASSIGN OWNED BY "{{name}}" TO "${owner}"`,
            `DROP OWNED BY "{{name}}"`,
            `DROP ROLE IF EXISTS "{{name}}"`,
        ],
        rootRotation: [`ALTER ROLE "{{username}}" WITH PASSWORD '{{password}}'`],
    };
}

/**
 * What a DBA runs once, as a superuser or the cloud's master user, before Vault gets the connection: Vault's own login
 * (no superuser: CREATEROLE to make and drop the dynamic logins, and the owner role WITH ADMIN OPTION so it may put
 * them in it — PostgreSQL 16+ requires that; it also gives it the owner's rights `REASSIGN OWNED` needs). Its password
 * is set separately (e.g. psql `\password`), then given to Vault once and rotated by Vault right after.
 */
export function vaultRootSetupStatements(rootUser: string, ownerRole: string, database: string): string[] {
    const root = requirePlainIdentifier("rootUsername", rootUser);
    const owner = requirePlainIdentifier("ownerRole", ownerRole);
    const db = requirePlainIdentifier("database", database);
    if (root === owner) {
        throw new SecretsInputError("rootUsername", rootUser,
            "Give Vault its own login, not the owner role: Vault rotates its password so that no one knows it.");
    }
    return [
        `CREATE ROLE "${root}" WITH LOGIN CREATEROLE NOSUPERUSER NOCREATEDB NOREPLICATION NOBYPASSRLS`,
        `GRANT "${owner}" TO "${root}" WITH ADMIN OPTION`,
        `GRANT CONNECT ON DATABASE "${db}" TO "${root}"`,
    ];
}
