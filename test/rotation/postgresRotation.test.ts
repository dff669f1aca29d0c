/**
 * Password rotation against a real PostgreSQL (15 on Debian), started by this file and stopped at its end. Every
 * rotation runs the real entrypoint (`rotateCli`) in a child process, configured only through its environment, as
 * the `@pulumi/command` Command does at `pulumi up` time.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "pg";
import { abandonedTransactionSeconds, alternatingUsersSetupSql, PostgresRotationEnv, postgresClientConfig, PostgresSslMode, postgresRotationEntrypoint, type PostgresRotationResult, scramSha256Verifier } from "../../components/rotation/postgres";
import { startThrowawayCluster, type ThrowawayCluster } from "./pg/cluster";

interface Credential {
    readonly user: string;
    readonly password: string;
}

interface CliRun {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

let cluster: ThrowawayCluster;
/** Every plaintext password the server could have seen; none may appear in its log. */
const plaintexts: string[] = [];
/** Every CLI output; none may contain a password either. */
const cliOutputs: string[] = [];

const newPassword = (): string => {
    // 24 random characters, then quotes, backslash and dollar, which would break naive quoting in SQL text.
    const password = `${randomBytes(18).toString("base64url")}'"\\$`;
    plaintexts.push(password);
    return password;
};

let rotationCount = 0;

/** Runs the entrypoint from sources; the secrets (new password, admin password) go on stdin as the Command sends them. */
function runCli(env: Record<string, string>, secrets: { newPassword?: string; adminPassword?: string } = {}): Promise<CliRun> {
    rotationCount += 1;
    return new Promise((resolve) => {
        const child = execFile(
            process.execPath,
            ["--import", "tsx", postgresRotationEntrypoint],
            { env: { PATH: process.env.PATH ?? "", MLOPS_ROTATION_ID: `rotation-${rotationCount}`, ...env }, timeout: 30_000 },
            (error, stdout, stderr) => {
                cliOutputs.push(stdout, stderr);
                resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
            },
        );
        child.stdin!.end(JSON.stringify({ adminPassword: cluster.adminPassword, ...secrets }));
    });
}

const adminEnv = (database: string): Record<string, string> => ({
    [PostgresRotationEnv.Host]: cluster.socketDir,
    [PostgresRotationEnv.Port]: String(cluster.port),
    [PostgresRotationEnv.Database]: database,
    [PostgresRotationEnv.AdminUser]: cluster.adminUser,
});

async function rotate(env: Record<string, string>, newPassword: string): Promise<PostgresRotationResult> {
    const run = await runCli(env, { newPassword });
    assert.equal(run.code, 0, `rotation failed: ${run.stderr}`);
    assert.equal(run.stderr, "");
    return JSON.parse(run.stdout) as PostgresRotationResult;
}

async function withClient<T>(database: string, credential: Credential, work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ host: cluster.socketDir, port: cluster.port, database, ...credential });
    await client.connect();
    try {
        return await work(client);
    } finally {
        await client.end();
    }
}

const asAdmin = <T>(work: (client: Client) => Promise<T>, database = "postgres"): Promise<T> =>
    withClient(database, { user: cluster.adminUser, password: cluster.adminPassword }, work);

/** Resolves to the SQLSTATE of a failed login, or "ok". */
const tryLogin = (database: string, credential: Credential): Promise<string> =>
    withClient(database, credential, async () => "ok").catch((error: { code?: string }) => error.code ?? String(error));

before(async () => {
    cluster = startThrowawayCluster();
    await asAdmin((admin) => admin.query("CREATE DATABASE mlflow"));
});

after(() => cluster?.stop());

describe("the test server itself", () => {
    it("hashes with SCRAM-SHA-256 and demands SCRAM for every login, so a wrong password really fails", async () => {
        const settings = await asAdmin((admin) =>
            admin.query<{ encryption: string; methods: string[] }>(
                "SELECT current_setting('password_encryption') AS encryption, ARRAY(SELECT DISTINCT auth_method FROM pg_hba_file_rules) AS methods",
            ),
        );
        assert.deepEqual(settings.rows[0], { encryption: "scram-sha-256", methods: ["scram-sha-256"] });
        assert.equal(await tryLogin("postgres", { user: cluster.adminUser, password: "not-the-password" }), "28P01");
    });
});

describe("single-user rotation", () => {
    it("makes the new password work and the old one fail, storing only a verifier", async () => {
        await asAdmin((admin) => admin.query("CREATE ROLE app_single LOGIN"));
        const env = { ...adminEnv("postgres"), MLOPS_PG_ROTATION_STRATEGY: "single-user", MLOPS_PG_ROLE: "app_single" };

        const oldPassword = newPassword();
        assert.equal((await rotate(env, oldPassword)).activeUser, "app_single");
        assert.equal(await tryLogin("postgres", { user: "app_single", password: oldPassword }), "ok");

        const password = newPassword();
        // The previous result is handed back as on every update; single-user accepts it (it names the same login).
        const result = await rotate({ ...env, PULUMI_COMMAND_STDOUT: JSON.stringify({ strategy: "single-user", activeUser: "app_single", rotationId: "x" }) }, password);
        assert.equal(result.strategy, "single-user");
        assert.equal(result.previousUser, undefined);
        assert.ok(Math.abs(Date.parse(result.changedAt!) - Date.now()) < 60_000, "changedAt is the time of the change");
        assert.equal(await tryLogin("postgres", { user: "app_single", password }), "ok");
        assert.equal(await tryLogin("postgres", { user: "app_single", password: oldPassword }), "28P01");

        const stored = await asAdmin((admin) => admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'app_single'"));
        assert.match(stored.rows[0].rolpassword, /^SCRAM-SHA-256\$4096:/);
    });

    it("fails with one line naming the step and the fix, changing nothing, when the role does not exist", async () => {
        const run = await runCli({ ...adminEnv("postgres"), MLOPS_PG_ROTATION_STRATEGY: "single-user", MLOPS_PG_ROLE: "no_such_role" }, { newPassword: newPassword() });
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.match(run.stderr, /^PostgreSQL rotation failed at step "read state": role "no_such_role" does not exist\. Nothing was changed\. Fix: create the login first .*alternating-users.*\n$/);
    });
});

describe("alternating-users rotation", () => {
    it("keeps tables created through either login usable and alterable through the other", async () => {
        const env = { ...adminEnv("mlflow"), MLOPS_PG_ROTATION_STRATEGY: "alternating-users", MLOPS_PG_ROLE: "mlflow" };
        const a = { user: "mlflow_a", password: newPassword() };
        assert.equal((await rotate(env, a.password)).activeUser, "mlflow_a");
        const b = { user: "mlflow_b", password: newPassword() };
        const second = await rotate({ ...env, PULUMI_COMMAND_STDOUT: JSON.stringify({ strategy: "alternating-users", activeUser: "mlflow_a", rotationId: "x" }) }, b.password);
        assert.deepEqual([second.activeUser, second.previousUser], ["mlflow_b", "mlflow_a"]);

        for (const [creator, other] of [[a, b], [b, a]]) {
            const table = `made_by_${creator.user}`;
            await withClient("mlflow", creator, (c) => c.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, note text)`));
            await withClient("mlflow", other, async (c) => {
                // What a migration run through the other login does: write, read, alter the schema.
                await c.query(`INSERT INTO ${table} (note) VALUES ('from ${other.user}')`);
                await c.query(`ALTER TABLE ${table} ADD COLUMN added_by text DEFAULT session_user`);
                assert.equal((await c.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n, 1);
            });
        }
        const owners = await asAdmin(
            (admin) => admin.query("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"),
            "mlflow",
        );
        assert.deepEqual(owners.rows.map((row) => row.tableowner), ["mlflow", "mlflow"], "objects belong to the owner role, not to the login that created them");
    });

    it("moves an existing single login to alternating users without cutting it off", async () => {
        const legacy = { user: "legacy", password: newPassword() };
        // The seed's layout: one login that owns the application's tables.
        await asAdmin((admin) => admin.query("CREATE ROLE legacy LOGIN; GRANT CREATE ON SCHEMA public TO legacy"));
        const single = { ...adminEnv("postgres"), MLOPS_PG_ROTATION_STRATEGY: "single-user", MLOPS_PG_ROLE: "legacy" };
        const first = await rotate(single, legacy.password);
        await withClient("postgres", legacy, (c) => c.query("CREATE TABLE legacy_runs (id int)"));

        // The strategy changes: the previous result (single-user, login "legacy") is handed back.
        const password = newPassword();
        const result = await rotate({ ...single, MLOPS_PG_ROTATION_STRATEGY: "alternating-users", PULUMI_COMMAND_STDOUT: JSON.stringify(first) }, password);
        assert.deepEqual([result.activeUser, result.previousUser], ["legacy_a", "legacy"]);
        assert.equal(await tryLogin("postgres", legacy), "ok", "the old single login still works until the consumer switches");
        await withClient("postgres", { user: "legacy_a", password }, (c) => c.query("ALTER TABLE legacy_runs ADD COLUMN note text"));
    });

    it("works on a database a DBA prepared by hand: the login in use (it has sessions) keeps its password", async () => {
        await asAdmin((admin) => admin.query(alternatingUsersSetupSql({ ownerRole: "dba", database: "mlflow" }).join("; ")), "mlflow");
        const inUse = { user: "dba_a", password: newPassword() };
        await asAdmin((admin) => admin.query(`ALTER ROLE dba_a PASSWORD '${scramSha256Verifier(inUse.password)}'`));
        const session = new Client({ host: cluster.socketDir, port: cluster.port, database: "mlflow", ...inUse });
        await session.connect();
        try {
            // First run: no previous result, no record; the database shows dba_a in use.
            const env = { ...adminEnv("mlflow"), MLOPS_PG_ROTATION_STRATEGY: "alternating-users", MLOPS_PG_ROLE: "dba" };
            const result = await rotate(env, newPassword());
            assert.deepEqual([result.activeUser, result.previousUser], ["dba_b", "dba_a"]);
            assert.equal(await tryLogin("mlflow", inUse), "ok");
        } finally {
            await session.end();
        }
    });
});

describe("entrypoint failures", () => {
    it("reports a wrong admin password in one line, without printing any secret", async () => {
        const run = await runCli({ ...adminEnv("postgres"), MLOPS_PG_ROTATION_STRATEGY: "single-user", MLOPS_PG_ROLE: "app_single" },
            { adminPassword: "wrong-admin-password", newPassword: newPassword() });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^PostgreSQL rotation failed at step "connect": the server refused the login \(password authentication failed for user "postgres"\)\. .*Fix: check database\.adminUser and database\.adminPassword.*\n$/);
        assert.ok(!run.stderr.includes("wrong-admin-password"));
    });

    it("names a missing new password without connecting", async () => {
        const run = await runCli({ ...adminEnv("postgres"), [PostgresRotationEnv.Host]: "/nonexistent-socket-dir", MLOPS_PG_ROTATION_STRATEGY: "single-user", MLOPS_PG_ROLE: "app_single" });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^PostgreSQL rotation failed at step "read input": Invalid argument "newPassword": got nothing/);
    });

    it("reports a server stopped under a dropped admin connection in one line, not a crash", async () => {
        // A session that holds the rotation lock makes the entrypoint wait; then the server terminates its connection.
        const holder = new Client({ host: cluster.socketDir, port: cluster.port, database: "postgres", user: cluster.adminUser, password: cluster.adminPassword });
        await holder.connect();
        await holder.query("SELECT pg_advisory_lock(hashtextextended('mlops-platform-secrets rotation ' || 'app_single', 0))");
        const running = runCli({ ...adminEnv("postgres"), MLOPS_PG_ROTATION_STRATEGY: "single-user", MLOPS_PG_ROLE: "app_single" }, { newPassword: newPassword() });
        for (let i = 0; i < 300; i += 1) {
            const { rowCount } = await holder.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'mlops-password-rotation' AND wait_event_type = 'Lock'");
            if (rowCount) {
                break;
            }
            await sleep(10);
        }
        const run = await running;
        await holder.end();
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^PostgreSQL rotation failed at step "lock": the server ended the admin connection \(terminating connection due to administrator command\)\. Nothing was changed .*Fix: .*\n$/);
        assert.doesNotMatch(run.stderr, /\n.+/, "one line, no stack trace");
    });

    it("a run that died holding the rotation lock (its connection left open) does not block the next run", async () => {
        // The dead run's session, configured as the command configures it: BEGIN, the rotation lock, then silence, as
        // when the deployer is killed behind a proxy that keeps the server side of the connection open.
        await asAdmin((admin) => admin.query("CREATE ROLE app_abandoned LOGIN"));
        const dead = new Client(postgresClientConfig({
            host: cluster.socketDir, port: cluster.port, database: "postgres", adminUser: cluster.adminUser, adminPassword: cluster.adminPassword,
            sslMode: PostgresSslMode.Disable, lockTimeoutSeconds: 10, statementTimeoutSeconds: 30, timeoutSeconds: 120,
        }));
        let deadError = "";
        dead.on("error", (error: Error & { code?: string }) => { deadError = error.code ?? String(error); });
        await dead.connect();
        await dead.query("BEGIN");
        await dead.query("SELECT pg_advisory_xact_lock(hashtextextended('mlops-platform-secrets rotation ' || 'app_abandoned', 0))");
        const started = Date.now();
        // The next run, with the default lock timeout (10 s), waits for the server to end the dead session, then rotates.
        await rotate({ ...adminEnv("postgres"), MLOPS_PG_ROTATION_STRATEGY: "single-user", MLOPS_PG_ROLE: "app_abandoned" }, newPassword());
        const waited = Date.now() - started;
        assert.ok(waited >= (abandonedTransactionSeconds - 1) * 1000 && waited < 10_000, `waited ${waited} ms for the dead session`);
        assert.ok(deadError, "the dead session's connection was ended");
        assert.match(cluster.readLog(), /terminating connection due to idle-in-transaction timeout/, "by the server (idle_in_transaction_session_timeout)");
        await dead.end().catch(() => undefined);
    });
});

describe("secrecy", () => {
    it("never lets a plaintext password reach the server log, which does log every statement", () => {
        const log = cluster.readLog();
        assert.ok(plaintexts.length >= 8, "the scan covers every rotation's password");
        // Also look for the random core of each password: SQL quoting would double its quote and backslash.
        const needles = [...plaintexts.flatMap((secret) => [secret, secret.slice(0, 24)]), cluster.adminPassword];
        for (const needle of needles) {
            assert.ok(!log.includes(needle), "a plaintext password is in the server log");
            assert.ok(!cliOutputs.some((output) => output.includes(needle)), "a plaintext password is in the entrypoint's output");
        }
        // The log is real evidence only if statement logging caught the rotations and the load (checked without
        // assert.match, which would print the whole log on failure).
        const logged = (pattern: RegExp, what: string): void => assert.ok(pattern.test(log), `the server log lacks ${what}`);
        logged(/statement: ALTER ROLE "mlflow_b" PASSWORD 'SCRAM-SHA-256\$4096:/, "the alternating rotation");
        logged(/statement: ALTER ROLE "app_single" PASSWORD 'SCRAM-SHA-256\$4096:/, "the single-user rotation");
    });
});
