import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as random from "@pulumi/random";
import { GrafanaAdminResetArgs, grafanaAdminResetCommandArgs, MissingWorkload } from "../../components/rotation/kubernetes";
import { assertNoLeaks, isWireSecret, ProgramRun } from "../harness";
import { captureCommand } from "./fake-kubectl/capturedCommand";
import { CommandInputs, CommandRun, FakeCluster, runWithFakeKubectl, verbs } from "./fake-kubectl/fakeKubectl";

const ROTATION_ID = "2026-11-27T10:00:00Z";

interface ResetRun extends CommandRun {
    readonly password: string;
    readonly program: ProgramRun;
    readonly rawInputs: Record<string, unknown>;
}

async function runReset(args: Partial<GrafanaAdminResetArgs>, cluster: Partial<FakeCluster> = {}): Promise<ResetRun> {
    const { run: program, command } = await captureCommand(() => {
        const password = new random.RandomPassword("grafana-admin", { length: 32, special: true });
        return grafanaAdminResetCommandArgs({ namespace: "monitoring", adminPassword: password.result, rotationId: ROTATION_ID, ...args });
    });
    const password = program.cloud.generatedSecrets[0];
    const run = await runWithFakeKubectl(command.inputs as CommandInputs, { secretAnswers: [], ...cluster });
    return { ...run, password, program, rawInputs: command.rawInputs };
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("Grafana admin reset", { concurrency: true }, () => {
    it("waits for Grafana, then pipes the new password to grafana cli on stdin; it is never in argv or output", async () => {
        const run = await runReset({});
        assert.equal(run.exitCode, 0, run.stderr);
        assert.deepEqual(run.calls.map((c) => verbs(c).join(" ")), [
            "get deployment/grafana",
            "rollout status deployment/grafana",
            "exec deployment/grafana",
        ]);
        const exec = run.calls[2];
        const dash = exec.argv.indexOf("--");
        assert.deepEqual(exec.argv.slice(0, dash), ["exec", "-i", "deployment/grafana", "-n", "monitoring", "-c", "grafana"]);
        assert.deepEqual(exec.argv.slice(dash + 1, dash + 3), ["sh", "-c"]);
        // The in-pod shell ran a (fake) grafana with the image's paths, and grafana read exactly the generated password.
        assert.equal(run.podCalls.length, 1);
        assert.deepEqual(run.podCalls[0].grafanaArgv, [
            "cli", "--homepath", "/usr/share/grafana", "--config", "/etc/grafana/grafana.ini",
            "admin", "reset-admin-password", "--password-from-stdin",
        ]);
        assert.equal(run.podCalls[0].stdinSha256, sha256(run.password), "grafana cli did not receive exactly the generated password");
        assert.ok(run.calls[1].argv.includes("--timeout=300s"));

        assert.ok(run.password.length >= 8);
        for (const where of [run.log, run.stdout, run.stderr]) {
            assert.ok(!where.includes(run.password), "the password appeared in argv or output");
        }
        assert.match(run.stdout, /Grafana admin password reset through deployment\/grafana in namespace monitoring/);
    });

    it("hands the password to the Command only as a secret stdin, with logging off", async () => {
        const run = await runReset({});
        assert.ok(isWireSecret(run.rawInputs.stdin), "stdin is not marked secret");
        assert.equal(run.rawInputs.logging, "none");
        assertNoLeaks(run.program);
    });

    it("uses the workload, container and timeout given", async () => {
        const run = await runReset({ workload: "statefulset/observability-grafana", container: "grafana-server", readyTimeoutSeconds: 60 });
        assert.equal(run.exitCode, 0, run.stderr);
        assert.ok(run.calls[1].argv.includes("--timeout=60s"));
        assert.deepEqual(run.calls[2].argv.slice(0, 7), ["exec", "-i", "statefulset/observability-grafana", "-n", "monitoring", "-c", "grafana-server"]);
        assert.equal(run.podCalls.length, 1);
    });

    it("fails within the timeout when Grafana never becomes ready, and does not exec", async () => {
        const run = await runReset({ readyTimeoutSeconds: 1 }, { rolloutHang: ["deployment/grafana"] });
        assert.equal(run.exitCode, 1);
        assert.ok(run.seconds >= 1 && run.seconds < 5, `took ${run.seconds}s`);
        assert.match(run.stderr, /deployment\/grafana in namespace monitoring was not ready within 1s, so Grafana's admin password was not reset/);
        assert.match(run.stderr, /kubectl logs deployment\/grafana -n monitoring -c grafana/);
        assert.equal(run.calls.filter((c) => verbs(c)[0] === "exec").length, 0);
        assert.equal(run.podCalls.length, 0);
    });

    it("says the old password still works when grafana cli fails", async () => {
        const run = await runReset({}, { execFail: true });
        assert.equal(run.exitCode, 1);
        assert.match(run.stderr, /grafana cli admin reset-admin-password failed in deployment\/grafana \(container grafana, namespace monitoring\)/);
        assert.match(run.stderr, /Grafana still accepts the previous admin password/);
        assert.ok(!run.stderr.includes(run.password) && !run.stdout.includes(run.password));
    });

    it("fails on a missing Grafana, or skips it when told to", async () => {
        const failed = await runReset({}, { missing: ["deployment/grafana"] });
        assert.equal(failed.exitCode, 1);
        assert.match(failed.stderr, /deployment\/grafana does not exist in namespace monitoring/);

        const skipped = await runReset({ missingWorkload: MissingWorkload.Skip }, { missing: ["deployment/grafana"] });
        assert.equal(skipped.exitCode, 0, skipped.stderr);
        assert.match(skipped.stdout, /nothing to reset/);
        assert.deepEqual(skipped.calls.map((c) => verbs(c)[0]), ["get"]);
    });

    it("breach response: after the reset, every session of the admin is revoked through Grafana's API; the password only on stdin", async () => {
        const tokens = JSON.stringify([{ id: 3, isActive: true, clientIp: "10.0.0.7" }, { id: 11, isActive: false, clientIp: "203.0.113.9" }]);
        const run = await runReset({ revokeSessions: true, adminUser: "platform-admin" }, { grafanaTokens: tokens });
        assert.equal(run.exitCode, 0, run.stderr);
        // grafana cli got exactly the password first, then curl listed and revoked each token, as that user with that password.
        assert.equal(run.podCalls[0].stdinSha256, sha256(run.password));
        assert.deepEqual(run.curlCalls.map((c) => [c.curlUrl, c.curlData]), [
            ["http://localhost:3000/api/user/auth-tokens", ""],
            ["http://localhost:3000/api/user/revoke-auth-token", '{"authTokenId":3}'],
            ["http://localhost:3000/api/user/revoke-auth-token", '{"authTokenId":11}'],
        ]);
        for (const call of run.curlCalls) {
            assert.equal(call.curlUser, "platform-admin");
            assert.equal(call.curlPasswordSha256, sha256(run.password), "curl authenticates with the new password");
            assert.ok(call.curlArgv.includes("-K") && call.curlArgv[call.curlArgv.indexOf("-K") + 1] === "-", "credential read from stdin");
        }
        for (const where of [run.log, run.stdout, run.stderr]) {
            assert.ok(!where.includes(run.password), "the password appeared in an argv or the output");
        }
        assert.match(run.stdout, /revoked 2 session\(s\) of Grafana user platform-admin/);
        const exec = run.calls.find((c) => verbs(c)[0] === "exec")!;
        assert.deepEqual(exec.argv.slice(-3), ["grafana-admin-reset", "true", "platform-admin"]);
    });

    it("without revokeSessions no API call is made", async () => {
        const run = await runReset({}, { grafanaTokens: JSON.stringify([{ id: 3 }]) });
        assert.equal(run.exitCode, 0, run.stderr);
        assert.equal(run.curlCalls.length, 0);
        assert.equal(run.podCalls.length, 1);
    });

    it("a failing session API fails the step in one line: the password is reset, the sessions may live on, and what to do", async () => {
        const run = await runReset({ revokeSessions: true }, { curlFail: true, grafanaTokens: JSON.stringify([{ id: 3 }]) });
        assert.equal(run.exitCode, 1);
        assert.equal(run.podCalls.length, 1, "the reset ran");
        const own = run.stderr.split("\n").filter((l) => l.startsWith("mlops-reset-grafana-admin: error:"));
        assert.equal(own.length, 1, run.stderr);
        assert.equal(run.stderr.trimEnd().split("\n").at(-1), own[0]);
        assert.match(own[0], /admin password was reset .* but revoking the sessions of 'admin' .* failed/);
        assert.match(own[0], /Administration > Users > admin > Sessions/);
        assert.match(own[0], /run 'pulumi up' again/);
        assert.ok(!run.stderr.includes(run.password));
    });
});
