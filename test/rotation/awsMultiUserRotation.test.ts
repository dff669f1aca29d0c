/**
 * AWS's multi-user rotation for PostgreSQL, checked against a real PostgreSQL 15: the SQL and state machine of AWS's
 * published function (reproduced in ./aws/multiUserRotationFunction.ts from aws-samples/aws-secrets-manager-rotation-lambdas,
 * SecretsManagerRDSPostgreSQLRotationMultiUser/lambda_function.py) over a simulated Secrets Manager with versions and staging
 * labels. This is a reproduction of the function's SQL, not the Lambda itself.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Client, type DatabaseError } from "pg";
import { awsMultiUserSetupSql } from "../../components/rotation/aws/multiUserSetupSql";
import { refreshIntervalForRotation } from "../../components/rotation/aws/refreshInterval";
import { alterRolePasswordSql, scramSha256Verifier } from "../../components/rotation/postgres";
import { type DatabaseSecret, MultiUserRotationFunction } from "./aws/multiUserRotationFunction";
import { SimulatedSecretsManager } from "./aws/simulatedSecretsManager";
import { startThrowawayCluster, type ThrowawayCluster } from "./pg/cluster";
import { asClusterAdmin, connectTo } from "./pg/clients";

let cluster: ThrowawayCluster;
const MASTER_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123abcd-AbCdEf";

before(() => {
    cluster = startThrowawayCluster();
});
after(() => cluster?.stop());

const connect = (database: string, user: string, password: string) => connectTo(cluster, database, user, password);
const asAdmin = <T>(database: string, work: (client: Client) => Promise<T>) => asClusterAdmin(cluster, database, work);

async function login(database: string, secret: Pick<DatabaseSecret, "username" | "password">, work: (client: Client) => Promise<unknown> = async () => undefined): Promise<void> {
    const client = await connect(database, secret.username, secret.password);
    try {
        await work(client);
    } finally {
        await client.end();
    }
}

const loginFails = async (database: string, secret: Pick<DatabaseSecret, "username" | "password">): Promise<string> => {
    try {
        await login(database, secret);
    } catch (error) {
        return (error as DatabaseError).code ?? String(error);
    }
    return "logged in";
};

/**
 * A database, its first login `user` (created by the DBA, optionally with the package's one-time setup), the master
 * secret and the user secret as the package stores them.
 */
async function prepare(database: string, user: string, withSetup: boolean) {
    const password = randomBytes(24).toString("base64url");
    await asAdmin("postgres", (c) => c.query(`CREATE DATABASE ${database}`));
    await asAdmin(database, async (c) => {
        const statements = withSetup
            ? awsMultiUserSetupSql({ username: user, database })
            : [`CREATE ROLE ${user} LOGIN`, `GRANT CONNECT ON DATABASE ${database} TO ${user}`, `GRANT USAGE, CREATE ON SCHEMA public TO ${user}`];
        for (const sql of [...statements, alterRolePasswordSql(user, scramSha256Verifier(password))]) {
            await c.query(sql);
        }
    });
    const sm = new SimulatedSecretsManager();
    sm.createSecret(MASTER_ARN, JSON.stringify({ engine: "postgres", host: cluster.socketDir, port: cluster.port, username: cluster.adminUser, password: cluster.adminPassword }));
    const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:/mlops/${database}-AbCdEf`;
    const first: DatabaseSecret = { engine: "postgres", host: cluster.socketDir, port: cluster.port, username: user, password, dbname: database, masterarn: MASTER_ARN };
    sm.createSecret(arn, JSON.stringify(first));
    const fn = new MultiUserRotationFunction(sm);
    const rotate = (between?: (step: string) => Promise<void>) =>
        sm.rotate(arn, (Step, ClientRequestToken) => fn.handle({ SecretId: arn, ClientRequestToken, Step }), between);
    const read = (stage: string) => JSON.parse(sm.getSecretValue(arn, { VersionStage: stage }).SecretString) as DatabaseSecret;
    return { sm, arn, fn, rotate, read, first };
}

describe("AWS multi-user rotation function (reproduced SQL) on PostgreSQL 15", () => {
    it("alternates u and u_clone: the login not in AWSCURRENT gets the new password, AWSPREVIOUS keeps working until the rotation after next", async () => {
        const { fn, rotate, read, sm, arn } = await prepare("alt", "mlflow", false);
        const history: Array<{ current: DatabaseSecret; previous?: DatabaseSecret }> = [{ current: read("AWSCURRENT") }];
        for (let n = 1; n <= 6; n++) {
            const before = history[history.length - 1].current;
            const sent = fn.statements.length;
            await rotate();
            const current = read("AWSCURRENT");
            const previous = read("AWSPREVIOUS");
            // Which login got the new password: the one that was not current, named u ↔ u_clone.
            assert.equal(current.username, n % 2 === 1 ? "mlflow_clone" : "mlflow", `rotation ${n}`);
            assert.deepEqual(previous, before, "AWSPREVIOUS is the version that was AWSCURRENT");
            assert.notEqual(current.password, before.password);
            // The statements of this rotation, as the server received them (pgdb formats the password into the text).
            const quoteLit = (s: string) => `'${s.replace(/'/g, "''")}'`;
            const expected = n === 1
                ? ["CREATE ROLE mlflow_clone WITH LOGIN PASSWORD " + quoteLit(current.password), "GRANT mlflow TO mlflow_clone"]
                : [`ALTER USER ${current.username} WITH PASSWORD ${quoteLit(current.password)}`];
            assert.deepEqual(fn.statements.slice(sent).map((s) => s.sql).filter((sql) => !/^(BEGIN|COMMIT|SELECT)/.test(sql)), expected);
            assert.ok(fn.statements.slice(sent).every((s) => s.user === cluster.adminUser), "only the master changes roles");
            // Both AWSCURRENT and AWSPREVIOUS log in; the one before that was overwritten.
            await login("alt", current);
            await login("alt", previous);
            if (history.length >= 2) {
                assert.equal(await loginFails("alt", history[history.length - 2].current), "28P01", "two rotations back: password replaced");
            }
            history.push({ current, previous });
        }
        const stages = Object.values(sm.describeSecret(arn).VersionIdsToStages);
        assert.equal(stages.filter((s) => s.includes("AWSCURRENT")).length, 1);
        assert.equal(stages.filter((s) => s.includes("AWSPREVIOUS")).length, 1);
    });

    it("sends the new password as plaintext SQL text: a server logging DDL (log_statement = ddl or all) writes it to its log", async () => {
        const { rotate, read } = await prepare("logged", "app", false);
        await rotate();
        await rotate();
        // The package's own rotation sends SCRAM verifiers; AWS's function does not. Documented in docs/rotation-aws-managed.md.
        const log = cluster.readLog();
        assert.ok(log.includes(read("AWSCURRENT").password));
        assert.ok(log.includes(read("AWSPREVIOUS").password));
    });

    it("with the function's SQL alone, tables created while u_clone is current are unreadable by u after the next rotation", async () => {
        const { rotate, read } = await prepare("owned", "owned_app", false);
        await login("owned", read("AWSCURRENT"), (c) => c.query("CREATE TABLE experiments (id int); INSERT INTO experiments VALUES (1)"));
        await rotate(); // u_clone current
        await login("owned", read("AWSCURRENT"), async (c) => {
            assert.equal((await c.query("SELECT count(*)::int AS n FROM experiments")).rows[0].n, 1, "the clone inherits u's tables");
            await c.query("CREATE TABLE runs (id int); INSERT INTO runs VALUES (1)");
        });
        await rotate(); // u current again
        assert.equal(read("AWSCURRENT").username, "owned_app");
        await login("owned", read("AWSCURRENT"), async (c) => {
            await assert.rejects(c.query("SELECT * FROM runs"), (e: DatabaseError) => e.code === "42501", "permission denied: runs is owned by owned_app_clone");
        });
    });

    it("with the package's one-time setup, every table stays owned by u and usable through both logins across 6 rotations", async () => {
        const { rotate, read, fn } = await prepare("setup", "setup_app", true);
        const tables: string[] = [];
        for (let n = 0; n <= 6; n++) {
            if (n > 0) {
                const sent = fn.statements.length;
                await rotate();
                // The clone exists beforehand, so the function only sets passwords: no CREATE ROLE, no GRANT.
                assert.ok(fn.statements.slice(sent).every((s) => !/^(CREATE|GRANT)/.test(s.sql)));
            }
            const table = `t${n}`;
            for (const stage of n === 0 ? ["AWSCURRENT"] : ["AWSCURRENT", "AWSPREVIOUS"]) {
                await login("setup", read(stage), async (c) => {
                    if (stage === "AWSCURRENT") {
                        await c.query(`CREATE TABLE ${table} (id int)`);
                        tables.push(table);
                    }
                    for (const t of tables) {
                        await c.query(`INSERT INTO ${t} VALUES (${n})`);
                        await c.query(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS note text`);
                    }
                });
            }
        }
        const owners = await asAdmin("setup", (c) => c.query("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"));
        assert.deepEqual(owners.rows, [{ tableowner: "setup_app" }]);
    });

    /**
     * Pods reconnecting while the function rotates 8 times (time in hours: a 1-day period, each rotation anywhere in its
     * 4-hour window). ESO reads AWSCURRENT every `refreshHours` from a random phase, between a rotation's steps when one is due then.
     * Each pod holds a long-lived session opened with the credential it started with (the Reloader restarts it when the
     * synced Secret changes) and opens short connections with the synced credential, as a reconnecting pool does.
     */
    async function consumerRun(database: string, refreshHours: number) {
        const { rotate, read, sm, arn } = await prepare(database, `${database}_app`, true);
        await login(database, read("AWSCURRENT"), (c) => c.query("CREATE TABLE metrics (v int)"));
        let synced = read("AWSCURRENT");
        let syncs = 0;
        const eso = () => {
            synced = JSON.parse(sm.getSecretValue(arn, { VersionStage: "AWSCURRENT" }).SecretString) as DatabaseSecret;
            syncs += 1;
        };
        let running = true;
        let ok = 0;
        const failures: string[] = [];
        const pod = async () => {
            let started = synced;
            let session = await connect(database, started.username, started.password);
            while (running) {
                try {
                    if (started.password !== synced.password) {
                        await session.end();
                        started = synced;
                        session = await connect(database, started.username, started.password);
                    }
                    await session.query("INSERT INTO metrics VALUES (1)");
                    await login(database, synced, (c) => c.query("SELECT count(*) FROM metrics"));
                    ok += 1;
                } catch (error) {
                    failures.push(`${(error as DatabaseError).code ?? ""} ${(error as Error).message}`);
                    await new Promise((r) => setTimeout(r, 5));
                }
            }
            await session.end().catch(() => undefined);
        };
        const pods = Array.from({ length: 6 }, pod);
        let nextRefresh = Math.random() * refreshHours;
        for (let n = 1; n <= 8; n++) {
            const at = n * 24 + Math.random() * 4;
            while (nextRefresh < at) {
                eso();
                nextRefresh += refreshHours;
                await new Promise((r) => setTimeout(r, 20));
            }
            // A rotation's four steps take 0.1 h of simulated time here: a refresh due meanwhile reads between two steps.
            let step = 0;
            await rotate(async () => {
                step += 1;
                while (nextRefresh < at + step * 0.025) {
                    eso();
                    nextRefresh += refreshHours;
                }
                await new Promise((r) => setTimeout(r, 10));
            });
            await new Promise((r) => setTimeout(r, 20));
        }
        running = false;
        await Promise.all(pods);
        return { ok, failures, syncs };
    }

    it("a consumer reconnecting throughout, reading AWSCURRENT at ESO's derived refresh and restarted on change, loses no connection", async () => {
        const refresh = refreshIntervalForRotation({ rotationDays: 1, windowHours: 4 });
        assert.equal(refresh.goDuration, "5h");
        const run = await consumerRun("consumer", refresh.hours);
        assert.deepEqual(run.failures, []);
        assert.ok(run.syncs >= 8 * 4 && run.ok > 100, `${run.ok} successful connections, ${run.syncs} syncs`);
    });

    it("negative control: with a refresh of two periods the same consumer fails (password authentication failed)", async () => {
        const run = await consumerRun("consumer_slow", 48);
        assert.ok(run.failures.length > 0);
        assert.ok(run.failures.every((f) => f.startsWith("28P01")), run.failures.slice(0, 3).join("; "));
    });

    it("a credential read before two rotations no longer logs in: the reason the refresh must fit between rotations", async () => {
        const { rotate, read } = await prepare("stale", "stale_app", true);
        const synced = read("AWSCURRENT");
        await rotate();
        await login("stale", synced);
        await rotate();
        assert.equal(await loginFails("stale", synced), "28P01");
    });
});
