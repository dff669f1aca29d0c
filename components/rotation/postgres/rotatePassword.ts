import type { ClientBase } from "pg";
import { alternatingLoginNames } from "./alternatingUsersSetupSql";
import { alternatingUsersRotationSql } from "./alternatingUsersSql";
import type { PostgresRotationRequest } from "./rotationRequest";
import { scramSha256Verifier } from "./scramVerifier";
import { singleUserRotationSql } from "./singleUserSql";
import { PostgresRotationStrategy } from "./strategy";

/** What the rotation entrypoint prints: nothing secret. */
export interface PostgresRotationResult {
    readonly strategy: PostgresRotationStrategy;
    /** The login that now holds the new password: the username the consumer's Secret must carry. */
    readonly activeUser: string;
    /** alternating-users: the login used before, still valid until the next rotation. Absent otherwise. */
    readonly previousUser?: string;
    /** When the rotation committed (ISO 8601, UTC). */
    readonly rotatedAt: string;
}

/**
 * Rotates a password over an open admin connection, in one transaction: either every statement applies or none.
 * The server only ever receives the SCRAM-SHA-256 verifier computed here.
 */
export async function rotatePostgresPassword(
    client: ClientBase,
    request: Omit<PostgresRotationRequest, "host" | "port" | "database" | "adminUser" | "adminPassword">,
): Promise<PostgresRotationResult> {
    const alternating = request.strategy === PostgresRotationStrategy.AlternatingUsers;
    const verifier = scramSha256Verifier(request.newPassword);
    const roles = alternating ? [request.role, ...alternatingLoginNames(request.role)] : [request.role];
    await client.query("BEGIN");
    try {
        const state = await client.query<{ database: string; existing: string[] }>(
            "SELECT current_database() AS database, ARRAY(SELECT rolname::text FROM pg_roles WHERE rolname = ANY($1::text[])) AS existing",
            [roles],
        );
        const { database, existing } = state.rows[0];
        let statements: string[];
        let activeUser = request.role;
        let previousUser: string | undefined;
        if (alternating) {
            ({ statements, activeUser, previousUser } = alternatingUsersRotationSql({
                ownerRole: request.role,
                database,
                schema: request.schema,
                existingRoles: existing,
                currentUser: request.currentUser,
                verifier,
            }));
        } else {
            if (!existing.includes(request.role)) {
                throw new Error(
                    `role "${request.role}" does not exist; single-user rotation changes an existing login's password: create the role first or use ${PostgresRotationStrategy.AlternatingUsers}`,
                );
            }
            statements = singleUserRotationSql({ role: request.role, verifier });
        }
        for (const statement of statements) {
            await client.query(statement);
        }
        await client.query("COMMIT");
        return { strategy: request.strategy, activeUser, previousUser, rotatedAt: new Date().toISOString() };
    } catch (error) {
        // Keep the original error; a failed ROLLBACK on a broken connection adds nothing.
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
    }
}
