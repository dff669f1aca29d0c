import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { describe, it } from "node:test";
import {
    type AlternatingUsersState,
    PostgresRotationStrategy,
    PostgresSslMode,
    RotationStep,
    RotationStepError,
    alterRolePasswordSql,
    alternatingUsersRotationSql,
    alternatingUsersSetupSql,
    chooseAlternatingLogin,
    parseAlternatingUsersRecord,
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
    const state = { ownerRole: "mlflow", rotationId: "2026-11-30T10:00:00Z", sessions: {} };
    const choose = (change: Partial<AlternatingUsersState>) => chooseAlternatingLogin({ ...state, ...change });
    const refused = (change: Partial<AlternatingUsersState>, why: RegExp) =>
        assert.throws(() => choose(change), (error: unknown) =>
            error instanceof RotationStepError && error.step === RotationStep.ChooseLogin && why.test(error.line()) && /Fix: /.test(error.line()));

    it("gives the new password to the login neither the store nor a consumer uses", () => {
        const cases: [Partial<AlternatingUsersState>, string, string | undefined][] = [
            [{}, "mlflow_a", undefined], // first rotation, or a database a DBA prepared whose logins nobody uses yet
            [{ storedLogin: "mlflow_a" }, "mlflow_b", "mlflow_a"],
            [{ storedLogin: "mlflow_b" }, "mlflow_a", "mlflow_b"],
            [{ storedLogin: "mlflow" }, "mlflow_a", "mlflow"], // moving from one login to two
            [{ sessions: { mlflow_a: 3 } }, "mlflow_b", "mlflow_a"], // a DBA-prepared database already in use
            [{ record: { stored: "mlflow_b", rotationId: "earlier" } }, "mlflow_a", "mlflow_b"], // state lost, database remembers
            // the consumer moved to mlflow_b (sessions) although the hand-off never confirmed it
            [{ storedLogin: "mlflow_b", sessions: { mlflow_b: 2 }, record: { confirmed: "mlflow_a" } }, "mlflow_a", "mlflow_b"],
        ];
        for (const [change, activeUser, previousUser] of cases) {
            assert.deepEqual(choose(change), { activeUser, previousUser }, JSON.stringify(change));
        }
    });

    it("repeats a rotation the database already committed on the same login (a re-run, or a run cut short)", () => {
        const record = { stored: "mlflow_b", previous: "mlflow_a", rotationId: state.rotationId };
        assert.deepEqual(choose({ storedLogin: "mlflow_a", record }), { activeUser: "mlflow_b", previousUser: "mlflow_a" });
        assert.deepEqual(choose({ storedLogin: "mlflow_b", record }), { activeUser: "mlflow_b", previousUser: "mlflow_a" });
    });

    it("refuses, changing nothing, when both logins may be in use (two rotations without a sync)", () => {
        refused({ storedLogin: "mlflow_b", sessions: { mlflow_a: 4 } }, /"mlflow_a" has 4 open session\(s\); "mlflow_b" holds the stored credential/);
        refused({ storedLogin: "mlflow_b", record: { confirmed: "mlflow_a" } }, /"mlflow_a" is where the consumers were last confirmed to run/);
        refused({ sessions: { mlflow_a: 1, mlflow_b: 1 } }, /both logins may be in use/);
    });

    it("writes the password change and the record in the statements of one transaction", () => {
        const statements = alternatingUsersRotationSql({
            ownerRole: "mlflow", database: "mlflow", existingRoles: ["mlflow", "mlflow_a", "mlflow_b"], activeUser: "mlflow_b", verifier,
            record: { stored: "mlflow_b", previous: "mlflow_a", rotationId: state.rotationId },
        });
        assert.equal(statements.filter((s) => s.includes("PASSWORD")).length, 1, "only one login changes password");
        assert.ok(statements.includes(`ALTER ROLE "mlflow_b" PASSWORD '${verifier}'`));
        const comment = statements.at(-1)!;
        assert.match(comment, /^COMMENT ON ROLE "mlflow" IS 'mlops-platform-secrets rotation state: \{"previous":"mlflow_a","rotationId":"2026-11-30T10:00:00Z","stored":"mlflow_b"\}'$/);
        assert.deepEqual(parseAlternatingUsersRecord(comment.slice(comment.indexOf("'") + 1, -1)), { previous: "mlflow_a", rotationId: state.rotationId, stored: "mlflow_b" });
        assert.equal(parseAlternatingUsersRecord("a DBA's own comment"), undefined);
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
        MLOPS_PG_ROTATION_STRATEGY: "alternating-users",
        MLOPS_PG_ROLE: "mlflow",
        MLOPS_ROTATION_ID: "2026-11-30T10:00:00Z",
    };
    const stdin = JSON.stringify({ newPassword: "new-secret-value", adminPassword: "admin-secret-value" });

    it("reads the environment and the secrets on stdin, with TLS verify-full and bounded waits by default", () => {
        const request = readPostgresRotationRequest(env, stdin);
        assert.equal(request.port, 5432);
        assert.equal(request.strategy, PostgresRotationStrategy.AlternatingUsers);
        assert.equal(request.sslMode, PostgresSslMode.VerifyFull);
        assert.deepEqual([request.lockTimeoutSeconds, request.statementTimeoutSeconds, request.timeoutSeconds], [10, 30, 120]);
        assert.equal(request.newPassword, "new-secret-value");
        assert.equal(request.adminPassword, "admin-secret-value");
        assert.equal(request.previousResult, undefined);
    });

    it("takes the previous result for both strategies, and PGPASSWORD when stdin has no admin password", () => {
        const previous = JSON.stringify({ strategy: "single-user", activeUser: "mlflow", rotationId: "x" });
        const single = readPostgresRotationRequest({ ...env, MLOPS_PG_ROTATION_STRATEGY: "single-user", PULUMI_COMMAND_STDOUT: previous, PGPASSWORD: "from-shell" },
            JSON.stringify({ newPassword: "new-secret-value" }));
        assert.equal(single.previousResult?.activeUser, "mlflow");
        assert.equal(single.adminPassword, "from-shell");
        assert.equal(readPostgresRotationRequest({ ...env, PULUMI_COMMAND_STDOUT: "not our output" }, stdin).previousResult, undefined);
    });

    it("names the variable, the bad value and the fix, and never echoes a secret", () => {
        const cases: [Record<string, string>, string, RegExp][] = [
            [{ MLOPS_PG_ROTATION_STRATEGY: "dual" }, stdin, /"MLOPS_PG_ROTATION_STRATEGY": got "dual"\. Set it to one of: single-user, alternating-users/],
            [{ PGPORT: "70000" }, stdin, /"PGPORT": got "70000"\. Use a TCP port number/],
            [{ PGHOST: "" }, stdin, /"PGHOST": got nothing .*Set PGHOST/],
            [{ PGSSLMODE: "require" }, stdin, /"PGSSLMODE": got "require"\. Set it to one of: verify-full, verify-ca, disable/],
            [{ MLOPS_PG_LOCK_TIMEOUT_SECONDS: "0" }, stdin, /"MLOPS_PG_LOCK_TIMEOUT_SECONDS": got "0"/],
            [{ MLOPS_PG_ROTATION_STRATEGY: "single-user", MLOPS_PG_SCHEMA: "x" }, stdin, /"MLOPS_PG_SCHEMA": got "x"\. Unset it/],
            [{}, JSON.stringify({ adminPassword: "admin-secret-value" }), /"newPassword": got nothing/],
            [{}, JSON.stringify({ newPassword: "naïve-secret", adminPassword: "admin-secret-value" }), /"newPassword": got "<secret, not shown>"/],
            [{}, JSON.stringify({ newPassword: "new-secret-value" }), /"adminPassword": got nothing .*PGPASSWORD/],
            [{}, "{not json new-secret-value", /"stdin": got "\(not shown\)"/],
            [{ MLOPS_ROTATION_ID: "" }, stdin, /"MLOPS_ROTATION_ID": got nothing/],
        ];
        for (const [change, input, message] of cases) {
            assert.throws(
                () => readPostgresRotationRequest({ ...env, ...change }, input),
                (error: unknown) =>
                    error instanceof SecretsInputError &&
                    message.test(error.message) &&
                    !error.message.includes("secret-value") &&
                    !error.message.includes("naïve"),
                `for ${JSON.stringify(change)} ${input.slice(0, 5)}`,
            );
        }
    });
});
