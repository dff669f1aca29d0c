import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";
import { SecretsInputError } from "../../validation/inputError";

/** Iteration count PostgreSQL itself uses for SCRAM-SHA-256 (`scram_iterations` default). */
export const scramIterations = 4096;

/** Salt length PostgreSQL itself uses (`SCRAM_DEFAULT_SALT_LEN`). */
const saltBytes = 16;

/**
 * Checks that a password can be turned into a verifier PostgreSQL will accept for it. PostgreSQL applies SASLprep
 * to non-ASCII passwords before hashing; this module does not implement SASLprep, so only ASCII is accepted (random
 * passwords from `@pulumi/random` always are). A NUL cannot travel in the wire protocol. The value is never shown.
 */
export function assertScramPassword(argName: string, password: string | undefined): asserts password is string {
    if (password === undefined || password === "") {
        throw new SecretsInputError(argName, undefined, "Pass the new password (a non-empty ASCII string).");
    }
    if (!/^[\x01-\x7f]+$/.test(password)) {
        throw new SecretsInputError(
            argName,
            "<secret, not shown>",
            "The password contains NUL or non-ASCII characters, which need SASLprep; use an ASCII password such as a @pulumi/random RandomPassword result.",
        );
    }
}

/**
 * Computes the SCRAM-SHA-256 verifier PostgreSQL stores in `pg_authid.rolpassword`:
 * `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (RFC 5802/7677). Sending this to `ALTER ROLE ... PASSWORD`
 * lets the server store the password without ever seeing it, so it cannot reach statement logs.
 * The salt is random on every call; pass one only to reproduce a known verifier.
 */
export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(saltBytes)): string {
    assertScramPassword("password", password);
    const saltedPassword = pbkdf2Sync(Buffer.from(password, "utf8"), salt, scramIterations, 32, "sha256");
    const clientKey = createHmac("sha256", saltedPassword).update("Client Key").digest();
    const storedKey = createHash("sha256").update(clientKey).digest();
    const serverKey = createHmac("sha256", saltedPassword).update("Server Key").digest();
    return `SCRAM-SHA-256$${scramIterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}
