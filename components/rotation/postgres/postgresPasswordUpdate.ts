import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { SecretsInputError } from "../../validation/inputError";
import { requireIntegerInRange } from "../../validation/numbers";
import { ConsumerUpdater } from "../consumerUpdate";
import { assertRoleName } from "./roleName";
import { PostgresRotationAction, PostgresRotationEnv, type PostgresRotationStdin } from "./rotationCommand";
import { PostgresSslMode } from "./sslMode";
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
     * TLS of the rotation's connections. `Disable` is the explicit opt-out for a server without TLS: the admin's login
     * exchange and the new password's verifier then cross the network in clear. A unix socket host needs no TLS.
     * @default VerifyFull: encrypted, the certificate chain checked against `caBundlePem` and the name against `host`
     */
    readonly sslMode?: PostgresSslMode;
    /**
     * PEM text of the CA certificates that sign the server's certificate, e.g. the RDS global bundle, Cloud SQL's
     * server CA or Azure's DigiCert/Microsoft roots.
     * @default Node's list of public CAs (which managed databases' private CAs are not in)
     */
    readonly caBundlePem?: pulumi.Input<string>;
    /**
     * How long a statement may wait for a lock (e.g. a DBA's open transaction on the role), in seconds.
     * @default 10
     */
    readonly lockTimeoutSeconds?: number;
    /**
     * How long a statement may run, in seconds.
     * @default 30
     */
    readonly statementTimeoutSeconds?: number;
    /**
     * How long each rotation command may take in all, connecting included, in seconds; then it fails and changes nothing.
     * @default 120
     */
    readonly timeoutSeconds?: number;
    /**
     * How the login's password is rotated.
     * @default AlternatingUsers: logins `<role>_a` / `<role>_b` take turns, so reconnects never fail
     */
    readonly rotationStrategy?: PostgresRotationStrategy;
}

/** The JSON document the store keeps for a PostgreSQL login. */
export enum StoredDocument {
    /** `{"username","password"}`. */
    Credentials = "credentials",
    /**
     * `{"engine","host","port","username","password","dbname","ssl"}`: the document AWS Secrets Manager's database
     * rotation functions read and write, so that AWS's own rotation can take over the same secret.
     */
    AwsDatabaseSecret = "aws-database-secret",
}

/** The rotation entrypoint, resolved from the Pulumi project's own node_modules (or this package, by self-reference). */
const RUN_ROTATION = `node -e "require('@mlops-platform/secrets/rotation/postgres-cli')"`;

/**
 * Checks the server settings before any resource exists and returns the consumer update that sets a new password on
 * `role` (single-user) or on the login of `role` no consumer uses (alternating users), with a SCRAM verifier computed
 * on the deployer's machine: the plaintext never reaches the server. Its result, the pair {"username","password"}
 * the server accepted, is what the store gets. After the restart a hand-off step records the login the consumers run
 * on, and with `revokePrevious` takes the previous login's password away and ends its sessions.
 */
export function postgresPasswordUpdater(
    argPrefix: string, server: PostgresServerArgs, role: string, revokePrevious = false, document = StoredDocument.Credentials,
): ConsumerUpdater {
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
    const sslMode = server.sslMode ?? PostgresSslMode.VerifyFull;
    if (!Object.values(PostgresSslMode).includes(sslMode)) {
        throw new SecretsInputError(`${argPrefix}.sslMode`, sslMode,
            `Use one of: ${Object.values(PostgresSslMode).join(", ")} (PostgresSslMode); "disable" only for a server without TLS on a network you trust.`);
    }
    const seconds = (name: string, value: number | undefined, fallback: number, what: string) =>
        String(requireIntegerInRange(`${argPrefix}.${name}`, value ?? fallback, 1, 3600, what));
    const strategy = server.rotationStrategy ?? PostgresRotationStrategy.AlternatingUsers;
    if (!Object.values(PostgresRotationStrategy).includes(strategy)) {
        throw new SecretsInputError(`${argPrefix}.rotationStrategy`, strategy, `Use one of: ${Object.values(PostgresRotationStrategy).join(", ")}.`);
    }
    const alternating = strategy === PostgresRotationStrategy.AlternatingUsers;
    assertRoleName("username", role, alternating ? 2 : 0);
    const connection: Record<string, pulumi.Input<string>> = {
        [PostgresRotationEnv.Host]: server.host,
        [PostgresRotationEnv.Port]: String(port),
        [PostgresRotationEnv.Database]: database,
        [PostgresRotationEnv.AdminUser]: adminUser,
        [PostgresRotationEnv.SslMode]: sslMode,
        ...(server.caBundlePem === undefined ? {} : { [PostgresRotationEnv.CaBundle]: server.caBundlePem }),
        [PostgresRotationEnv.LockTimeoutSeconds]: seconds("lockTimeoutSeconds", server.lockTimeoutSeconds, 10, "It bounds a statement's wait for a lock."),
        [PostgresRotationEnv.StatementTimeoutSeconds]: seconds("statementTimeoutSeconds", server.statementTimeoutSeconds, 30, "It bounds one statement."),
        [PostgresRotationEnv.TimeoutSeconds]: seconds("timeoutSeconds", server.timeoutSeconds, 120, "It bounds each rotation command."),
        [PostgresRotationEnv.Strategy]: strategy,
        [PostgresRotationEnv.Role]: role,
    };
    // Secrets go on stdin: unlike the environment, a pipe is read once and then gone from the process.
    const stdin = (secrets: Record<keyof PostgresRotationStdin, pulumi.Input<string> | undefined>): pulumi.Output<string> | undefined => {
        const present = Object.entries(secrets).filter(([, v]) => v !== undefined) as Array<[string, pulumi.Input<string>]>;
        return present.length === 0 ? undefined : pulumi.secret(pulumi.all(present.map(([, v]) => v)).apply((values) =>
            JSON.stringify(Object.fromEntries(present.map(([k], i) => [k, values[i]])))));
    };

    return (context) => {
        const rotation = new command.local.Command(`${context.name}-postgres`, {
            create: RUN_ROTATION,
            update: RUN_ROTATION,
            environment: { ...connection, [PostgresRotationEnv.Action]: PostgresRotationAction.Rotate, [PostgresRotationEnv.RotationId]: context.rotatedAt },
            stdin: stdin({ newPassword: context.password, adminPassword: server.adminPassword }),
            // The previous result names the login the store holds (alternating users). It prints nothing secret;
            // logging stays off all the same.
            addPreviousOutputInEnv: true,
            logging: command.local.Logging.None,
        }, { parent: context.parent });
        // Known only once the server accepts the new password: the store, and so ESO, never sees a pair before that.
        const storedValue = pulumi.secret(pulumi.all([rotation.stdout, context.password]).apply(([stdout, password]) => {
            const username = JSON.parse(stdout).activeUser as string;
            return JSON.stringify(document === StoredDocument.AwsDatabaseSecret
                // The fields AWS's PostgreSQL rotation functions read and write (engine, host, username, password required;
                // dbname and port optional): aws-samples/aws-secrets-manager-rotation-lambdas
                // SecretsManagerRDSPostgreSQLRotationMultiUser/lambda_function.py. The port stays a JSON number.
                // `ssl` follows sslMode: a boolean makes the function use TLS (or not) with no plaintext fallback
                // (lambda_function.py get_ssl_config: no key = try TLS, then fall back to plaintext).
                ? { engine: "postgres", host: server.host, port, username, password, dbname: database, ssl: sslMode !== PostgresSslMode.Disable }
                : { username, password });
        }));
        const afterRestart = alternating || revokePrevious
            ? (restarted: pulumi.Resource[]) => {
                new command.local.Command(`${context.name}-postgres-handoff`, {
                    create: RUN_ROTATION,
                    update: RUN_ROTATION,
                    environment: {
                        ...connection,
                        [PostgresRotationEnv.Action]: PostgresRotationAction.HandOff,
                        [PostgresRotationEnv.RotationId]: context.rotatedAt,
                        [PostgresRotationEnv.Rotation]: rotation.stdout,
                        [PostgresRotationEnv.RevokePrevious]: String(revokePrevious),
                    },
                    stdin: stdin({ newPassword: undefined, adminPassword: server.adminPassword }),
                    addPreviousOutputInEnv: false,
                    logging: command.local.Logging.None,
                }, { parent: context.parent, dependsOn: [rotation, ...restarted] });
            }
            : undefined;
        return { steps: [rotation], storedValue, afterRestart };
    };
}
