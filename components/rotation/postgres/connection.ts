import type { ClientConfig } from "pg";
import type { PostgresConnectionSettings } from "./rotationRequest";
import { PostgresSslMode } from "./sslMode";

/** `host:port`, or the socket directory, for messages. */
export function serverAddress(settings: PostgresConnectionSettings): string {
    return settings.host.startsWith("/") ? `${settings.host} (unix socket, port ${settings.port})` : `${settings.host}:${settings.port}`;
}

/**
 * How long the server keeps a rotation's transaction open while its client sends nothing, in seconds. Between BEGIN and
 * COMMIT the command sends its statements back to back, so only a run that died (killed deployer, network cut behind a
 * proxy that keeps the server side open) idles that long; the server then ends the session and its locks with it. It is
 * below the default lockTimeoutSeconds (10), so the next run waits for such a leftover instead of failing on it.
 */
export const abandonedTransactionSeconds = 5;

/**
 * node-postgres settings for the admin connection, or for a login with `credential`: TLS as asked (a unix socket
 * never leaves the machine and gets none), bounded lock and statement waits, a bounded connect, and
 * a transaction the server ends if its client goes silent.
 * `ssl` is always given, so `PGSSLMODE` in the deployer's shell cannot lower it.
 */
export function postgresClientConfig(settings: PostgresConnectionSettings, credential?: { user: string; password: string }): ClientConfig {
    const tls = !settings.host.startsWith("/") && settings.sslMode !== PostgresSslMode.Disable;
    return {
        host: settings.host,
        port: settings.port,
        database: settings.database,
        user: credential?.user ?? settings.adminUser,
        password: credential?.password ?? settings.adminPassword,
        ssl: tls
            ? {
                  rejectUnauthorized: true,
                  ...(settings.caBundle ? { ca: settings.caBundle } : {}),
                  ...(settings.sslMode === PostgresSslMode.VerifyCa ? { checkServerIdentity: () => undefined } : {}),
              }
            : false,
        application_name: "mlops-password-rotation",
        connectionTimeoutMillis: Math.min(settings.timeoutSeconds, 30) * 1000,
        lock_timeout: settings.lockTimeoutSeconds * 1000,
        statement_timeout: settings.statementTimeoutSeconds * 1000,
        idle_in_transaction_session_timeout: abandonedTransactionSeconds * 1000,
    };
}
