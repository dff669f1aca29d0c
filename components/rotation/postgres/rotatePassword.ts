import type { ClientBase } from "pg";
import { alternatingLoginNames } from "./alternatingUsersSetupSql";
import { alternatingUsersRecordSql, alternatingUsersRotationSql, chooseAlternatingLogin, parseAlternatingUsersRecord } from "./alternatingUsersSql";
import type { PostgresRotationRequest, PostgresRotationResult } from "./rotationRequest";
import { explainPostgresError, RotationStep, RotationStepError } from "./rotationStepError";
import { scramSha256Verifier } from "./scramVerifier";
import { singleUserRotationSql } from "./singleUserSql";
import { PostgresRotationStrategy } from "./strategy";

/** Runs one step's work, turning any failure into a RotationStepError that names the step. */
export async function inStep<T>(step: RotationStep, where: string, work: () => Promise<T>): Promise<T> {
    try {
        return await work();
    } catch (error) {
        throw explainPostgresError(step, error, where);
    }
}

interface RoleState {
    readonly database: string;
    readonly existing: string[];
    readonly comment: string | null;
    readonly sessions: Record<string, number> | null;
}

/** Serializes rotations of one role, so two runs can never pick logins from the same state. */
const lockSql = "SELECT pg_advisory_xact_lock(hashtextextended('mlops-platform-secrets rotation ' || $1, 0))";

/**
 * Gives the new password to a login, in one transaction over an open admin connection: either every statement
 * applies or none. The server only ever receives the SCRAM-SHA-256 verifier computed here. Single-user changes the
 * role's password; alternating users choose the login no consumer may use (`chooseAlternatingLogin`), reading the
 * database's sessions and record besides this step's previous result.
 */
export async function rotatePostgresPassword(client: ClientBase, request: PostgresRotationRequest, where: string): Promise<PostgresRotationResult> {
    const alternating = request.strategy === PostgresRotationStrategy.AlternatingUsers;
    const verifier = scramSha256Verifier(request.newPassword!);
    const roles = alternating ? [request.role, ...alternatingLoginNames(request.role)] : [request.role];
    await inStep(RotationStep.Lock, where, async () => {
        await client.query("BEGIN");
        await client.query(lockSql, [request.role]);
    });
    try {
        const state = await inStep(RotationStep.ReadState, where, async () => (await client.query<RoleState>(
            `SELECT current_database() AS database,
                    ARRAY(SELECT rolname::text FROM pg_roles WHERE rolname = ANY($1::text[])) AS existing,
                    (SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = $2) AS comment,
                    (SELECT json_object_agg(usename, n) FROM (SELECT usename::text, count(*)::int AS n FROM pg_stat_activity
                      WHERE usename = ANY($1::text[]) AND pid <> pg_backend_pid() GROUP BY usename) s) AS sessions`,
            [roles, request.role])).rows[0]);
        let statements: string[];
        let activeUser = request.role;
        let previousUser: string | undefined;
        if (alternating) {
            const record = parseAlternatingUsersRecord(state.comment);
            ({ activeUser, previousUser } = chooseAlternatingLogin({
                ownerRole: request.role,
                rotationId: request.rotationId,
                storedLogin: request.previousResult?.activeUser,
                record,
                sessions: state.sessions ?? {},
            }));
            statements = alternatingUsersRotationSql({
                ownerRole: request.role,
                database: state.database,
                schema: request.schema,
                existingRoles: state.existing,
                activeUser,
                verifier,
                record: { stored: activeUser, previous: previousUser, rotationId: request.rotationId, confirmed: record?.confirmed },
            });
        } else {
            if (!state.existing.includes(request.role)) {
                throw new RotationStepError(RotationStep.ReadState, `role "${request.role}" does not exist. Nothing was changed.`,
                    `create the login first (CREATE ROLE "${request.role}" LOGIN), or use ${PostgresRotationStrategy.AlternatingUsers}, which creates its logins`);
            }
            statements = singleUserRotationSql({ role: request.role, verifier });
        }
        const changedAt = await inStep(RotationStep.SetPassword, where, async () => {
            for (const statement of statements) {
                await client.query(statement);
            }
            await client.query("COMMIT");
            return (await client.query<{ now: Date }>("SELECT clock_timestamp() AS now")).rows[0].now.toISOString();
        });
        return { strategy: request.strategy, activeUser, previousUser, rotationId: request.rotationId, changedAt };
    } catch (error) {
        // Keep the original error; a failed ROLLBACK on a broken connection adds nothing.
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
    }
}

/** What the hand-off step prints. */
export interface PostgresHandOffResult {
    /** The login the consumers now run on. */
    readonly handedOff: string;
    /** With revokePrevious: the login whose password was removed (alternating users). */
    readonly revoked?: string;
    /** With revokePrevious: sessions ended (of the previous login, or, single-user, opened before the rotation). */
    readonly terminatedSessions: number;
}

/**
 * After the consumers restarted on the new login: records it (alternating users), and with `revokePrevious` (breach
 * response) removes the previous login's password and ends its sessions; single-user ends the sessions opened before
 * the password changed (whoever opened them had the old password).
 */
export async function handOffPostgresLogin(client: ClientBase, request: PostgresRotationRequest, where: string): Promise<PostgresHandOffResult> {
    const rotation = request.rotation!;
    const alternating = request.strategy === PostgresRotationStrategy.AlternatingUsers;
    const candidates = alternating ? [request.role, ...alternatingLoginNames(request.role)] : [request.role];
    const previous = alternating && rotation.previousUser !== rotation.activeUser && candidates.includes(rotation.previousUser ?? "")
        ? rotation.previousUser
        : undefined;
    await inStep(RotationStep.HandOff, where, async () => {
        await client.query("BEGIN");
        await client.query(lockSql, [request.role]);
        if (alternating) {
            const { rows } = await client.query<{ comment: string | null }>(
                "SELECT shobj_description(oid, 'pg_authid') AS comment FROM pg_roles WHERE rolname = $1", [request.role]);
            const record = parseAlternatingUsersRecord(rows[0]?.comment);
            await client.query(alternatingUsersRecordSql(request.role, { ...record, confirmed: rotation.activeUser }));
        }
        if (request.revokePrevious && previous !== undefined) {
            await client.query(`ALTER ROLE ${client.escapeIdentifier(previous)} PASSWORD NULL`);
        }
        await client.query("COMMIT");
    }).catch(async (error) => {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
    });
    if (!request.revokePrevious) {
        return { handedOff: rotation.activeUser, terminatedSessions: 0 };
    }
    // pg_terminate_backend(pid, timeout) waits until each session is gone (PostgreSQL 14+).
    const terminated = await inStep(RotationStep.Revoke, where, async () => (await client.query<{ n: number }>(
        alternating
            ? `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))::int AS n FROM pg_stat_activity
               WHERE usename = $1 AND pid <> pg_backend_pid()`
            : `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))::int AS n FROM pg_stat_activity
               WHERE usename = $1 AND pid <> pg_backend_pid() AND backend_start < $2::timestamptz`,
        alternating ? [previous ?? ""] : [request.role, rotation.changedAt ?? new Date(0).toISOString()])).rows[0].n);
    return { handedOff: rotation.activeUser, revoked: previous, terminatedSessions: terminated };
}
