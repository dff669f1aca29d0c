import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { describe, it } from "node:test";
import {
    PostgresRotationStrategy,
    alterRolePasswordSql,
    alternatingUsersRotationSql,
    alternatingUsersSetupSql,
    readPostgresRotationRequest,
    scramSha256Verifier,
    singleUserRotationSql,
} from "../../components/rotation/postgres";
import { SecretsInputError } from "../../components/validation/inputError";

const verifierFormat = /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=:[A-Za-z0-9+/]{43}=$/;

describe("scramSha256Verifier", () => {
    it("matches the RFC 7677 SCRAM-SHA-256 exchange: a server holding the verifier accepts the client's proof", () => {
        // RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
        const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
        const [, iterationsAndSalt, keys] = scramSha256Verifier("pencil", salt).split("$");
        assert.equal(iterationsAndSalt, "4096:W22ZaJ0SNY7soEsUEjb6gQ==");
        const [storedB64, serverB64] = keys.split(":");
        const authMessage =
            "n=user,r=rOprNGfwEbeRWgbNEkqO," +
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096," +
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        const storedKey = Buffer.from(storedB64, "base64");
        const serverKey = Buffer.from(serverB64, "base64");
        // Server side of SCRAM: ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); H(ClientKey) must be StoredKey.
        const clientProof = Buffer.from("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "base64");
        const clientSignature = createHmac("sha256", storedKey).update(authMessage).digest();
        const clientKey = Buffer.from(clientProof.map((byte, i) => byte ^ clientSignature[i]));
        assert.deepEqual(createHash("sha256").update(clientKey).digest(), storedKey);
        assert.equal(
            createHmac("sha256", serverKey).update(authMessage).digest("base64"),
            "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
        );
    });

    it("has PostgreSQL's format and a fresh 16-byte salt on every call", () => {
        const first = scramSha256Verifier("same password");
        const second = scramSha256Verifier("same password");
        assert.match(first, verifierFormat);
        assert.match(second, verifierFormat);
        assert.notEqual(first.split("$")[1], second.split("$")[1]);
    });

    it("refuses passwords PostgreSQL would SASLprep, without showing them", () => {
        for (const password of ["", "pässwörd-geheim", "nul\0byte"]) {
            assert.throws(
                () => scramSha256Verifier(password),
                (error: unknown) => error instanceof SecretsInputError && error.argument === "password" && (password === "" || !error.message.includes(password)),
            );
        }
    });
});

describe("single-user SQL", () => {
    it("is one ALTER ROLE carrying the verifier, with the role quoted as an identifier", () => {
        const verifier = scramSha256Verifier("pw");
        assert.deepEqual(singleUserRotationSql({ role: 'we"ird role', verifier }), [`ALTER ROLE "we""ird role" PASSWORD '${verifier}'`]);
    });

    it("refuses a plaintext password where a verifier belongs, so it cannot reach the server log", () => {
        assert.throws(() => alterRolePasswordSql("mlflow", "hunter2-plaintext"), /not a password/);
    });

    it("refuses reserved and over-long role names, naming the argument", () => {
        assert.throws(() => singleUserRotationSql({ role: "pg_monitor", verifier: scramSha256Verifier("pw") }), /"role".*reserved/);
        assert.throws(() => singleUserRotationSql({ role: "r".repeat(64), verifier: scramSha256Verifier("pw") }), /"role".*1 to 63 bytes/);
    });
});

describe("alternating-users SQL", () => {
    const verifier = scramSha256Verifier("pw");
    const base = { ownerRole: "mlflow", database: "mlflow", verifier };

    it("gives the new password to the login not in use and reports the switch", () => {
        const cases: [string | undefined, string, string | undefined][] = [
            [undefined, "mlflow_a", undefined],
            ["", "mlflow_a", undefined],
            ["mlflow_a", "mlflow_b", "mlflow_a"],
            ["mlflow_b", "mlflow_a", "mlflow_b"],
            ["mlflow", "mlflow_a", "mlflow"],
        ];
        for (const [currentUser, activeUser, previousUser] of cases) {
            const rotation = alternatingUsersRotationSql({ ...base, currentUser });
            assert.equal(rotation.activeUser, activeUser, `current ${currentUser}`);
            assert.equal(rotation.previousUser, previousUser, `current ${currentUser}`);
            assert.equal(rotation.statements.at(-1), `ALTER ROLE "${activeUser}" PASSWORD '${verifier}'`);
            assert.equal(rotation.statements.filter((s) => s.includes("PASSWORD")).length, 1, "only one login changes password");
        }
    });

    it("rejects a current user that is none of the role's logins, listing the valid ones", () => {
        assert.throws(
            () => alternatingUsersRotationSql({ ...base, currentUser: "postgres" }),
            /Invalid argument "currentUser": got "postgres"\. .*"mlflow_a" or "mlflow_b"/,
        );
    });

    it("refuses to guess the login in use once the logins exist", () => {
        assert.throws(
            () => alternatingUsersRotationSql({ ...base, existingRoles: ["mlflow", "mlflow_a", "mlflow_b"] }),
            /Invalid argument "currentUser": got nothing .*"mlflow_a" and "mlflow_b" already exist, so this is not the first rotation/,
        );
        const migration = alternatingUsersRotationSql({ ...base, currentUser: "mlflow", existingRoles: ["mlflow", "mlflow_a", "mlflow_b"] });
        assert.equal(migration.activeUser, "mlflow_a");
    });

    it("sets up a NOLOGIN owner, two member logins acting as the owner, and grants on the database and schema", () => {
        assert.deepEqual(alternatingUsersSetupSql({ ownerRole: "mlflow", database: "ml db", schema: "tracking" }), [
            'CREATE ROLE "mlflow" NOLOGIN',
            'CREATE ROLE "mlflow_a" LOGIN',
            'GRANT "mlflow" TO "mlflow_a"',
            `ALTER ROLE "mlflow_a" SET role = 'mlflow'`,
            'CREATE ROLE "mlflow_b" LOGIN',
            'GRANT "mlflow" TO "mlflow_b"',
            `ALTER ROLE "mlflow_b" SET role = 'mlflow'`,
            'GRANT CONNECT ON DATABASE "ml db" TO "mlflow"',
            'GRANT USAGE, CREATE ON SCHEMA "tracking" TO "mlflow"',
        ]);
    });

    it("creates only missing roles, so it can run before every rotation", () => {
        const statements = alternatingUsersSetupSql({ ownerRole: "mlflow", database: "mlflow", existingRoles: ["mlflow", "mlflow_a", "mlflow_b"] });
        assert.equal(statements.filter((s) => s.startsWith("CREATE ROLE")).length, 0);
        assert.ok(statements.includes('GRANT USAGE, CREATE ON SCHEMA "public" TO "mlflow"'), "schema defaults to public");
    });

    it("refuses an owner name that leaves no room for the _a/_b suffix", () => {
        assert.throws(() => alternatingUsersSetupSql({ ownerRole: "o".repeat(62), database: "db" }), /"ownerRole".*1 to 61 bytes/);
    });
});

describe("readPostgresRotationRequest", () => {
    const env = {
        PGHOST: "db.internal",
        PGDATABASE: "mlflow",
        PGUSER: "postgres",
        PGPASSWORD: "admin-secret-value",
        MLOPS_PG_ROTATION_STRATEGY: "alternating-users",
        MLOPS_PG_ROLE: "mlflow",
        MLOPS_PG_CURRENT_USER: "mlflow_a",
        MLOPS_PG_NEW_PASSWORD: "new-secret-value",
    };

    it("reads a complete environment, defaulting the port to 5432", () => {
        const request = readPostgresRotationRequest(env);
        assert.equal(request.port, 5432);
        assert.equal(request.strategy, PostgresRotationStrategy.AlternatingUsers);
        assert.equal(request.currentUser, "mlflow_a");
        assert.equal(request.newPassword, "new-secret-value");
    });

    it("names the variable, the bad value and the fix, and never echoes a secret", () => {
        const cases: [Record<string, string>, RegExp][] = [
            [{ MLOPS_PG_ROTATION_STRATEGY: "dual" }, /"MLOPS_PG_ROTATION_STRATEGY": got "dual"\. Set it to one of: single-user, alternating-users/],
            [{ PGPORT: "70000" }, /"PGPORT": got "70000"\. Use a TCP port number/],
            [{ PGHOST: "" }, /"PGHOST": got nothing .*Set PGHOST/],
            [{ MLOPS_PG_CURRENT_USER: "someone" }, /"MLOPS_PG_CURRENT_USER": got "someone"/],
            [{ MLOPS_PG_ROTATION_STRATEGY: "single-user" }, /"MLOPS_PG_CURRENT_USER": got "mlflow_a"\. Unset it: it applies only to alternating-users/],
            [{ MLOPS_PG_NEW_PASSWORD: "" }, /"MLOPS_PG_NEW_PASSWORD": got nothing/],
            [{ MLOPS_PG_NEW_PASSWORD: "naïve-secret" }, /"MLOPS_PG_NEW_PASSWORD": got "<secret, not shown>"/],
            [{ PGPASSWORD: "" }, /"PGPASSWORD": got nothing/],
        ];
        for (const [change, message] of cases) {
            assert.throws(
                () => readPostgresRotationRequest({ ...env, ...change }),
                (error: unknown) =>
                    error instanceof SecretsInputError &&
                    message.test(error.message) &&
                    !error.message.includes("secret-value") &&
                    !error.message.includes("naïve"),
                `for ${JSON.stringify(change)}`,
            );
        }
    });
});
