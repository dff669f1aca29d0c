/**
 * Rotation entrypoint run by a `@pulumi/command` local Command: configured through the environment (see
 * `PostgresRotationEnv`, nothing secret) and one JSON object on stdin (the passwords). Prints one line of non-secret
 * JSON on success; on any failure one line on stderr naming the step and the fix, and exit status 1.
 */
import { Client } from "pg";
import { postgresClientConfig, serverAddress } from "./connection";
import { handOffPostgresLogin, inStep, rotatePostgresPassword } from "./rotatePassword";
import { PostgresRotationAction } from "./rotationCommand";
import { readPostgresRotationRequest, type PostgresRotationRequest } from "./rotationRequest";
import { explainPostgresError, RotationStep, RotationStepError } from "./rotationStepError";

function fail(error: RotationStepError): never {
    process.stderr.write(`${error.line()}\n`);
    process.exit(1);
}

async function readStdin(): Promise<string> {
    // The provider pipes stdin only when it is non-empty; otherwise it is /dev/null. A terminal means a manual run.
    if (process.stdin.isTTY) {
        return "";
    }
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) {
        chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString("utf8");
}

/** Connects as `credential` (or the admin); a dropped connection becomes an error of the step in progress, never a crash. */
async function connect(request: PostgresRotationRequest, step: RotationStep, credential?: { user: string; password: string }): Promise<Client> {
    const where = serverAddress(request);
    const client = new Client(postgresClientConfig(request, credential));
    // Without a listener an idle connection's error would crash the process with a stack trace; the query in
    // progress (if any) rejects with it and reports it as its step's failure.
    client.on("error", () => undefined);
    await inStep(step, where, () => client.connect());
    return client;
}

async function main(): Promise<void> {
    let request: PostgresRotationRequest;
    try {
        request = readPostgresRotationRequest(process.env, await readStdin());
    } catch (error) {
        fail(new RotationStepError(RotationStep.Input, (error as Error).message, "set the component's `database` arguments as documented"));
    }
    let step = RotationStep.Connect;
    const deadline = setTimeout(() => fail(new RotationStepError(step,
        `the command did not finish within ${request.timeoutSeconds} s. A transaction in progress is rolled back when this process ends.`,
        "check the server's load and locks, then run `pulumi up` again; raise database.timeoutSeconds if it is expected")),
    request.timeoutSeconds * 1000);
    const where = serverAddress(request);
    const admin = await connect(request, RotationStep.Connect);
    try {
        if (request.action === PostgresRotationAction.HandOff) {
            step = RotationStep.HandOff;
            process.stdout.write(`${JSON.stringify(await handOffPostgresLogin(admin, request, where))}\n`);
            return;
        }
        step = RotationStep.SetPassword;
        const result = await rotatePostgresPassword(admin, request, where);
        // The store is written only after this succeeds: prove the login works with the new password first.
        step = RotationStep.VerifyLogin;
        const login = await connect(request, RotationStep.VerifyLogin, { user: result.activeUser, password: request.newPassword! });
        try {
            await inStep(RotationStep.VerifyLogin, where, () => login.query("SELECT 1"));
        } finally {
            await login.end().catch(() => undefined);
        }
        process.stdout.write(`${JSON.stringify(result)}\n`);
    } catch (error) {
        fail(explainPostgresError(step, error, where));
    } finally {
        clearTimeout(deadline);
        await admin.end().catch(() => undefined);
    }
}

main().catch((error: unknown) => fail(explainPostgresError(RotationStep.Connect, error, "the server")));
