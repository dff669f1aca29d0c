import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { SecretsInputError } from "../../validation/inputError";
import { requireIntegerInRange } from "../../validation/numbers";
import { ConsumerUpdater } from "../consumerUpdate";
import { assertRoleName } from "./roleName";
import { PostgresRotationEnv } from "./rotationCommand";
import { PostgresRotationStrategy } from "./strategy";

/** The PostgreSQL server whose login a rotation updates, as reached from the machine that runs `pulumi up`. */
export interface PostgresServerArgs {
    /** Host name (or unix socket directory) of the server. */
    readonly host: string;
    /**
     * Port of the server.
     * @default 5432
     */
    readonly port?: number;
    /**
     * The application's database.
     * @default "mlflow"
     */
    readonly database?: string;
    /**
     * Role that may change other roles' passwords (CREATEROLE, or the cloud's master user).
     * @default "postgres"
     */
    readonly adminUser?: string;
    /**
     * The admin role's password, as a secret Output (`pulumi.secret(...)`, `config.requireSecret(...)` or a database
     * resource's password output). A plain string is refused: it would be stored unencrypted.
     * @default read from `PGPASSWORD` in the environment of `pulumi up`
     */
    readonly adminPassword?: pulumi.Input<string>;
    /**
     * TLS mode (`disable`, `require`, `verify-full`, `no-verify`).
     * @default node-postgres' default (no TLS unless the server requires it)
     */
    readonly sslMode?: string;
    /**
     * How the login's password is rotated.
     * @default AlternatingUsers: logins `<role>_a` / `<role>_b` take turns, so reconnects never fail
     */
    readonly rotationStrategy?: PostgresRotationStrategy;
}

const SSL_MODES = ["disable", "require", "verify-ca", "verify-full", "no-verify", "prefer", "allow"];

/** The rotation entrypoint, resolved from the Pulumi project's own node_modules (or this package, by self-reference). */
const RUN_ROTATION = `node -e "require('@mlops-platform/secrets/rotation/postgres-cli')"`;

/**
 * Checks the server settings before any resource exists and returns the consumer update that sets a new password on
 * `role` (single-user) or on the inactive login of `role` (alternating users), with a SCRAM verifier computed on the
 * deployer's machine: the plaintext never reaches the server. Under alternating users the update also decides the
 * Secret's `{{ .username }}`: the login that now holds the new password.
 */
export function postgresPasswordUpdater(argPrefix: string, server: PostgresServerArgs, role: string): ConsumerUpdater {
    if (!server || typeof server.host !== "string" || server.host.trim() === "" || /\s/.test(server.host)) {
        throw new SecretsInputError(`${argPrefix}.host`, server?.host, "Give the PostgreSQL server's host name as reached from where `pulumi up` runs.");
    }
    const port = requireIntegerInRange(`${argPrefix}.port`, server.port ?? 5432, 1, 65535, "It is the server's TCP port.");
    const database = server.database ?? "mlflow";
    assertRoleName(`${argPrefix}.database`, database);
    const adminUser = server.adminUser ?? "postgres";
    assertRoleName(`${argPrefix}.adminUser`, adminUser);
    if (typeof server.adminPassword === "string") {
        // Never echo the value: it is a password.
        throw new SecretsInputError(`${argPrefix}.adminPassword`, "(a plain string, not shown)",
            "Pass it as a secret Output: pulumi.secret(...), config.requireSecret(...) or a database resource's password; or leave it out and set PGPASSWORD where `pulumi up` runs.");
    }
    if (server.sslMode !== undefined && !SSL_MODES.includes(server.sslMode)) {
        throw new SecretsInputError(`${argPrefix}.sslMode`, server.sslMode, `Use one of: ${SSL_MODES.join(", ")}.`);
    }
    const strategy = server.rotationStrategy ?? PostgresRotationStrategy.AlternatingUsers;
    if (!Object.values(PostgresRotationStrategy).includes(strategy)) {
        throw new SecretsInputError(`${argPrefix}.rotationStrategy`, strategy, `Use one of: ${Object.values(PostgresRotationStrategy).join(", ")}.`);
    }
    assertRoleName("username", role, strategy === PostgresRotationStrategy.AlternatingUsers ? 2 : 0);

    return (context) => {
        const environment: Record<string, pulumi.Input<string>> = {
            [PostgresRotationEnv.Host]: server.host,
            [PostgresRotationEnv.Port]: String(port),
            [PostgresRotationEnv.Database]: database,
            [PostgresRotationEnv.AdminUser]: adminUser,
            [PostgresRotationEnv.Strategy]: strategy,
            [PostgresRotationEnv.Role]: role,
            [PostgresRotationEnv.NewPassword]: pulumi.secret(context.password),
            ...(server.adminPassword === undefined ? {} : { [PostgresRotationEnv.AdminPassword]: pulumi.secret(server.adminPassword) }),
            ...(server.sslMode === undefined ? {} : { [PostgresRotationEnv.SslMode]: server.sslMode }),
        };
        const rotation = new command.local.Command(`${context.name}-postgres`, {
            create: RUN_ROTATION,
            update: RUN_ROTATION,
            environment,
            // The previous result names the login in use (alternating users); the entrypoint prints nothing secret.
            addPreviousOutputInEnv: true,
            logging: command.local.Logging.None,
        }, { parent: context.parent });
        // Known only once the server accepts the new password: the store, and so ESO, never sees a pair before that.
        const storedValue = pulumi.secret(pulumi.all([rotation.stdout, context.password]).apply(([stdout, password]) =>
            JSON.stringify({ username: JSON.parse(stdout).activeUser as string, password })));
        return { steps: [rotation], storedValue };
    };
}
