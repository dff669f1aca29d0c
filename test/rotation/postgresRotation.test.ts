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
import { PostgresRotationEnv, postgresRotationEntrypoint, type PostgresRotationResult } from "../../components/rotation/postgres";
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

function runCli(env: Record<string, string>): Promise<CliRun> {
    return new Promise((resolve) => {
        // Async so the load clients keep running while the rotation does.
        execFile(
            process.execPath,
            ["--import", "tsx", postgresRotationEntrypoint],
            { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 30_000 },
            (error, stdout, stderr) => {
                cliOutputs.push(stdout, stderr);
                resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
            },
        );
    });
}

const adminEnv = (database: string): Record<string, string> => ({
    [PostgresRotationEnv.Host]: cluster.socketDir,
    [PostgresRotationEnv.Port]: String(cluster.port),
    [PostgresRotationEnv.Database]: database,
    [PostgresRotationEnv.AdminUser]: cluster.adminUser,
    [PostgresRotationEnv.AdminPassword]: cluster.adminPassword,
});

async function rotate(env: Record<string, string>): Promise<PostgresRotationResult> {
    const run = await runCli(env);
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
        assert.equal((await rotate({ ...env, MLOPS_PG_NEW_PASSWORD: oldPassword })).activeUser, "app_single");
        assert.equal(await tryLogin("postgres", { user: "app_single", password: oldPassword }), "ok");

        const password = newPassword();
        const result = await rotate({ ...env, MLOPS_PG_NEW_PASSWORD: password });
        assert.equal(result.strategy, "single-user");
        assert.equal(result.previousUser, undefined);
        assert.ok(Math.abs(Date.parse(result.rotatedAt) - Date.now()) < 60_000, "rotatedAt is the rotation time");
        assert.equal(await tryLogin("postgres", { user: "app_single", password }), "ok");
        assert.equal(await tryLogin("postgres", { user: "app_single", password: oldPassword }), "28P01");

        const stored = await asAdmin((admin) => admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'app_single'"));
        assert.match(stored.rows[0].rolpassword, /^SCRAM-SHA-256\$4096:/);
    });

    it("fails with a clear message, changing nothing, when the role does not exist", async () => {
        const run = await runCli({
            ...adminEnv("postgres"),
            MLOPS_PG_ROTATION_STRATEGY: "single-user",
            MLOPS_PG_ROLE: "no_such_role",
            MLOPS_PG_NEW_PASSWORD: newPassword(),
        });
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.match(run.stderr, /role "no_such_role" does not exist; .*create the role first or use alternating-users/);
    });
});

describe("alternating-users rotation", () => {
    it("keeps 8 continuously reconnecting clients failure-free across 5 rotations", async (t) => {
        const env = { ...adminEnv("mlflow"), MLOPS_PG_ROTATION_STRATEGY: "alternating-users", MLOPS_PG_ROLE: "mlflow" };
        // What ESO + a restart would give the consumer: the Secret's username and password, switched after each rotation.
        let current: Credential & { readonly epoch: number };
        const history: Credential[] = [];

        const firstPassword = newPassword();
        const first = await rotate({ ...env, MLOPS_PG_NEW_PASSWORD: firstPassword });
        assert.deepEqual([first.activeUser, first.previousUser], ["mlflow_a", undefined]);
        current = { user: first.activeUser, password: firstPassword, epoch: 0 };
        history.push(current);
        await withClient("mlflow", current, (c) => c.query("CREATE TABLE rotation_load (client_id int, login text, epoch int)"));

        let stopping = false;
        let successes = 0;
        const failures: string[] = [];
        const epochsServed = new Set<number>();
        const loadClient = async (clientId: number): Promise<void> => {
            while (!stopping) {
                const credential = current;
                const client = new Client({ host: cluster.socketDir, port: cluster.port, database: "mlflow", user: credential.user, password: credential.password });
                client.on("error", (error) => failures.push(`client ${clientId} as ${credential.user}: ${error.message}`));
                try {
                    await client.connect();
                    await client.query("INSERT INTO rotation_load VALUES ($1, session_user, $2)", [clientId, credential.epoch]);
                    successes += 1;
                    epochsServed.add(credential.epoch);
                } catch (error) {
                    failures.push(`client ${clientId} as ${credential.user} (rotation ${credential.epoch}): ${(error as Error).message}`);
                } finally {
                    await client.end().catch(() => undefined);
                }
            }
        };
        const clients = Array.from({ length: 8 }, (_, id) => loadClient(id));

        try {
            for (let rotation = 1; rotation <= 5; rotation += 1) {
                await sleep(300);
                const password = newPassword();
                const result = await rotate({ ...env, MLOPS_PG_CURRENT_USER: current.user, MLOPS_PG_NEW_PASSWORD: password });
                assert.equal(result.previousUser, current.user);
                assert.equal(result.activeUser, current.user === "mlflow_a" ? "mlflow_b" : "mlflow_a");

                const previous = current;
                current = { user: result.activeUser, password, epoch: rotation };
                history.push(current);
                // The credential before last (the previous Secret) stays valid until the next rotation ...
                assert.equal(await tryLogin("mlflow", previous), "ok", `rotation ${rotation}: previous credential`);
                // ... and the one before it, on the login that just got the new password, is gone.
                if (history.length >= 3) {
                    assert.equal(await tryLogin("mlflow", history.at(-3)!), "28P01", `rotation ${rotation}: credential from two rotations ago`);
                }
            }
            await sleep(300);
        } finally {
            stopping = true;
            await Promise.all(clients);
        }

        t.diagnostic(`${successes} connections by 8 clients across 5 rotations, ${failures.length} failed`);
        assert.deepEqual(failures, [], "no client ever failed to connect");
        assert.ok(successes >= 8 * 6, `expected steady load, got ${successes} connections`);
        assert.deepEqual([...epochsServed].sort(), [0, 1, 2, 3, 4, 5], "clients used the credential of every rotation");
        const logins = await asAdmin(
            (admin) => admin.query("SELECT login, count(*)::int AS n FROM rotation_load GROUP BY login ORDER BY login"),
            "mlflow",
        );
        assert.deepEqual(
            logins.rows.map((row) => row.login),
            ["mlflow_a", "mlflow_b"],
            "both logins wrote to the table created through mlflow_a",
        );
    });

    it("keeps tables created through either login usable and alterable through the other", async () => {
        const env = { ...adminEnv("mlflow"), MLOPS_PG_ROTATION_STRATEGY: "alternating-users", MLOPS_PG_ROLE: "mlflow" };
        const a = { user: "mlflow_a", password: newPassword() };
        const b = { user: "mlflow_b", password: newPassword() };
        await rotate({ ...env, MLOPS_PG_CURRENT_USER: "mlflow_b", MLOPS_PG_NEW_PASSWORD: a.password });
        await rotate({ ...env, MLOPS_PG_CURRENT_USER: "mlflow_a", MLOPS_PG_NEW_PASSWORD: b.password });

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
        assert.deepEqual(
            owners.rows.map((row) => row.tableowner),
            ["mlflow", "mlflow", "mlflow"],
            "objects belong to the owner role, not to the login that created them",
        );
    });

    it("moves an existing single login to alternating users without cutting it off", async () => {
        const legacy = { user: "legacy", password: newPassword() };
        // The seed's layout: one login that owns the application's tables.
        await asAdmin((admin) => admin.query("CREATE ROLE legacy LOGIN; GRANT CREATE ON SCHEMA public TO legacy"));
        await rotate({ ...adminEnv("postgres"), MLOPS_PG_ROTATION_STRATEGY: "single-user", MLOPS_PG_ROLE: "legacy", MLOPS_PG_NEW_PASSWORD: legacy.password });
        await withClient("postgres", legacy, (c) => c.query("CREATE TABLE legacy_runs (id int)"));

        const password = newPassword();
        const result = await rotate({
            ...adminEnv("postgres"),
            MLOPS_PG_ROTATION_STRATEGY: "alternating-users",
            MLOPS_PG_ROLE: "legacy",
            MLOPS_PG_CURRENT_USER: "legacy",
            MLOPS_PG_NEW_PASSWORD: password,
        });
        assert.deepEqual([result.activeUser, result.previousUser], ["legacy_a", "legacy"]);
        assert.equal(await tryLogin("postgres", legacy), "ok", "the old single login still works until the consumer switches");
        await withClient("postgres", { user: "legacy_a", password }, (c) => c.query("ALTER TABLE legacy_runs ADD COLUMN note text"));
    });

    it("refuses to rotate without the current user once the logins exist, changing nothing", async () => {
        const env = { ...adminEnv("mlflow"), MLOPS_PG_ROTATION_STRATEGY: "alternating-users", MLOPS_PG_ROLE: "mlflow" };
        const a = { user: "mlflow_a", password: newPassword() };
        await rotate({ ...env, MLOPS_PG_CURRENT_USER: "mlflow_b", MLOPS_PG_NEW_PASSWORD: a.password });

        const run = await runCli({ ...env, MLOPS_PG_NEW_PASSWORD: newPassword() });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /"mlflow_a" and "mlflow_b" already exist, so this is not the first rotation: .*MLOPS_PG_CURRENT_USER/);
        assert.equal(await tryLogin("mlflow", a), "ok", "the login in use kept its password");
    });

    it("rejects a current user that is not one of the role's logins before connecting", async () => {
        const run = await runCli({
            ...adminEnv("mlflow"),
            // An unreachable host: an input error must come first.
            [PostgresRotationEnv.Host]: "/nonexistent-socket-dir",
            MLOPS_PG_ROTATION_STRATEGY: "alternating-users",
            MLOPS_PG_ROLE: "mlflow",
            MLOPS_PG_CURRENT_USER: "grafana",
            MLOPS_PG_NEW_PASSWORD: newPassword(),
        });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /Invalid argument "MLOPS_PG_CURRENT_USER": got "grafana"\. .*"mlflow_a" or "mlflow_b"/);
    });
});

describe("entrypoint failures", () => {
    it("reports a wrong admin password without printing any secret", async () => {
        const run = await runCli({
            ...adminEnv("postgres"),
            [PostgresRotationEnv.AdminPassword]: "wrong-admin-password",
            MLOPS_PG_ROTATION_STRATEGY: "single-user",
            MLOPS_PG_ROLE: "app_single",
            MLOPS_PG_NEW_PASSWORD: newPassword(),
        });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^PostgreSQL password rotation failed: password authentication failed for user "postgres"\n$/);
        assert.ok(!run.stderr.includes("wrong-admin-password"));
    });

    it("names a missing new password without connecting", async () => {
        const run = await runCli({ ...adminEnv("postgres"), [PostgresRotationEnv.Host]: "/nonexistent-socket-dir", MLOPS_PG_ROTATION_STRATEGY: "single-user", MLOPS_PG_ROLE: "app_single" });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /Invalid argument "MLOPS_PG_NEW_PASSWORD": got nothing/);
    });
});

describe("secrecy", () => {
    it("never lets a plaintext password reach the server log, which does log every statement", () => {
        const log = cluster.readLog();
        assert.ok(plaintexts.length >= 10, "the scan covers every rotation's password");
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
        logged(/execute <unnamed>: INSERT INTO rotation_load/, "the load clients' statements");
    });
});
