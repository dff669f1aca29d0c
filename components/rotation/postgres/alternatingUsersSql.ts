import { escapeIdentifier, escapeLiteral } from "pg";
import { alterRolePasswordSql } from "./alterRolePasswordSql";
import { alternatingLoginNames, alternatingUsersSetupSql, type AlternatingUsersSetupSqlArgs } from "./alternatingUsersSetupSql";
import { RotationStep, RotationStepError } from "./rotationStepError";

/**
 * What the database remembers between rotations, as the owner role's comment (`COMMENT ON ROLE`): nothing secret.
 * The rotate step writes `stored` and `rotationId` in the transaction that changes the password; the hand-off step,
 * after the restart, writes `confirmed`.
 */
export interface AlternatingUsersRecord {
    /** The login the last committed rotation gave its password to. */
    readonly stored?: string;
    /** The login the consumers used before it. */
    readonly previous?: string;
    /** That rotation's id. */
    readonly rotationId?: string;
    /** The login the consumers were last seen to run on (written after their restart). */
    readonly confirmed?: string;
}

const RECORD_PREFIX = "mlops-platform-secrets rotation state: ";

/** Reads the record from the owner role's comment; any other comment is no record. */
export function parseAlternatingUsersRecord(comment: string | null | undefined): AlternatingUsersRecord | undefined {
    if (!comment?.startsWith(RECORD_PREFIX)) {
        return undefined;
    }
    try {
        return JSON.parse(comment.slice(RECORD_PREFIX.length)) as AlternatingUsersRecord;
    } catch {
        return undefined;
    }
}

/** `COMMENT ON ROLE <owner> IS '<record>'`. */
export function alternatingUsersRecordSql(ownerRole: string, record: AlternatingUsersRecord): string {
    const sorted = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b)));
    return `COMMENT ON ROLE ${escapeIdentifier(ownerRole)} IS ${escapeLiteral(RECORD_PREFIX + JSON.stringify(sorted))}`;
}

/** What is known, before an alternating-users rotation, about which logins may be in use. */
export interface AlternatingUsersState {
    readonly ownerRole: string;
    /** This rotation's id. */
    readonly rotationId: string;
    /** The login the previous result of this step names: what the cloud store holds, or will hold once written. */
    readonly storedLogin?: string;
    /** The database's record, if any. */
    readonly record?: AlternatingUsersRecord;
    /** Open sessions per login (other than the rotation's own). */
    readonly sessions: Readonly<Record<string, number>>;
}

/** Which login an alternating-users rotation gives the new password to. */
export interface AlternatingLoginChoice {
    /** The login that gets the new password: the username stored with it. */
    readonly activeUser: string;
    /** The login the consumer used before; it keeps its password until the next rotation. Absent on the first rotation. */
    readonly previousUser?: string;
}

/**
 * Picks the login to give the new password to: one that neither the store (what ESO would sync now) nor a running
 * consumer (open sessions; or, with none, the last confirmed hand-off) may use. A re-run of a rotation the database
 * already committed (same rotation id) repeats it on the same login. When both logins may be in use, changing either
 * could break a consumer: it refuses, naming why.
 */
export function chooseAlternatingLogin(state: AlternatingUsersState): AlternatingLoginChoice {
    const logins = alternatingLoginNames(state.ownerRole);
    const { record, storedLogin } = state;
    const known = (login: string | undefined): login is string => login !== undefined && [state.ownerRole, ...logins].includes(login);
    if (record?.rotationId === state.rotationId && known(record.stored)) {
        // This rotation already committed (a re-run, or a run cut short after COMMIT): repeat it on the same login.
        return { activeUser: record.stored, previousUser: record.previous };
    }
    const stored = known(storedLogin) ? storedLogin : known(record?.stored) ? record?.stored : undefined;
    const inUse = new Map<string, string>();
    if (known(stored)) {
        inUse.set(stored, "holds the stored credential (what ESO syncs)");
    }
    const withSessions = [state.ownerRole, ...logins].filter((login) => (state.sessions[login] ?? 0) > 0);
    for (const login of withSessions) {
        inUse.set(login, `has ${state.sessions[login]} open session(s)`);
    }
    if (!withSessions.some((login) => logins.includes(login)) && known(record?.confirmed)) {
        inUse.set(record.confirmed, inUse.get(record.confirmed) ?? "is where the consumers were last confirmed to run");
    }
    const free = logins.find((login) => !inUse.has(login));
    if (free === undefined) {
        throw new RotationStepError(
            RotationStep.ChooseLogin,
            `both logins may be in use — ${logins.map((login) => `"${login}" ${inUse.get(login)}`).join("; ")} — so the previous rotation ` +
                "has not reached every consumer yet (its sync or restart did not finish), and changing either password could break one. Nothing was changed.",
            "let the previous rotation reach the consumers: make ESO sync (kubectl annotate externalsecret <name> force-sync=$(date +%s) --overwrite) " +
                "and restart them (kubectl rollout restart <workload>), or end the sessions of the login they no longer use; then run `pulumi up` again",
        );
    }
    const previous = stored ?? withSessions.find((login) => login !== free) ?? (known(record?.confirmed) ? record?.confirmed : undefined);
    return { activeUser: free, previousUser: previous };
}

/** Inputs of an alternating-users rotation's statements. */
export interface AlternatingUsersRotationSqlArgs extends AlternatingUsersSetupSqlArgs {
    /** The login that gets the new password (from `chooseAlternatingLogin`). */
    readonly activeUser: string;
    /** SCRAM-SHA-256 verifier of the new password, from `scramSha256Verifier`. */
    readonly verifier: string;
    /** The record to leave for the next rotation. */
    readonly record: AlternatingUsersRecord;
}

/**
 * Alternating-users rotation: the setup (idempotent), the new password on the chosen login, and the record, run in one
 * transaction. The login in use keeps its password, so the consumer keeps working while it switches over.
 */
export function alternatingUsersRotationSql(args: AlternatingUsersRotationSqlArgs): string[] {
    if (!alternatingLoginNames(args.ownerRole).includes(args.activeUser)) {
        throw new Error(`alternatingUsersRotationSql: ${args.activeUser} is not a login of ${args.ownerRole}`);
    }
    return [
        ...alternatingUsersSetupSql(args),
        alterRolePasswordSql(args.activeUser, args.verifier),
        alternatingUsersRecordSql(args.ownerRole, args.record),
    ];
}
