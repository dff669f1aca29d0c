/**
 * The MLflow role's creation, revocation and root-rotation statements on a real PostgreSQL 15, run the way Vault's
 * PostgreSQL plugin runs them (substitution, splitting, one transaction, SCRAM verifiers: see vaultPostgresPlugin.ts),
 * as a Vault login that is no superuser and was set up with `vaultRootSetupStatements`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "pg";
import { scramSha256Verifier } from "../../../components/rotation/postgres/scramVerifier";
import { dynamicRoleStatements, vaultRootSetupStatements } from "../../../components/rotation/vault/postgresStatements";
import { SecretsInputError } from "../../../components/validation/inputError";
import { startThrowawayCluster, type ThrowawayCluster } from "../pg/cluster";
import { asClusterAdmin, connectTo } from "../pg/clients";
import { containsMultilineStatement, type IssuedCredential, parseArbitraryStringSlice, VaultPostgresPlugin } from "./vaultPostgresPlugin";

const statements = dynamicRoleStatements("mlflow");
const issue = { displayName: "kubernetes-mlflow-external-secrets-reader", roleName: "mlflow" };
let cluster: ThrowawayCluster;
let vault: VaultPostgresPlugin;
let initialRootPassword: string;

const connect = (database: string, user: string, password: string) => connectTo(cluster, database, user, password);
const asAdmin = <T>(database: string, work: (client: Client) => Promise<T>) => asClusterAdmin(cluster, database, work);

async function loginFails(credential: IssuedCredential | { username: string; password: string }): Promise<string> {
    try {
        const client = await connect("mlflow", credential.username, credential.password);
        await client.end();
        return "logged in";
    } catch (error) {
        return (error as { code?: string }).code ?? String(error);
    }
}

before(async () => {
    cluster = startThrowawayCluster();
    initialRootPassword = "initial-Root-password-1";
    await asAdmin("postgres", async (admin) => {
        await admin.query("CREATE ROLE mlflow NOLOGIN");
        await admin.query("CREATE DATABASE mlflow OWNER mlflow");
        for (const statement of vaultRootSetupStatements("vault_root", "mlflow", "mlflow")) {
            await admin.query(statement);
        }
        await admin.query(`ALTER ROLE vault_root PASSWORD '${scramSha256Verifier(initialRootPassword)}'`);
    });
    vault = new VaultPostgresPlugin({ host: cluster.socketDir, port: cluster.port, database: "mlflow", username: "vault_root", password: initialRootPassword });
});

after(() => cluster?.stop());

describe("Vault's statements, split and filled the way Vault does", () => {
    it("each entry stays one statement: no ';' inside, no word END that would run it whole", () => {
        for (const statement of [...statements.creation, ...statements.revocation, ...statements.rootRotation]) {
            assert.equal(containsMultilineStatement(statement), false, statement);
            assert.deepEqual(parseArbitraryStringSlice(statement, ";"), [statement]);
        }
    });

    it("the splitter is Vault's: ';' splits even inside quotes, and END marks a statement to run whole", () => {
        assert.deepEqual(parseArbitraryStringSlice("SELECT 'a;b'; SELECT 1", ";"), ["SELECT 'a", "b'", "SELECT 1"]);
        assert.deepEqual(parseArbitraryStringSlice('["one; two", "three"]', ";"), ["one; two", "three"]);
        assert.equal(containsMultilineStatement("DO $$ BEGIN PERFORM 1; END $$"), true);
        assert.equal(containsMultilineStatement("GRANT APPEND"), false);
    });

    it("refuses an owner role name that could break out of the statements", () => {
        assert.throws(() => dynamicRoleStatements('mlflow"; DROP TABLE x; --'), SecretsInputError);
        assert.throws(() => vaultRootSetupStatements("mlflow", "mlflow", "mlflow"), /its own login/);
    });
});

describe("dynamic MLflow logins on PostgreSQL 15", () => {
    let first: IssuedCredential;
    let second: IssuedCredential;

    it("a new login acts as the owner role: MLflow's migrations through it create tables owned by mlflow", async () => {
        first = await vault.newUser(statements.creation, { ...issue, ttlSeconds: 3600 });
        assert.match(first.username, /^v-kubernet-mlflow-[A-Za-z0-9]{20}-\d+$/);
        const client = await connect("mlflow", first.username, first.password);
        try {
            const who = await client.query("SELECT current_user AS acting, session_user AS login");
            assert.deepEqual(who.rows[0], { acting: "mlflow", login: first.username });
            // The shape of MLflow's first migration: tables, a sequence, an index.
            await client.query("CREATE TABLE experiments (experiment_id SERIAL PRIMARY KEY, name VARCHAR(256) NOT NULL UNIQUE)");
            await client.query("CREATE INDEX experiments_name ON experiments (name)");
            await client.query("INSERT INTO experiments (name) VALUES ('Default')");
        } finally {
            await client.end();
        }
        const owners = await asAdmin("mlflow", (admin) => admin.query(
            "SELECT c.relname, r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1"));
        assert.deepEqual(owners.rows.map((row) => `${row.relname}:${row.rolname}`),
            ["experiments:mlflow", "experiments_experiment_id_seq:mlflow", "experiments_name:mlflow", "experiments_name_key:mlflow", "experiments_pkey:mlflow"]);
        const attributes = await asAdmin("mlflow", (admin) => admin.query(
            "SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolvaliduntil IS NOT NULL AS expires FROM pg_roles WHERE rolname = $1", [first.username]));
        assert.deepEqual(attributes.rows[0], { rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false, expires: true });
    });

    it("a second login reads and writes the tables the first one created, and the first reads what the second creates", async () => {
        second = await vault.newUser(statements.creation, { ...issue, ttlSeconds: 3600 });
        assert.notEqual(second.username, first.username);
        const b = await connect("mlflow", second.username, second.password);
        try {
            assert.deepEqual((await b.query("SELECT name FROM experiments")).rows, [{ name: "Default" }]);
            await b.query("INSERT INTO experiments (name) VALUES ('churn-model')");
            await b.query("UPDATE experiments SET name = 'Default experiment' WHERE name = 'Default'");
            await b.query("CREATE TABLE runs (run_uuid VARCHAR(32) PRIMARY KEY, experiment_id INTEGER REFERENCES experiments)");
            await b.query("INSERT INTO runs VALUES ('r1', 2)");
            await b.query("ALTER TABLE experiments ADD COLUMN lifecycle_stage VARCHAR(32)");
        } finally {
            await b.end();
        }
        const a = await connect("mlflow", first.username, first.password);
        try {
            assert.deepEqual((await a.query("SELECT run_uuid FROM runs")).rows, [{ run_uuid: "r1" }]);
            await a.query("DELETE FROM runs WHERE run_uuid = 'r1'");
            await a.query("DROP INDEX experiments_name");
        } finally {
            await a.end();
        }
    });

    it("after revocation a login cannot log in, owns nothing, its open session is ended, and no MLflow data is lost", async () => {
        const open = await connect("mlflow", first.username, first.password);
        // Whatever the login manages to own by stepping out of the owner role, and a grant made to it, must not block the drop.
        await open.query(`SET ROLE "${first.username}"`);
        await open.query("CREATE TABLE stray_artifacts (path TEXT)");
        await open.query("INSERT INTO stray_artifacts VALUES ('s3://bucket/run/model.pkl')");
        await open.query("RESET ROLE");
        await asAdmin("mlflow", (admin) => admin.query(`GRANT SELECT ON runs TO "${first.username}"`));

        await vault.deleteUser(statements.revocation, first.username);

        await assert.rejects(open.query("SELECT 1"), "the open session must be ended by the revocation");
        await open.end().catch(() => undefined);
        assert.equal(await loginFails(first), "28P01");
        const left = await asAdmin("mlflow", async (admin) => ({
            role: (await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [first.username])).rowCount,
            sessions: (await admin.query("SELECT 1 FROM pg_stat_activity WHERE usename = $1", [first.username])).rowCount,
            stray: (await admin.query("SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.relname = 'stray_artifacts'")).rows,
            dependencies: (await admin.query("SELECT count(*)::int AS n FROM pg_shdepend WHERE refobjid NOT IN (SELECT oid FROM pg_roles) AND refclassid = 'pg_authid'::regclass")).rows[0].n,
        }));
        assert.deepEqual(left, { role: 0, sessions: 0, stray: [{ rolname: "mlflow" }], dependencies: 0 });
        const b = await connect("mlflow", second.username, second.password);
        try {
            assert.equal((await b.query("SELECT count(*)::int AS n FROM experiments")).rows[0].n, 2);
            assert.deepEqual((await b.query("SELECT path FROM stray_artifacts")).rows, [{ path: "s3://bucket/run/model.pkl" }]);
        } finally {
            await b.end();
        }
    });

    it("VALID UNTIL only refuses new logins: a session opened before the lease's end goes on until revocation ends it", async () => {
        const short = await vault.newUser(statements.creation, { ...issue, ttlSeconds: 2 });
        const open = await connect("mlflow", short.username, short.password);
        await sleep(3_000);
        assert.equal(await loginFails(short), "28P01");
        assert.equal((await open.query("SELECT count(*)::int AS n FROM experiments")).rows[0].n, 2);
        await vault.deleteUser(statements.revocation, short.username);
        await assert.rejects(open.query("SELECT 1"));
        await open.end().catch(() => undefined);
    });

    it("root rotation: Vault's login gets a password only Vault knows, the initial one is refused, Vault keeps working", async () => {
        assert.equal(await loginFails({ username: "vault_root", password: initialRootPassword }), "logged in");
        await vault.rotateRoot(statements.rootRotation);
        assert.equal(await loginFails({ username: "vault_root", password: initialRootPassword }), "28P01");
        const after = await vault.newUser(statements.creation, { ...issue, ttlSeconds: 60 });
        assert.equal(await loginFails(after), "logged in");
        await vault.deleteUser(statements.revocation, after.username);
        const root = await asAdmin("mlflow", (admin) => admin.query("SELECT rolsuper FROM pg_roles WHERE rolname = 'vault_root'"));
        assert.equal(root.rows[0].rolsuper, false, "everything above ran as a login that is no superuser");
    });

    it("the server never saw a generated password in plain text (Vault sends SCRAM verifiers)", () => {
        const log = cluster.readLog();
        assert.ok(log.includes("CREATE ROLE"), "statement logging is on");
        assert.ok(vault.plaintexts.length >= 5);
        for (const password of vault.plaintexts) {
            assert.equal(log.includes(password), false);
        }
    });
});
