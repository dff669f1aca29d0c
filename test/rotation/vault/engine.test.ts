/**
 * The Vault side of dynamic MLflow logins under the mock runtime: each resource as the engine receives it, the root
 * password only ever secret-wrapped, the creds policy parsed and checked for one exact path, and bad settings refused
 * before anything registers.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { PostgresSslMode } from "../../../components/rotation/postgres/sslMode";
import { resolveVaultDynamicCredentials, VaultDynamicCredentialsArgs } from "../../../components/rotation/vault/dynamicCredentialsArgs";
import { dynamicRoleStatements } from "../../../components/rotation/vault/postgresStatements";
import { createVaultDatabaseEngine } from "../../../components/rotation/vault/vaultDatabaseEngine";
import { SecretsInputError } from "../../../components/validation/inputError";
import { type CapturedResource, isWireSecret, type ProgramRun, runProgram } from "../../harness";

const ROOT_PASSWORD = "initial-root-pw-3f9Q";
const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

function engineArgs(extra: Partial<VaultDynamicCredentialsArgs> = {}): VaultDynamicCredentialsArgs {
    return { host: "mlflow-db.internal", rootPassword: pulumi.secret(ROOT_PASSWORD), caBundlePem: CA_PEM, ...extra };
}

async function runEngine(extra: Partial<VaultDynamicCredentialsArgs> = {}): Promise<ProgramRun> {
    return runProgram(() => {
        const parent = new pulumi.ComponentResource("test:index:Parent", "mlflow-db");
        const resolved = resolveVaultDynamicCredentials("vaultDynamic", engineArgs(extra), { ownerRole: "mlflow", refreshIntervalArgument: "refreshInterval" });
        createVaultDatabaseEngine("mlflow-db", resolved, parent);
    });
}

const byType = (run: ProgramRun, type: string): CapturedResource => {
    const found = run.resources.filter((r) => r.type === type);
    assert.equal(found.length, 1, `one ${type}`);
    return found[0];
};

describe("the Vault database engine for MLflow", () => {
    let run: ProgramRun;
    before(async () => { run = await runEngine(); });

    it("mounts the database engine with the lease bounded by the TTL at the mount too", () => {
        const mount = byType(run, "vault:index/mount:Mount");
        assert.deepEqual([mount.inputs.path, mount.inputs.type, mount.inputs.defaultLeaseTtlSeconds, mount.inputs.maxLeaseTtlSeconds], ["database", "database", 86400, 86400]);
    });

    it("configures the connection: templated URL, verify-full TLS with the CA, SCRAM, only the MLflow role allowed", () => {
        const connection = byType(run, "vault:database/secretBackendConnection:SecretBackendConnection");
        const pg = connection.inputs.postgresql;
        assert.equal(pg.connectionUrl, "postgresql://{{username}}:{{password}}@mlflow-db.internal:5432/mlflow?sslmode=verify-full");
        assert.equal(pg.username, "vault_mlflow");
        assert.equal(pg.passwordAuthentication, "scram-sha-256");
        assert.equal(pg.tlsCa, CA_PEM);
        assert.equal(pg.password, undefined, "the persisted password field is never used");
        assert.equal(pg.passwordWo, ROOT_PASSWORD);
        assert.equal(pg.passwordWoVersion, 1);
        assert.deepEqual(connection.inputs.allowedRoles, ["mlflow"]);
        assert.equal(connection.inputs.verifyConnection, true);
        assert.deepEqual(connection.inputs.rootRotationStatements, dynamicRoleStatements("mlflow").rootRotation);
    });

    it("the root password is secret-wrapped and appears nowhere else in what the engine receives", () => {
        const connection = byType(run, "vault:database/secretBackendConnection:SecretBackendConnection");
        assert.ok(isWireSecret(connection.rawInputs.postgresql) || isWireSecret(connection.rawInputs.postgresql?.passwordWo),
            "passwordWo must reach the engine as a secret");
        const strip = (value: unknown): unknown => isWireSecret(value) ? "<secret>"
            : Array.isArray(value) ? value.map(strip)
            : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)])) : value;
        for (const resource of run.resources) {
            assert.equal(JSON.stringify(strip(resource.rawInputs)).includes(ROOT_PASSWORD), false, `${resource.type} ${resource.name}`);
            assert.equal(JSON.stringify(strip(resource.rawOutputs ?? {})).includes(ROOT_PASSWORD), false);
        }
    });

    it("rotates Vault's root password right after the connection, again when the connection or the password version changes", async () => {
        const connection = byType(run, "vault:database/secretBackendConnection:SecretBackendConnection");
        const rotate = byType(run, "vault:generic/endpoint:Endpoint");
        assert.equal(rotate.inputs.path, "database/rotate-root/mlflow");
        assert.equal(rotate.inputs.dataJson, "{}");
        assert.deepEqual([rotate.inputs.disableRead, rotate.inputs.disableDelete], [true, true]);
        assert.equal(rotate.inputs.writeFields, undefined, "nothing rotate-root returns is kept in state");
        assert.ok(rotate.dependencies.includes(connection.urn));
        const bumped = await runEngine({ rootPasswordVersion: 2 });
        const trigger = (r: ProgramRun) => JSON.stringify(byType(r, "vault:generic/endpoint:Endpoint").options.replacementTrigger);
        assert.ok(trigger(run).includes("#1"), trigger(run));
        assert.notEqual(trigger(bumped), trigger(run));
        const again = await runEngine();
        assert.equal(trigger(again), trigger(run), "an unchanged program does not rotate again");
    });

    it("creates the role with the tested statements and the lease TTLs, after the root rotation", () => {
        const role = byType(run, "vault:database/secretBackendRole:SecretBackendRole");
        const statements = dynamicRoleStatements("mlflow");
        assert.deepEqual(role.inputs.creationStatements, statements.creation);
        assert.deepEqual(role.inputs.revocationStatements, statements.revocation);
        assert.deepEqual([role.inputs.name, role.inputs.dbName, role.inputs.defaultTtl, role.inputs.maxTtl], ["mlflow", "mlflow", 86400, 86400]);
        assert.ok(role.dependencies.includes(byType(run, "vault:generic/endpoint:Endpoint").urn));
    });

    it("sslMode Disable leaves the CA out and says so in the URL", async () => {
        const plain = await runEngine({ sslMode: PostgresSslMode.Disable, caBundlePem: undefined });
        const pg = byType(plain, "vault:database/secretBackendConnection:SecretBackendConnection").inputs.postgresql;
        assert.match(pg.connectionUrl, /sslmode=disable$/);
        assert.equal(pg.tlsCa, undefined);
    });
});

describe("dynamic-credential settings are checked before anything exists", () => {
    const resolve = (extra: Partial<VaultDynamicCredentialsArgs>, refreshInterval?: string) =>
        resolveVaultDynamicCredentials("vaultDynamic", { ...engineArgs(), ...extra } as VaultDynamicCredentialsArgs,
            { ownerRole: "mlflow", refreshInterval, refreshIntervalArgument: "refreshInterval" });

    it("derives refreshInterval as half the lease", () => {
        assert.equal(resolve({}).refreshInterval, "12h");
        assert.equal(resolve({ credentialTtlSeconds: 5400 }).refreshInterval, "45m");
        assert.equal(resolve({ credentialTtlSeconds: 3601 }).refreshInterval, "30m");
        assert.equal(resolve({}, "6h").refreshInterval, "6h");
    });

    const cases: Array<[string, Partial<VaultDynamicCredentialsArgs>, string | undefined, string, RegExp]> = [
        ["a refresh longer than half the lease", {}, "13h", "refreshInterval", /not well inside the logins' lease of 86400 s \(24h\).*at most half the lease \(12h\)/],
        ["a refresh equal to the lease", { credentialTtlSeconds: 3600 }, "1h", "refreshInterval", /at most half the lease \(30m\)/],
        ["a refresh that is no Go duration", {}, "12 hours", "refreshInterval", /Go duration/],
        ["a plain-string root password", { rootPassword: "hunter2-hunter2" }, undefined, "vaultDynamic.rootPassword", /secret Output/],
        ["a missing root password", { rootPassword: undefined }, undefined, "vaultDynamic.rootPassword", /secret Output/],
        ["an unbounded max TTL (0)", { credentialMaxTtlSeconds: 0 }, undefined, "vaultDynamic.credentialMaxTtlSeconds", /0 \(unbounded\) is refused/],
        ["a max TTL below the TTL", { credentialTtlSeconds: 7200, credentialMaxTtlSeconds: 3600 }, undefined, "vaultDynamic.credentialMaxTtlSeconds", /from 7200/],
        ["a lease of 30 days", { credentialTtlSeconds: 30 * 86400 }, undefined, "vaultDynamic.credentialTtlSeconds", /from 600 to 604800/],
        ["Vault logging in as the owner role", { rootUsername: "mlflow" }, undefined, "vaultDynamic.rootUsername", /its own login/],
        ["an owner role that breaks out of SQL", { ownerRole: 'mlflow" SUPERUSER' }, undefined, "vaultDynamic.ownerRole", /PostgreSQL name/],
        ["a host with a path", { host: "db/evil" }, undefined, "vaultDynamic.host", /host name/],
        ["a mount path under sys/", { mountPath: "sys/mounts" }, undefined, "vaultDynamic.mountPath", /mount path/],
        ["a CA bundle without TLS", { sslMode: PostgresSslMode.Disable }, undefined, "vaultDynamic.caBundlePem", /needs TLS/],
    ];
    for (const [what, extra, refresh, argument, message] of cases) {
        it(`refuses ${what}, naming ${argument}`, () => {
            assert.throws(() => resolve(extra, refresh), (error: unknown) =>
                error instanceof SecretsInputError && error.argument === argument && message.test(error.message) && !error.message.includes("hunter2"));
        });
    }
});
