import { SecretsInputError } from "../../validation/inputError";
import { alterRolePasswordSql } from "./alterRolePasswordSql";
import { alternatingLoginNames, alternatingUsersSetupSql, type AlternatingUsersSetupSqlArgs } from "./alternatingUsersSetupSql";

/** Inputs of an alternating-users rotation. */
export interface AlternatingUsersRotationSqlArgs extends AlternatingUsersSetupSqlArgs {
    /**
     * The login the consumer uses now (the username in its current Secret). The new password goes to the other login.
     * @default undefined — allowed only on the first rotation, when neither login exists yet: `<ownerRole>_a` gets the
     * password and becomes active
     */
    readonly currentUser?: string;
    /** SCRAM-SHA-256 verifier of the new password, from `scramSha256Verifier`. */
    readonly verifier: string;
}

/** Which login an alternating-users rotation gives the new password to. */
export interface AlternatingLoginChoice {
    /** The login that gets the new password: the username the consumer's Secret must switch to. */
    readonly activeUser: string;
    /** The login the consumer used before; it keeps its password until the next rotation. Absent on the first rotation. */
    readonly previousUser?: string;
}

/** What an alternating-users rotation runs and which login the consumer must switch to. */
export interface AlternatingUsersRotation extends AlternatingLoginChoice {
    /** The setup statements (idempotent) followed by the password change of the inactive login. */
    readonly statements: string[];
}

/**
 * Picks the login that is not in use. `argName` names where `currentUser` came from, for the error message.
 * The owner role's own name is accepted as the current user so a database can move from one login to two.
 */
export function nextAlternatingLogin(argName: string, ownerRole: string, currentUser: string | undefined): AlternatingLoginChoice {
    const [first, second] = alternatingLoginNames(ownerRole);
    const current = currentUser === "" ? undefined : currentUser;
    if (current === undefined) {
        return { activeUser: first };
    }
    if (current === ownerRole || current === second) {
        return { activeUser: first, previousUser: current };
    }
    if (current === first) {
        return { activeUser: second, previousUser: current };
    }
    throw new SecretsInputError(
        argName,
        current,
        `Pass the login the consumer's Secret holds now ("${first}" or "${second}"), "${ownerRole}" when moving from a single login, or nothing before the first rotation.`,
    );
}

/**
 * Alternating-users rotation: the new password is set on the login the consumer is not using, so the credential in
 * use stays valid while the consumer switches over, and until the next rotation (which then replaces it).
 */
export function alternatingUsersRotationSql(args: AlternatingUsersRotationSqlArgs): AlternatingUsersRotation {
    const choice = nextAlternatingLogin("currentUser", args.ownerRole, args.currentUser);
    const logins = alternatingLoginNames(args.ownerRole);
    const existingLogins = logins.filter((login) => args.existingRoles?.includes(login));
    if (choice.previousUser === undefined && existingLogins.length > 0) {
        // Guessing here could give the new password to the login in use and break every client still holding the old one.
        throw new SecretsInputError(
            "currentUser",
            args.currentUser,
            `${existingLogins.map((login) => `"${login}"`).join(" and ")} already ${existingLogins.length > 1 ? "exist" : "exists"}, ` +
                `so this is not the first rotation: pass the login the consumer's Secret holds now ("${logins[0]}" or "${logins[1]}"), ` +
                `or "${args.ownerRole}" if neither is in use yet (the rotation entrypoint reads it from MLOPS_PG_CURRENT_USER).`,
        );
    }
    return {
        statements: [...alternatingUsersSetupSql(args), alterRolePasswordSql(choice.activeUser, args.verifier)],
        ...choice,
    };
}
