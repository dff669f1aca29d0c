import { escapeIdentifier, escapeLiteral } from "pg";
import { assertRoleName } from "./roleName";

/** Inputs of the alternating-users setup. */
export interface AlternatingUsersSetupSqlArgs {
    /** The NOLOGIN role that owns the application's objects; the logins are `<ownerRole>_a` and `<ownerRole>_b`. */
    readonly ownerRole: string;
    /** The application's database; the owner role gets CONNECT on it. */
    readonly database: string;
    /**
     * Schema the application creates its objects in; the owner role gets USAGE and CREATE on it.
     * @default "public"
     */
    readonly schema?: string;
    /**
     * Which of the three roles already exist (names from `pg_roles`); only the missing ones are created, so the setup
     * can run before every rotation. An existing owner role keeps its LOGIN attribute, which lets a database move
     * from one login named like the owner to alternating users without an outage.
     * @default [] — all three roles are created
     */
    readonly existingRoles?: readonly string[];
}

/** The two login roles of the alternating-users strategy, in the order they are first used. */
export function alternatingLoginNames(ownerRole: string): readonly [string, string] {
    assertRoleName("ownerRole", ownerRole, 2);
    return [`${ownerRole}_a`, `${ownerRole}_b`];
}

/**
 * One-time (and idempotent) setup for alternating users: an owner role without LOGIN, two login roles that are
 * members of it, and `ALTER ROLE <login> SET role = <owner>` so every session of either login acts as the owner.
 * Tables, sequences and migrations created through one login are then owned by the owner role and stay usable,
 * alterable and droppable through the other. Needs an admin with CREATEROLE and the right to grant on the schema.
 */
export function alternatingUsersSetupSql(args: AlternatingUsersSetupSqlArgs): string[] {
    const [first, second] = alternatingLoginNames(args.ownerRole);
    const existing = new Set(args.existingRoles ?? []);
    const owner = escapeIdentifier(args.ownerRole);
    const statements: string[] = [];
    if (!existing.has(args.ownerRole)) {
        statements.push(`CREATE ROLE ${owner} NOLOGIN`);
    }
    for (const login of [first, second]) {
        if (!existing.has(login)) {
            statements.push(`CREATE ROLE ${escapeIdentifier(login)} LOGIN`);
        }
        statements.push(
            `GRANT ${owner} TO ${escapeIdentifier(login)}`,
            `ALTER ROLE ${escapeIdentifier(login)} SET role = ${escapeLiteral(args.ownerRole)}`,
        );
    }
    statements.push(
        `GRANT CONNECT ON DATABASE ${escapeIdentifier(args.database)} TO ${owner}`,
        `GRANT USAGE, CREATE ON SCHEMA ${escapeIdentifier(args.schema ?? "public")} TO ${owner}`,
    );
    return statements;
}
