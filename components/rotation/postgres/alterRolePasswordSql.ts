import { escapeIdentifier, escapeLiteral } from "pg";

/**
 * `ALTER ROLE <role> PASSWORD '<verifier>'`. The verifier (see `scramSha256Verifier`) is stored as is, whatever
 * `password_encryption` says; only the verifier, never the password, can appear in a statement log.
 */
export function alterRolePasswordSql(role: string, verifier: string): string {
    if (!verifier.startsWith("SCRAM-SHA-256$")) {
        // A plaintext here would be hashed by the server and logged with the statement.
        throw new Error("alterRolePasswordSql takes a SCRAM-SHA-256 verifier from scramSha256Verifier, not a password.");
    }
    return `ALTER ROLE ${escapeIdentifier(role)} PASSWORD ${escapeLiteral(verifier)}`;
}
