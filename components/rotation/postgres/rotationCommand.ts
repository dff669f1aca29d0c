/**
 * Environment variables the rotation entrypoint (`rotateCli`) reads; none is secret. Connection variables use libpq's
 * names. Secrets come on stdin (`PostgresRotationStdin`), never in the environment or argv: `ps e` and
 * `/proc/<pid>/environ` show a process's environment for its whole life, argv is visible to every user.
 */
export enum PostgresRotationEnv {
    /** `rotate` (step 1 of a rotation: give a login the new password) or `hand-off` (after the restart). */
    Action = "MLOPS_PG_ACTION",
    /** Server host name, or the directory of its unix socket. */
    Host = "PGHOST",
    /** Server port. Optional, default 5432. */
    Port = "PGPORT",
    /** The application's database (alternating users grant CONNECT on it and USAGE, CREATE on its schema). */
    Database = "PGDATABASE",
    /** Admin role that may change other roles' passwords (CREATEROLE, or the cloud's master user). */
    AdminUser = "PGUSER",
    /**
     * TLS: `verify-full` (default: encrypted, the server's certificate chain and host name checked), `verify-ca` (chain
     * only) or `disable` (no TLS: the admin login and the new verifier cross the network in clear). Not used for a
     * unix socket, which never leaves the machine.
     */
    SslMode = "PGSSLMODE",
    /** PEM text of the CA certificates that may sign the server's certificate. Optional: default Node's public CA list. */
    CaBundle = "MLOPS_PG_CA_BUNDLE",
    /** Seconds a statement may wait for a lock (`lock_timeout`). Optional, default 10. */
    LockTimeoutSeconds = "MLOPS_PG_LOCK_TIMEOUT_SECONDS",
    /** Seconds a statement may run (`statement_timeout`). Optional, default 30. */
    StatementTimeoutSeconds = "MLOPS_PG_STATEMENT_TIMEOUT_SECONDS",
    /** Seconds the whole command may take, connecting included. Optional, default 120. */
    TimeoutSeconds = "MLOPS_PG_TIMEOUT_SECONDS",
    /** `single-user` or `alternating-users` (values of `PostgresRotationStrategy`). */
    Strategy = "MLOPS_PG_ROTATION_STRATEGY",
    /** single-user: the login role. alternating-users: the owner role; logins are `<role>_a` and `<role>_b`. */
    Role = "MLOPS_PG_ROLE",
    /** alternating-users only: the application's schema. Optional, default `public`. */
    Schema = "MLOPS_PG_SCHEMA",
    /** The rotation id (the password's generation time): a re-run with the same id repeats that rotation, never a new one. */
    RotationId = "MLOPS_ROTATION_ID",
    /** hand-off: the `rotate` step's result line, naming the login the consumers now use and the previous one. */
    Rotation = "MLOPS_PG_ROTATION",
    /** hand-off: `true` to take the previous login's password away and end its sessions (breach response). */
    RevokePrevious = "MLOPS_PG_REVOKE_PREVIOUS",
}

/** What the entrypoint reads from stdin, as one JSON object: the secrets, which stay out of its environment and argv. */
export interface PostgresRotationStdin {
    /** rotate: the new password. */
    readonly newPassword?: string;
    /** The admin role's password; when absent, `PGPASSWORD` from the environment of `pulumi up` is used. */
    readonly adminPassword?: string;
}

/** The entrypoint's actions. */
export enum PostgresRotationAction {
    /** Give the new password to a login the consumer does not use (or, single-user, to the login), verify it, print the login. */
    Rotate = "rotate",
    /** Once the consumers run on the new login: record it, and with revokePrevious end the previous login's access. */
    HandOff = "hand-off",
}

/**
 * Absolute path of the entrypoint script: `rotateCli.js` in a built package (run it with `node`), `rotateCli.ts` when
 * running from sources (run it with `node --import tsx`). It prints one line of JSON, a `PostgresRotationResult`.
 */
export const postgresRotationEntrypoint: string = require.resolve("./rotateCli");
