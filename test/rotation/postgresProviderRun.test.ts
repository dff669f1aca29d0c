/**
 * PostgreSQL rotation run exactly as `pulumi up` runs it: a real program (MlflowDbSecret with `database`) under the mock
 * runtime, whose rotation commands are run by a provider that behaves like @pulumi/command's local provider
 * (`/bin/sh -c` with the registered create/update, environment and stdin, PULUMI_COMMAND_STDOUT from the previous
 * run) in a project where the package is installed compiled, against a real PostgreSQL 15 with TLS made by the tests.
 * The store, ESO, the restart and the consumers are simulated around it (pg/platform.ts).
 */
import assert from "node:assert/strict";
import { createServer, type Server, Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { Client } from "pg";
import { CloudProvider, MlflowDbSecret, PostgresRotationStrategy, PostgresSslMode } from "../../components";
import { runProgram } from "../harness";
import { startThrowawayCluster, type ThrowawayCluster } from "./pg/cluster";
import { installPackageLikeAUser, type InstalledProject } from "./pg/installedPackage";
import { SimulatedPlatform } from "./pg/platform";
import { type CommandFault, ProviderRunCloud, psSnapshot } from "./pg/providerRun";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP hop between the deployer and the server, so a test can make the server unreachable for the rotation only. */
class Hop {
    private server?: Server;
    private readonly sockets = new Set<Socket>();
    port = 0;
    constructor(private readonly targetPort: number) {}
    async open(): Promise<void> {
        this.server = createServer((socket) => {
            const upstream = new Socket();
            upstream.connect(this.targetPort, "127.0.0.1");
            // Like a real proxy, a side that is reset or closes takes the other down with it.
            for (const [s, peer] of [[socket, upstream], [upstream, socket]]) {
                this.sockets.add(s);
                s.on("error", () => undefined);
                s.on("close", () => {
                    this.sockets.delete(s);
                    peer.destroy();
                });
            }
            socket.pipe(upstream).pipe(socket);
        });
        await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
        this.port = (this.server!.address() as { port: number }).port;
    }
    async close(): Promise<void> {
        this.sockets.forEach((s) => s.destroy());
        await new Promise((resolve) => this.server?.close(resolve));
    }
}

let project: InstalledProject;
let server: ThrowawayCluster;
let hop: Hop;
/** Every password the run generated, and the admin's: none may appear in the log, ps or the commands' output. */
const secrets = new Set<string>();
const psOutputs: string[] = [];
/** Every provider, for the scan of the commands' output. */
const clouds: ProviderRunCloud[] = [];
const providerFor = (realCommands: RegExp, hooks?: ConstructorParameters<typeof ProviderRunCloud>[2]) => {
    const cloud = new ProviderRunCloud(project.dir, realCommands, hooks);
    clouds.push(cloud);
    return cloud;
};

before(async () => {
    project = installPackageLikeAUser();
    server = startThrowawayCluster({ tls: true });
    secrets.add(server.adminPassword);
    hop = new Hop(server.port);
    await hop.open();
    const admin = new Client({ host: server.socketDir, port: server.port, database: "postgres", user: server.adminUser, password: server.adminPassword });
    await admin.connect();
    await admin.query("CREATE DATABASE mlflow");
    await admin.query("CREATE ROLE single_app LOGIN");
    await admin.end();
});

after(async () => {
    await hop?.close();
    server?.stop();
    project?.remove();
});

interface Deployment {
    readonly cloud: ProviderRunCloud;
    readonly platform: SimulatedPlatform;
    up(trigger: number, settings?: { revokePrevious?: boolean }): Promise<string | undefined>;
    fault?: CommandFault & { command: string };
}

/** Runs `pulumi up` of a program; resolves to the error of a failed run, or undefined. */
async function pulumiUp(program: () => unknown, cloud: ProviderRunCloud): Promise<string | undefined> {
    // A failed resource rejects inside the SDK; runProgram collects that as the run's error. node:test would also
    // count it against the test, so its listener is set aside while the run lasts.
    const testRunnerListeners = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    try {
        await runProgram(program, { cloud });
        return undefined;
    } catch (error) {
        return (error as Error).message;
    } finally {
        testRunnerListeners.forEach((listener) => process.on("unhandledRejection", listener));
    }
}

/** A stack: the program, its provider and the simulated platform around it. `up` returns the error of a failed `pulumi up`. */
function deployment(strategy: PostgresRotationStrategy, role: string): Deployment {
    const platform = new SimulatedPlatform(server, "mlflow");
    const result: Deployment = {
        cloud: providerFor(/-postgres(-handoff)?$/, {
            onApply: async (type, _name, inputs) => {
                if (type === "aws:ssm/parameter:Parameter") {
                    platform.stored = inputs.value;
                    platform.storeWrites.push({ at: Date.now(), value: inputs.value });
                    secrets.add(JSON.parse(inputs.value).password);
                } else if (type === "kubernetes:external-secrets.io/v1:ExternalSecret") {
                    platform.applyExternalSecret(inputs.metadata.annotations["force-sync"]);
                } else if (type === "command:local:Command") {
                    await platform.restart(inputs.environment.MLOPS_ROTATION_ID);
                }
            },
            faultFor: (name) => {
                const fault = result.fault?.command === name ? result.fault : undefined;
                result.fault = undefined;
                return fault;
            },
            whileRunning: async () => {
                psOutputs.push(await psSnapshot());
            },
        }),
        platform,
        async up(trigger, settings = {}) {
            result.cloud.now = () => Date.UTC(2026, 10, 30, 10, 0, 0) + trigger * 60_000;
            return pulumiUp(() => new MlflowDbSecret("mlflow-db", {
                cloud: CloudProvider.Aws,
                username: role,
                rotationTrigger: String(trigger),
                revokePrevious: settings.revokePrevious,
                database: {
                    host: "localhost",
                    port: hop.port,
                    adminPassword: pulumi.secret(server.adminPassword),
                    caBundlePem: server.caPem,
                    rotationStrategy: strategy,
                    lockTimeoutSeconds: 2,
                    timeoutSeconds: 30,
                },
            }), result.cloud);
        },
    };
    return result;
}

const asAdmin = async <T>(work: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ host: server.socketDir, port: server.port, database: "mlflow", user: server.adminUser, password: server.adminPassword });
    await c.connect();
    try {
        return await work(c);
    } finally {
        await c.end();
    }
};

const loginResult = (user: string, password: string): Promise<string> => {
    const c = new Client({ host: server.socketDir, port: server.port, database: "mlflow", user, password });
    c.on("error", () => undefined);
    return c.connect().then(() => c.end().then(() => "ok"), (e: { code?: string }) => e.code ?? "error");
};

/** The failure line the command printed: exactly one line on stderr, naming the step and the fix. */
function failureLine(error: string): string {
    const output = error.split("\n").slice(1).join("\n").trim();
    assert.equal(output.split("\n").length, 1, `one line, got: ${output}`);
    assert.match(output, /^PostgreSQL rotation failed at step "[a-z -]+": .+ Fix: .+/);
    return output;
}

describe("alternating users, run as the provider runs it", () => {
    it("keeps every client connected through 22 rotations with faults, each failed run recovering on the next", async (t) => {
        const d = deployment(PostgresRotationStrategy.AlternatingUsers, "mlflow");
        const failedRuns: Array<{ trigger: number; fault: string; error: string }> = [];
        let trigger = 1;
        assert.equal(await d.up(trigger), undefined, "create");
        d.platform.start();
        const dba = new Client({ host: server.socketDir, port: server.port, database: "mlflow", user: server.adminUser, password: server.adminPassword });
        await dba.connect();
        /** A rotation whose first `pulumi up` is expected to fail, then recover on the next run. */
        const withFault = async (fault: string, inject: () => unknown, clear: () => unknown, step?: RegExp) => {
            await inject();
            const error = await d.up(trigger);
            await clear();
            assert.ok(error, `${fault}: the run should fail`);
            if (step) {
                assert.match(failureLine(error), step, fault);
            }
            failedRuns.push({ trigger, fault, error: error.trim().split("\n").at(-1)! });
            assert.equal(await d.up(trigger), undefined, `${fault}: the next run recovers`);
        };
        try {
            for (trigger = 2; trigger <= 22; trigger += 1) {
                await sleep(150);
                if (trigger === 4) {
                    // A DBA's open transaction holds the logins' rows: the rotation waits lockTimeoutSeconds, then fails.
                    await withFault("held lock",
                        () => dba.query("BEGIN; ALTER ROLE mlflow_a CONNECTION LIMIT -1; ALTER ROLE mlflow_b CONNECTION LIMIT -1"),
                        () => dba.query("ROLLBACK"), /at step "set password": a lock was not granted/);
                } else if (trigger === 7) {
                    // The admin connection is terminated by the server while the rotation waits.
                    await dba.query("SELECT pg_advisory_lock(hashtextextended('mlops-platform-secrets rotation ' || 'mlflow', 0))");
                    const killer = (async () => {
                        for (let i = 0; i < 200; i += 1) {
                            const { rows } = await dba.query(`SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
                                WHERE application_name = 'mlops-password-rotation' AND usename = $1 AND wait_event_type = 'Lock'`, [server.adminUser]);
                            if (rows.length > 0) {
                                return;
                            }
                            await sleep(10);
                        }
                    })();
                    await withFault("admin connection killed", () => undefined, async () => {
                        await killer;
                        await dba.query("SELECT pg_advisory_unlock_all()");
                    }, /at step "lock": the server ended the admin connection|at step "lock": the connection .* was lost/);
                } else if (trigger === 10) {
                    await withFault("server unreachable", () => hop.close(), () => hop.open(), /at step "connect": cannot reach PostgreSQL at localhost:\d+ \(ECONNREFUSED\)/);
                } else if (trigger === 13) {
                    // SIGKILL once it is connected (its transaction may be open): the server rolls it back.
                    const connected = async () => (await asAdmin((c) => c.query(
                        "SELECT 1 FROM pg_stat_activity WHERE application_name = 'mlops-password-rotation' AND usename = $1", [server.adminUser]))).rowCount! > 0;
                    await withFault("command killed mid-run", () => { d.fault = { command: "mlflow-db-postgres", killWhen: connected }; }, () => undefined);
                } else if (trigger === 15) {
                    await withFault("engine killed between the command and the store", () => { d.fault = { command: "mlflow-db-postgres", engineDiesAfter: true }; },
                        () => undefined);
                } else if (trigger === 18) {
                    // ESO is down: rotation 18 stores its pair but cannot sync, so its restart fails ...
                    d.platform.esoPaused = true;
                    const error = await d.up(trigger);
                    assert.match(error ?? "", /did not sync rotation/);
                    failedRuns.push({ trigger, fault: "ESO down: no sync", error: "restart: sync timeout" });
                    // ... and rotation 19, a second rotation without a sync, must not touch either login.
                    trigger += 1;
                    const refused = await d.up(trigger);
                    assert.ok(refused);
                    assert.match(failureLine(refused), /at step "choose login": both logins may be in use/);
                    failedRuns.push({ trigger, fault: "two rotations without a sync", error: failureLine(refused) });
                    // The fix the message gives: let ESO sync and restart the consumer, then run again.
                    d.platform.esoPaused = false;
                    d.platform.sync();
                    await d.platform.rollPool();
                    await sleep(400);
                    assert.equal(await d.up(trigger), undefined, "rotation 19 recovers once the consumer runs on rotation 18's login");
                } else {
                    assert.equal(await d.up(trigger), undefined, `rotation ${trigger}`);
                }
                const pair = JSON.parse(d.platform.stored!) as { username: string; password: string };
                assert.equal(await loginResult(pair.username, pair.password), "ok", `rotation ${trigger}: the stored pair logs in`);
            }
            await sleep(300);
        } finally {
            await dba.end();
            await d.platform.stop();
        }
        const rotateRuns = d.cloud.runs.filter((r) => r.name === "mlflow-db-postgres");
        t.diagnostic(`${d.platform.successes} client connections/queries, ${d.platform.failures.length} failed; ` +
            `${d.platform.syncs.length} ESO syncs; ${d.platform.restarts} restarts; ${rotateRuns.length} rotate runs (${rotateRuns.filter((r) => r.code === 0).length} ok)`);
        for (const f of failedRuns) {
            t.diagnostic(`rotation ${f.trigger}, ${f.fault}: ${f.error}`);
        }
        assert.deepEqual(d.platform.failures, [], "no client connection failed");
        assert.ok(d.platform.successes > 500, `steady load, got ${d.platform.successes}`);
        assert.equal(failedRuns.length, 7);
        assert.equal(rotateRuns[0].operation, "create");
        assert.ok(rotateRuns.slice(1).every((r) => r.operation === "update"));
        assert.ok(d.platform.syncs.filter((s) => s.user === "mlflow_a").length > 0 && d.platform.syncs.filter((s) => s.user === "mlflow_b").length > 0);
        const tls = server.readLog().match(/connection authorized: user=postgres database=mlflow application_name=mlops-password-rotation SSL enabled/g) ?? [];
        assert.ok(tls.length >= 22, `the admin connections used TLS (verify-full): ${tls.length}`);
    });

    it("breach mode: once the consumers restarted, the previous login is refused and its sessions are gone", async () => {
        const d = deployment(PostgresRotationStrategy.AlternatingUsers, "breach");
        assert.equal(await d.up(1), undefined);
        assert.equal(await d.up(2), undefined);
        const before = JSON.parse(d.platform.stored!) as { username: string; password: string };
        // Someone holding the current credential (soon the previous one) keeps a session open.
        const intruder = new Client({ host: server.socketDir, port: server.port, database: "mlflow", user: before.username, password: before.password });
        let ended = 0;
        intruder.on("error", () => { ended = Date.now(); });
        await intruder.connect();
        assert.equal(await d.up(3, { revokePrevious: true }), undefined);
        const restartedAt = d.platform.syncs.at(-1)!.at;
        const handOff = d.cloud.runs.filter((r) => r.name === "mlflow-db-postgres-handoff").at(-1)!;
        assert.deepEqual(JSON.parse(handOff.stdout).revoked, before.username);
        await sleep(200);
        assert.ok(ended > 0 && ended - restartedAt < 5000, `the intruder's session ended ${ended - restartedAt} ms after the sync`);
        assert.equal(await loginResult(before.username, before.password), "28P01", "the previous credential is refused");
        const after = JSON.parse(d.platform.stored!) as { username: string; password: string };
        assert.notEqual(after.username, before.username);
        assert.equal(await loginResult(after.username, after.password), "ok");
        const sessions = await asAdmin((c) => c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = $1", [before.username]));
        assert.equal(sessions.rows[0].n, 0);
        await intruder.end().catch(() => undefined);
        // The next rotation gives the revoked login a new password: rotation goes on.
        assert.equal(await d.up(4), undefined);
        assert.equal(JSON.parse(d.platform.stored!).username, before.username);
    });
});

describe("single user, run as the provider runs it", () => {
    it("succeeds on create and every update; new connections fail only between the password change and the sync", async (t) => {
        const d = deployment(PostgresRotationStrategy.SingleUser, "single_app");
        assert.equal(await d.up(1), undefined, "create");
        d.platform.start();
        const windows: number[] = [];
        try {
            for (let trigger = 2; trigger <= 7; trigger += 1) {
                await sleep(300);
                assert.equal(await d.up(trigger), undefined, `update ${trigger - 1}`);
                const run = d.cloud.runs.filter((r) => r.name === "mlflow-db-postgres").at(-1)!;
                const changedAt = Date.parse(JSON.parse(run.stdout).changedAt);
                const syncedAt = d.platform.syncs.find((s) => s.at >= changedAt)!.at;
                windows.push(syncedAt - changedAt);
            }
            await sleep(300);
        } finally {
            await d.platform.stop();
        }
        const runs = d.cloud.runs.filter((r) => r.name === "mlflow-db-postgres");
        assert.deepEqual(runs.map((r) => [r.operation, r.code]), [["create", 0], ...Array(6).fill(["update", 0])]);
        const failed = d.platform.failures.length;
        t.diagnostic(`window from the password change to the synced Secret: ${windows.join(", ")} ms (max ${Math.max(...windows)}); ` +
            `${failed} of ${failed + d.platform.successes} connections/queries failed in 6 rotations`);
        // Every failure is a login with the old password, refused by the server.
        assert.ok(d.platform.failures.every((f) => /password authentication failed/.test(f.what)), JSON.stringify(d.platform.failures.slice(0, 3)));
        assert.ok(Math.max(...windows) < 5000, "the window stays within the command's exit, the store write and the forced sync");

        // Breach mode: a session opened with the password before the change is ended after the restart.
        const before = JSON.parse(d.platform.stored!) as { username: string; password: string };
        const intruder = new Client({ host: server.socketDir, port: server.port, database: "mlflow", user: before.username, password: before.password });
        let ended = false;
        intruder.on("error", () => { ended = true; });
        await intruder.connect();
        assert.equal(await d.up(8, { revokePrevious: true }), undefined);
        const handOff = JSON.parse(d.cloud.runs.filter((r) => r.name === "mlflow-db-postgres-handoff").at(-1)!.stdout);
        await sleep(200);
        assert.ok(ended, "the session opened with the old password was terminated");
        assert.ok(handOff.terminatedSessions >= 1);
        assert.equal(await loginResult(before.username, before.password), "28P01");
        await intruder.end().catch(() => undefined);
        await d.platform.stop();
    });
});

describe("TLS", () => {
    it("refuses a server certificate it cannot verify, in one line naming the fix", async () => {
        const cloud = providerFor(/-postgres$/);
        const error = await pulumiUp(() => new MlflowDbSecret("tls-db", {
            cloud: CloudProvider.Aws, username: "tlsapp",
            database: { host: "localhost", port: hop.port, adminPassword: pulumi.secret(server.adminPassword) },
        }), cloud);
        assert.match(failureLine(error ?? ""), /at step "connect": the server's TLS certificate was not accepted .*Fix: pass the CA that signs the server's certificate as database\.caBundlePem/);
    });

    it("refuses a server without TLS unless sslMode Disable opts out", async () => {
        const plain = startThrowawayCluster({ plainTcp: true });
        try {
            const program = (sslMode?: PostgresSslMode) => () => new MlflowDbSecret("plain-db", {
                cloud: CloudProvider.Aws, username: "plainapp",
                database: { host: "127.0.0.1", port: plain.port, database: "postgres", adminPassword: pulumi.secret(plain.adminPassword), sslMode },
            });
            const refused = await pulumiUp(program(), providerFor(/-postgres$/));
            assert.match(failureLine(refused ?? ""), /at step "connect": the server at 127\.0\.0\.1:\d+ does not offer TLS.*Fix: enable TLS on the server .*PostgresSslMode\.Disable/);
            assert.equal(await pulumiUp(program(PostgresSslMode.Disable), providerFor(/-postgres$/)), undefined, "opted out: no TLS");
        } finally {
            plain.stop();
        }
    });
});

describe("secrecy", () => {
    it("no plaintext password in the server log, in ps output during the runs, or in the commands' output", () => {
        const log = server.readLog();
        assert.ok(secrets.size >= 30, `the scan covers every rotation's password (${secrets.size})`);
        assert.ok(psOutputs.length >= 20, `ps was sampled while commands ran (${psOutputs.length})`);
        assert.ok(psOutputs.some((out) => out.includes("postgres-cli")), "the samples caught the rotation command");
        const outputs = clouds.flatMap((c) => c.runs.flatMap((r) => [r.stdout, r.stderr]));
        assert.ok(outputs.length >= 60, `every command's output is scanned (${outputs.length})`);
        for (const secret of secrets) {
            assert.ok(!log.includes(secret), "a plaintext password is in the server log");
            assert.ok(!outputs.some((out) => out.includes(secret)), "a plaintext password is in a command's output");
            assert.ok(!psOutputs.some((out) => out.includes(secret)), "a plaintext password is in ps output");
        }
        assert.ok(/statement: ALTER ROLE "mlflow_[ab]" PASSWORD 'SCRAM-SHA-256\$4096:/.test(log), "statement logging caught the rotations");
    });
});
