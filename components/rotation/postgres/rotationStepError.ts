/** The steps of the rotation entrypoint, named in its failure line. */
export enum RotationStep {
    Input = "read input",
    Connect = "connect",
    Lock = "lock",
    ReadState = "read state",
    ChooseLogin = "choose login",
    SetPassword = "set password",
    VerifyLogin = "verify login",
    HandOff = "hand-off",
    Revoke = "revoke previous login",
}

/** A failure of one step, with what to do about it. Its message never holds a secret. */
export class RotationStepError extends Error {
    constructor(readonly step: RotationStep, message: string, readonly fix: string) {
        super(message);
        this.name = "RotationStepError";
    }

    /** The one line the entrypoint prints on stderr. */
    line(): string {
        return `PostgreSQL rotation failed at step "${this.step}": ${oneLine(this.message)} Fix: ${oneLine(this.fix)}`;
    }
}

function oneLine(text: string): string {
    const flat = text.replace(/\s+/g, " ").trim();
    return /[.!?]$/.test(flat) ? flat : `${flat}.`;
}

/** SQLSTATEs and socket codes a step can fail with, turned into what happened and what to do. */
export function explainPostgresError(step: RotationStep, error: unknown, where: string): RotationStepError {
    if (error instanceof RotationStepError) {
        return error;
    }
    const e = error as { code?: string; message?: string };
    const message = e?.message ?? String(error);
    const again = "then run `pulumi up` again";
    const unchanged = step === RotationStep.VerifyLogin || step === RotationStep.HandOff || step === RotationStep.Revoke
        ? ""
        : step === RotationStep.Connect ? " Nothing was changed." : " Nothing was changed (the transaction was rolled back).";
    switch (e?.code) {
        case "ECONNREFUSED":
        case "ENOENT":
        case "EHOSTUNREACH":
        case "ENOTFOUND":
        case "EAI_AGAIN":
        case "ETIMEDOUT":
            return new RotationStepError(step, `cannot reach PostgreSQL at ${where} (${e.code}).${unchanged}`,
                `check database.host and database.port, and that the server runs and accepts connections from this machine; ${again}`);
        case "28P01":
        case "28000":
            return new RotationStepError(step, `the server refused the login (${message}).${unchanged}`,
                "check database.adminUser and database.adminPassword (or PGPASSWORD where `pulumi up` runs)");
        case "55P03":
            return new RotationStepError(step, `a lock was not granted within the lock timeout: another session holds it (${message}).${unchanged}`,
                `find it with SELECT pid, usename, state, xact_start FROM pg_stat_activity WHERE state LIKE 'idle in transaction%', end it, ${again}; raise database.lockTimeoutSeconds only if such locks are expected`);
        case "57014":
            return new RotationStepError(step, `a statement ran past the statement timeout (${message}).${unchanged}`,
                `check the server's load, ${again}; raise database.statementTimeoutSeconds if it is expected`);
        case "57P01":
        case "57P02":
        case "57P03":
            return new RotationStepError(step, `the server ended the admin connection (${message}).${unchanged}`,
                `check that the server is up (it may be restarting or failing over), ${again}`);
        case "42501":
            return new RotationStepError(step, `the admin role lacks a privilege (${message}).${unchanged}`,
                "use an admin role with CREATEROLE (and pg_signal_backend for revokePrevious), e.g. the cloud's master user");
    }
    if (/terminated|ECONNRESET|EPIPE|Connection ended|socket/i.test(message) || e?.code === "ECONNRESET" || e?.code === "EPIPE") {
        return new RotationStepError(step, `the connection to ${where} was lost (${message}).${unchanged}`,
            `check that the server is up and reachable, ${again}`);
    }
    if (/does not support SSL/i.test(message)) {
        return new RotationStepError(step, `the server at ${where} does not offer TLS, and TLS is required (sslMode verify-full).`,
            "enable TLS on the server (ssl = on), or, on a network you trust, set database.sslMode to PostgresSslMode.Disable");
    }
    if (/certificate|self.signed|altnames|UNABLE_TO_VERIFY|CERT_/i.test(message) || /CERT|SELF_SIGNED/.test(e?.code ?? "")) {
        return new RotationStepError(step, `the server's TLS certificate was not accepted (${message}).`,
            "pass the CA that signs the server's certificate as database.caBundlePem (your cloud's RDS / Cloud SQL / Azure bundle), " +
                "connect by a name the certificate holds, or use PostgresSslMode.VerifyCa for a certificate without that name");
    }
    return new RotationStepError(step, `${message}${unchanged}`, `read the message above, ${again}`);
}
