import { SecretsInputError } from "../../validation/inputError";
import { assertScramPassword } from "./scramVerifier";
import { assertRoleName } from "./roleName";
import { PostgresRotationAction, PostgresRotationEnv, type PostgresRotationStdin } from "./rotationCommand";
import { PostgresSslMode } from "./sslMode";
import { PostgresRotationStrategy } from "./strategy";

/** How to reach the server, read and checked before any connection is made. */
export interface PostgresConnectionSettings {
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly adminUser: string;
    readonly adminPassword: string;
    readonly sslMode: PostgresSslMode;
    /** PEM text of the CAs that may sign the server's certificate; Node's public CA list when absent. */
    readonly caBundle?: string;
    readonly lockTimeoutSeconds: number;
    readonly statementTimeoutSeconds: number;
    readonly timeoutSeconds: number;
}

/** What the `rotate` action prints (one line of JSON, nothing secret) and the `hand-off` action reads back. */
export interface PostgresRotationResult {
    readonly strategy: PostgresRotationStrategy;
    /** The login that holds the new password: the username stored with it. */
    readonly activeUser: string;
    /** alternating-users: the login the consumer used before, valid until the next rotation (or the breach hand-off). */
    readonly previousUser?: string;
    /** The rotation id this result belongs to. */
    readonly rotationId: string;
    /** When the password changed, by the server's clock (ISO 8601). */
    readonly changedAt?: string;
}

/** Everything one run needs. */
export interface PostgresRotationRequest extends PostgresConnectionSettings {
    readonly action: PostgresRotationAction;
    readonly strategy: PostgresRotationStrategy;
    /** single-user: the login role; alternating-users: the owner role. */
    readonly role: string;
    /** alternating-users only; see `PostgresRotationEnv.Schema`. */
    readonly schema?: string;
    readonly rotationId: string;
    /** rotate only. */
    readonly newPassword?: string;
    /** rotate: this step's previous result (`PULUMI_COMMAND_STDOUT`), the login the store holds; absent on the first run. */
    readonly previousResult?: PostgresRotationResult;
    /** hand-off: the rotate step's result. */
    readonly rotation?: PostgresRotationResult;
    readonly revokePrevious: boolean;
}

const STRATEGIES = Object.values(PostgresRotationStrategy) as string[];
const SSL_MODES = Object.values(PostgresSslMode) as string[];
const ACTIONS = Object.values(PostgresRotationAction) as string[];

/**
 * Reads a request from the environment (see `PostgresRotationEnv`) and the JSON on stdin (`PostgresRotationStdin`);
 * throws `SecretsInputError` on bad input, never showing a secret.
 */
export function readPostgresRotationRequest(env: NodeJS.ProcessEnv, stdinText: string): PostgresRotationRequest {
    const value = (name: string): string | undefined => (env[name] === "" ? undefined : env[name]);
    const required = (name: PostgresRotationEnv, example: string): string => {
        const found = value(name);
        if (found === undefined) {
            throw new SecretsInputError(name, undefined, `Set ${name}, e.g. ${example}.`);
        }
        return found;
    };
    const oneOf = (name: PostgresRotationEnv, allowed: string[], fallback?: string): string => {
        const found = value(name) ?? fallback;
        if (found === undefined || !allowed.includes(found)) {
            throw new SecretsInputError(name, found, `Set it to one of: ${allowed.join(", ")}.`);
        }
        return found;
    };
    const seconds = (name: PostgresRotationEnv, fallback: number): number => {
        const text = value(name) ?? String(fallback);
        const n = Number(text);
        if (!Number.isInteger(n) || n < 1 || n > 3600) {
            throw new SecretsInputError(name, text, `Use whole seconds from 1 to 3600, or leave it unset for ${fallback}.`);
        }
        return n;
    };

    let stdin: PostgresRotationStdin = {};
    if (stdinText.trim() !== "") {
        try {
            stdin = JSON.parse(stdinText) as PostgresRotationStdin;
        } catch {
            // Never echo it: it holds passwords.
            throw new SecretsInputError("stdin", "(not shown)", "Pass one JSON object {\"newPassword\", \"adminPassword\"} on stdin.");
        }
    }
    const action = oneOf(PostgresRotationEnv.Action, ACTIONS, PostgresRotationAction.Rotate) as PostgresRotationAction;
    const strategy = oneOf(PostgresRotationEnv.Strategy, STRATEGIES) as PostgresRotationStrategy;
    const portText = value(PostgresRotationEnv.Port) ?? "5432";
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new SecretsInputError(PostgresRotationEnv.Port, portText, "Use a TCP port number from 1 to 65535, or leave it unset for 5432.");
    }
    const alternating = strategy === PostgresRotationStrategy.AlternatingUsers;
    const role = value(PostgresRotationEnv.Role);
    assertRoleName(PostgresRotationEnv.Role, role, alternating ? 2 : 0);
    const schema = value(PostgresRotationEnv.Schema);
    if (!alternating && schema !== undefined) {
        throw new SecretsInputError(PostgresRotationEnv.Schema, schema, `Unset it: it applies only to ${PostgresRotationStrategy.AlternatingUsers}.`);
    }
    const adminPassword = stdin.adminPassword || env.PGPASSWORD;
    if (!adminPassword) {
        throw new SecretsInputError("adminPassword", undefined,
            "Pass the admin role's password (database.adminPassword as a secret), or set PGPASSWORD where `pulumi up` runs.");
    }
    const rotate = action === PostgresRotationAction.Rotate;
    if (rotate) {
        assertScramPassword("newPassword", stdin.newPassword);
    }
    const rotation = rotate ? undefined : parseResult(value(PostgresRotationEnv.Rotation));
    if (!rotate && rotation === undefined) {
        throw new SecretsInputError(PostgresRotationEnv.Rotation, value(PostgresRotationEnv.Rotation), "Pass the rotate step's result line.");
    }
    return {
        action,
        host: required(PostgresRotationEnv.Host, "mlflow-db.example.internal"),
        port,
        database: required(PostgresRotationEnv.Database, "mlflow"),
        adminUser: required(PostgresRotationEnv.AdminUser, "postgres"),
        adminPassword,
        sslMode: oneOf(PostgresRotationEnv.SslMode, SSL_MODES, PostgresSslMode.VerifyFull) as PostgresSslMode,
        caBundle: value(PostgresRotationEnv.CaBundle),
        lockTimeoutSeconds: seconds(PostgresRotationEnv.LockTimeoutSeconds, 10),
        statementTimeoutSeconds: seconds(PostgresRotationEnv.StatementTimeoutSeconds, 30),
        timeoutSeconds: seconds(PostgresRotationEnv.TimeoutSeconds, 120),
        strategy,
        role,
        schema,
        rotationId: required(PostgresRotationEnv.RotationId, "2026-11-30T10:00:00Z"),
        newPassword: stdin.newPassword,
        // On an update, @pulumi/command passes this step's previous stdout: our own result line.
        previousResult: rotate ? parseResult(env.PULUMI_COMMAND_STDOUT) : undefined,
        rotation,
        revokePrevious: value(PostgresRotationEnv.RevokePrevious) === "true",
    };
}

/** Our own result line, or undefined for anything else (first run, foreign output). */
export function parseResult(text: string | undefined): PostgresRotationResult | undefined {
    try {
        const parsed = JSON.parse(text ?? "");
        return typeof parsed?.activeUser === "string" && parsed.activeUser !== "" ? (parsed as PostgresRotationResult) : undefined;
    } catch {
        return undefined;
    }
}
