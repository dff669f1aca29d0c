import { SecretsInputError } from "../../validation/inputError";
import { nextAlternatingLogin } from "./alternatingUsersSql";
import { assertScramPassword } from "./scramVerifier";
import { assertRoleName } from "./roleName";
import { PostgresRotationEnv } from "./rotationCommand";
import { PostgresRotationStrategy } from "./strategy";

/** Everything one rotation needs, read and checked from the environment before any connection is made. */
export interface PostgresRotationRequest {
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly adminUser: string;
    readonly adminPassword: string;
    readonly strategy: PostgresRotationStrategy;
    /** single-user: the login role; alternating-users: the owner role. */
    readonly role: string;
    /** alternating-users only; see `PostgresRotationEnv.CurrentUser`. Checked against the role's logins. */
    readonly currentUser?: string;
    /** alternating-users only; see `PostgresRotationEnv.Schema`. */
    readonly schema?: string;
    readonly newPassword: string;
}

/** Reads a rotation request from environment variables (see `PostgresRotationEnv`); throws `SecretsInputError` on bad input. */
export function readPostgresRotationRequest(env: NodeJS.ProcessEnv): PostgresRotationRequest {
    const value = (name: PostgresRotationEnv): string | undefined => (env[name] === "" ? undefined : env[name]);
    const required = (name: PostgresRotationEnv, example: string): string => {
        const found = value(name);
        if (found === undefined) {
            throw new SecretsInputError(name, undefined, `Set ${name}, e.g. ${example}.`);
        }
        return found;
    };

    const strategies = Object.values(PostgresRotationStrategy) as string[];
    const strategy = value(PostgresRotationEnv.Strategy);
    if (strategy === undefined || !strategies.includes(strategy)) {
        throw new SecretsInputError(PostgresRotationEnv.Strategy, strategy, `Set it to one of: ${strategies.join(", ")}.`);
    }
    const portText = value(PostgresRotationEnv.Port) ?? "5432";
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
        throw new SecretsInputError(PostgresRotationEnv.Port, portText, "Use a TCP port number from 1 to 65535, or leave it unset for 5432.");
    }
    const alternating = strategy === PostgresRotationStrategy.AlternatingUsers;
    const role = value(PostgresRotationEnv.Role);
    assertRoleName(PostgresRotationEnv.Role, role, alternating ? 2 : 0);
    const currentUser = value(PostgresRotationEnv.CurrentUser) ?? previousActiveUser(env.PULUMI_COMMAND_STDOUT);
    const schema = value(PostgresRotationEnv.Schema);
    if (alternating) {
        // Checked here, not only in the SQL builder, so the error names the variable and comes before connecting.
        nextAlternatingLogin(PostgresRotationEnv.CurrentUser, role, currentUser);
    } else {
        for (const [name, given] of [[PostgresRotationEnv.CurrentUser, currentUser], [PostgresRotationEnv.Schema, schema]] as const) {
            if (given !== undefined) {
                throw new SecretsInputError(name, given, `Unset it: it applies only to ${PostgresRotationStrategy.AlternatingUsers}.`);
            }
        }
    }
    const adminPassword = env[PostgresRotationEnv.AdminPassword];
    if (!adminPassword) {
        throw new SecretsInputError(PostgresRotationEnv.AdminPassword, undefined, "Set it to the admin role's password (as a secret).");
    }
    const newPassword = env[PostgresRotationEnv.NewPassword];
    assertScramPassword(PostgresRotationEnv.NewPassword, newPassword);

    return {
        host: required(PostgresRotationEnv.Host, "mlflow-db.example.internal"),
        port,
        database: required(PostgresRotationEnv.Database, "mlflow"),
        adminUser: required(PostgresRotationEnv.AdminUser, "postgres"),
        adminPassword,
        strategy: strategy as PostgresRotationStrategy,
        role,
        currentUser,
        schema,
        newPassword,
    };
}

/**
 * On an update, `@pulumi/command` passes the previous run's stdout as PULUMI_COMMAND_STDOUT: our own result line, which
 * names the login the consumer's Secret holds now. Anything else (first run, foreign output) names none.
 */
function previousActiveUser(previousStdout: string | undefined): string | undefined {
    try {
        const activeUser = JSON.parse(previousStdout ?? "").activeUser;
        return typeof activeUser === "string" && activeUser !== "" ? activeUser : undefined;
    } catch {
        return undefined;
    }
}
