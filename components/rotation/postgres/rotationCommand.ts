/**
 * Environment variables the rotation entrypoint (`rotateCli`) reads. Connection variables use libpq's names, so the
 * same environment also works for `psql`. Nothing is read from argv: argv is visible to every user of the machine.
 */
export enum PostgresRotationEnv {
    /** Server host name, or the directory of its unix socket. */
    Host = "PGHOST",
    /** Server port. Optional, default 5432. */
    Port = "PGPORT",
    /** The application's database (alternating users grant CONNECT on it and USAGE, CREATE on its schema). */
    Database = "PGDATABASE",
    /** Admin role that may change other roles' passwords (CREATEROLE, or the cloud's master user). */
    AdminUser = "PGUSER",
    /** Admin password. Secret. */
    AdminPassword = "PGPASSWORD",
    /** TLS mode as node-postgres reads it (`disable`, `require`, `verify-full`, `no-verify`). Optional. */
    SslMode = "PGSSLMODE",
    /** `single-user` or `alternating-users` (values of `PostgresRotationStrategy`). */
    Strategy = "MLOPS_PG_ROTATION_STRATEGY",
    /** single-user: the login role. alternating-users: the owner role; logins are `<role>_a` and `<role>_b`. */
    Role = "MLOPS_PG_ROLE",
    /** alternating-users only: the login the consumer's Secret holds now. Optional: empty before the first rotation. */
    CurrentUser = "MLOPS_PG_CURRENT_USER",
    /** alternating-users only: the application's schema. Optional, default `public`. */
    Schema = "MLOPS_PG_SCHEMA",
    /** The new password. Secret. */
    NewPassword = "MLOPS_PG_NEW_PASSWORD",
}

/** The variables whose values are secret: wrap them in `pulumi.secret` and keep the command's logging off for them. */
export const postgresRotationSecretEnv: readonly PostgresRotationEnv[] = [
    PostgresRotationEnv.AdminPassword,
    PostgresRotationEnv.NewPassword,
];

/**
 * Absolute path of the entrypoint script: `rotateCli.js` in a built package (run it with `node`), `rotateCli.ts` when
 * running from sources (run it with `node --import tsx`). It prints one line of JSON, a `PostgresRotationResult`.
 */
export const postgresRotationEntrypoint: string = require.resolve("./rotateCli");
