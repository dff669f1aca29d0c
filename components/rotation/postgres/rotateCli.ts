/**
 * Rotation entrypoint run by a `@pulumi/command` local Command: `node rotateCli.js`, configured only through the
 * environment (see `PostgresRotationEnv`). Prints one line of non-secret JSON (`PostgresRotationResult`) on success;
 * on failure prints a message without secrets to stderr and exits with status 1.
 */
import { Client } from "pg";
import { rotatePostgresPassword } from "./rotatePassword";
import { PostgresRotationEnv } from "./rotationCommand";
import { readPostgresRotationRequest } from "./rotationRequest";

async function main(): Promise<void> {
    const request = readPostgresRotationRequest(process.env);
    // Nothing this process loads or reports should see the new password again.
    delete process.env[PostgresRotationEnv.NewPassword];
    const client = new Client({
        host: request.host,
        port: request.port,
        database: request.database,
        user: request.adminUser,
        password: request.adminPassword,
        application_name: "mlops-password-rotation",
        connectionTimeoutMillis: 30_000,
    });
    await client.connect();
    try {
        const result = await rotatePostgresPassword(client, request);
        process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
        await client.end();
    }
}

main().catch((error: unknown) => {
    process.stderr.write(`PostgreSQL password rotation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
});
