/**
 * Runs statements against PostgreSQL exactly the way Vault's PostgreSQL database plugin does, so the role's SQL is
 * tested as Vault will run it. Read in hashicorp/vault:
 * - `plugins/database/postgresql/postgresql.go`: NewUser (creation; a statement that `containsMultilineStatement` runs
 *   whole, others are split on ";"), customDeleteUser (revocation, same), changeUserPassword (root rotation: split on
 *   ";"), each operation in ONE transaction; with `password_authentication = scram-sha-256` `{{password}}` is replaced by
 *   `scram.Hash(password)`; expiration formatted `2006-01-02 15:04:05-0700`; username from the default template
 *   `v-<display name, 8>-<role name, 8>-<20 random>-<unix time>`, at most 63 characters.
 * - `sdk/helper/dbtxn/dbtxn.go` `parseQuery`: `strings.ReplaceAll(tpl, "{{key}}", value)` for each key.
 * - go-secure-stdlib `strutil.ParseArbitraryStringSlice`: trim; if the text is valid standard base64 it is decoded
 *   first; a JSON string array is taken as is; else split on the separator and each piece trimmed.
 * - Vault's default password policy: 20 characters of letters, digits and "-", at least one of each kind.
 */
import { randomInt } from "node:crypto";
import { Client } from "pg";
import { scramSha256Verifier } from "../../../components/rotation/postgres/scramVerifier";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** go-secure-stdlib strutil.ParseStringSlice: split, trim each piece; empty pieces are kept (the caller skips them). */
function parseStringSlice(input: string, sep: string): string[] {
    const trimmed = input.trim();
    return trimmed === "" ? [] : trimmed.split(sep).map((piece) => piece.trim());
}

/** Go's base64.StdEncoding.DecodeString: padded standard alphabet; CR and LF are ignored. */
function goStdBase64Decode(input: string): string | undefined {
    const stripped = input.replace(/[\r\n]/g, "");
    if (stripped.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(stripped)) {
        return undefined;
    }
    return Buffer.from(stripped, "base64").toString("utf8");
}

export function parseArbitraryStringSlice(input: string, sep: string): string[] {
    let text = input.trim();
    if (text === "") {
        return [];
    }
    text = goStdBase64Decode(text) ?? text;
    try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed) && parsed.every((item) => typeof item === "string")) {
            return parsed;
        }
        if (parsed === null) {
            return [];
        }
    } catch {
        // not JSON: a separated list
    }
    return parseStringSlice(text, sep);
}

/**
 * postgresql.go `containsMultilineStatement`, including its quirk: each quoted literal is removed from the ORIGINAL
 * statement, so only the last one found is actually ignored when looking for the word END.
 */
export function containsMultilineStatement(stmt: string): boolean {
    const literals = [...(stmt.match(/(".*?")/g) ?? []), ...(stmt.match(/('.*?')/g) ?? [])];
    let withoutLiterals = stmt;
    for (const literal of literals) {
        withoutLiterals = stmt.split(literal).join("");
    }
    return /\bEND\b/.test(withoutLiterals);
}

/** dbtxn.parseQuery. */
export function substitute(params: Record<string, string>, template: string): string {
    return Object.entries(params).reduce((sql, [key, value]) => sql.split(`{{${key}}}`).join(value), template);
}

/** Go time.Format("2006-01-02 15:04:05-0700") in UTC, as Vault formats a lease's end. */
export function vaultExpiration(at: Date): string {
    return at.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "+0000");
}

function randomFrom(chars: string, length: number): string {
    return Array.from({ length }, () => chars[randomInt(chars.length)]).join("");
}

/** Vault's default password policy: 20 characters of [A-Za-z0-9-] with at least one upper, lower, digit and dash. */
export function vaultDefaultPassword(): string {
    for (;;) {
        const candidate = randomFrom(`${ALNUM}-`, 20);
        if (/[A-Z]/.test(candidate) && /[a-z]/.test(candidate) && /[0-9]/.test(candidate) && candidate.includes("-")) {
            return candidate;
        }
    }
}

/** The plugin's default username template. */
export function vaultDefaultUsername(displayName: string, roleName: string, now: Date): string {
    return `v-${displayName.slice(0, 8)}-${roleName.slice(0, 8)}-${randomFrom(ALNUM, 20)}-${Math.floor(now.getTime() / 1000)}`.slice(0, 63);
}

export interface VaultConnection {
    readonly host: string;
    readonly port: number;
    readonly database: string;
    readonly username: string;
    password: string;
}

export interface IssuedCredential {
    readonly username: string;
    readonly password: string;
    readonly expiration: string;
}

/** One database connection as Vault configures it (`password_authentication = scram-sha-256`). */
export class VaultPostgresPlugin {
    /** Every plaintext password this plugin generated; the server must never have seen one. */
    readonly plaintexts: string[] = [];

    constructor(private readonly connection: VaultConnection) {}

    private async inTransaction(queries: Array<[Record<string, string>, string]>): Promise<void> {
        const client = new Client({
            host: this.connection.host,
            port: this.connection.port,
            database: this.connection.database,
            user: this.connection.username,
            password: this.connection.password,
        });
        await client.connect();
        try {
            await client.query("BEGIN");
            try {
                for (const [params, query] of queries) {
                    await client.query(substitute(params, query));
                }
                await client.query("COMMIT");
            } catch (error) {
                await client.query("ROLLBACK");
                throw error;
            }
        } finally {
            await client.end();
        }
    }

    /** Splits as NewUser / customDeleteUser do: multi-line statements whole, others on ";", empty pieces skipped. */
    private static split(statements: string[], multilineAware: boolean): string[] {
        return statements.flatMap((stmt) => multilineAware && containsMultilineStatement(stmt)
            ? [stmt]
            : parseArbitraryStringSlice(stmt, ";").map((q) => q.trim()).filter((q) => q.length > 0));
    }

    /** `GET <mount>/creds/<role>`: a new login from the role's creation statements. */
    async newUser(creation: string[], options: { displayName: string; roleName: string; ttlSeconds: number }): Promise<IssuedCredential> {
        const now = new Date();
        const username = vaultDefaultUsername(options.displayName, options.roleName, now);
        const password = vaultDefaultPassword();
        this.plaintexts.push(password);
        const expiration = vaultExpiration(new Date(now.getTime() + options.ttlSeconds * 1000));
        const params = { name: username, username, password: scramSha256Verifier(password), expiration };
        await this.inTransaction(VaultPostgresPlugin.split(creation, true).map((q) => [params, q]));
        return { username, password, expiration };
    }

    /** Lease revocation (expiry or `vault lease revoke`): the role's revocation statements. */
    async deleteUser(revocation: string[], username: string): Promise<void> {
        await this.inTransaction(VaultPostgresPlugin.split(revocation, true).map((q) => [{ name: username, username }, q]));
    }

    /** `POST <mount>/rotate-root/<connection>`: a new password for Vault's own login, which only Vault then knows. */
    async rotateRoot(rootRotation: string[]): Promise<void> {
        const password = vaultDefaultPassword();
        this.plaintexts.push(password);
        const params = { name: this.connection.username, username: this.connection.username, password: scramSha256Verifier(password) };
        await this.inTransaction(VaultPostgresPlugin.split(rootRotation, false).map((q) => [params, q]));
        this.connection.password = password;
    }
}
