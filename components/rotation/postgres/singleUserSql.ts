import { alterRolePasswordSql } from "./alterRolePasswordSql";
import { assertRoleName } from "./roleName";

/** Inputs of a single-user rotation. */
export interface SingleUserRotationSqlArgs {
    /** The existing login role whose password is replaced. */
    readonly role: string;
    /** SCRAM-SHA-256 verifier of the new password, from `scramSha256Verifier`. */
    readonly verifier: string;
}

/** Statements of a single-user rotation: the login's password is replaced in place. */
export function singleUserRotationSql(args: SingleUserRotationSqlArgs): string[] {
    assertRoleName("role", args.role);
    return [alterRolePasswordSql(args.role, args.verifier)];
}
