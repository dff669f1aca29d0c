import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { MissingWorkload, waitAndRestartCommandArgs, WaitAndRestartArgs } from "../../components/rotation/kubernetes";
import { captureCommand } from "./fake-kubectl/capturedCommand";
import { CommandRun, FakeCluster, KubectlCall, runWithFakeKubectl, SECRET_CANARY, verbs } from "./fake-kubectl/fakeKubectl";

const OLD_ID = "2026-08-29T10:00:00Z";
const NEW_ID = "2026-11-27T10:00:00Z";
const ANNOTATION_QUERY = "jsonpath={.metadata.annotations.mlops\\.platform/rotation-id}";
// The helper polls every 2 s; the tests poll faster so that several polls fit in a second.
const FAST_POLL = { MLOPS_POLL_INTERVAL_SECONDS: "0.05" };

const baseArgs: WaitAndRestartArgs = {
    namespace: "mlflow",
    externalSecretName: "mlflow-db",
    secretName: "mlflow-db-credentials",
    rotationId: NEW_ID,
    workloads: ["deployment/mlflow", "statefulset/mlflow-worker"],
    kubeconfigPath: "/home/deployer/.kube/platform.yaml",
    kubeContext: "platform-dev",
};

async function runStep(args: Partial<WaitAndRestartArgs>, cluster: FakeCluster): Promise<CommandRun> {
    const { command } = await captureCommand(() => waitAndRestartCommandArgs({ ...baseArgs, ...args }));
    return runWithFakeKubectl(command.inputs as { create: string; environment: Record<string, string> }, cluster, FAST_POLL);
}

const byVerb = (run: CommandRun, ...words: string[]): KubectlCall[] =>
    run.calls.filter((c) => words.every((w, i) => verbs(c)[i] === w));

function assertNeverAskedForSecretData(run: CommandRun): void {
    for (const call of byVerb(run, "get", "secret")) {
        const output = call.argv[call.argv.indexOf("-o") + 1];
        assert.ok(output === ANNOTATION_QUERY || output === "name", `a Secret was read with -o ${output}`);
    }
    assert.ok(!run.stdout.includes(SECRET_CANARY) && !run.stderr.includes(SECRET_CANARY), "Secret data reached the output");
}

describe("wait → restart → rollout status", { concurrency: true }, () => {
    it("asks kubectl for a JSONPath that the real kubectl client resolves to the annotation, and only to it", () => {
        // The fake answers only this exact query; here the real client (offline, --local) evaluates it on a Secret.
        const secret = JSON.stringify({
            apiVersion: "v1", kind: "Secret",
            metadata: { name: "mlflow-db-credentials", namespace: "mlflow", annotations: { "mlops.platform/rotation-id": NEW_ID, "other.io/x": "y" } },
            data: { password: Buffer.from("not-to-be-printed").toString("base64") },
        });
        const read = (query: string) =>
            execFileSync("kubectl", ["annotate", "--local", "-f", "-", "unrelated=1", "-o", query], { input: secret, encoding: "utf8" });
        assert.equal(read(ANNOTATION_QUERY), NEW_ID);
    });

    it("waits for the new rotation id, then restarts every workload, then awaits each rollout", async () => {
        const run = await runStep({}, { secretAnswers: [OLD_ID, OLD_ID, OLD_ID, NEW_ID] });
        assert.equal(run.exitCode, 0, run.stderr);

        const sequence = run.calls.map((c) => verbs(c).join(" "));
        assert.deepEqual(sequence, [
            "get secret mlflow-db-credentials",
            "get secret mlflow-db-credentials",
            "get secret mlflow-db-credentials",
            "get secret mlflow-db-credentials",
            "get deployment/mlflow",
            "rollout restart deployment/mlflow",
            "get statefulset/mlflow-worker",
            "rollout restart statefulset/mlflow-worker",
            "rollout status deployment/mlflow",
            "rollout status statefulset/mlflow-worker",
        ]);
        for (const call of run.calls) {
            assert.deepEqual(call.argv.slice(0, 4), ["--kubeconfig", "/home/deployer/.kube/platform.yaml", "--context", "platform-dev"]);
            assert.equal(call.argv[call.argv.indexOf("-n") + 1], "mlflow");
        }
        for (const call of byVerb(run, "rollout", "status")) {
            assert.ok(call.argv.includes("--timeout=300s"), call.argv.join(" "));
        }
        assertNeverAskedForSecretData(run);
        assert.match(run.stdout, /carries rotation id 2026-11-27T10:00:00Z/);
        assert.match(run.stdout, /restarted and rolled out: deployment\/mlflow statefulset\/mlflow-worker/);
    });

    it("keeps polling through a Secret that does not exist yet and API errors", async () => {
        const run = await runStep({}, { secretAnswers: ["!not-found", "!error", OLD_ID, NEW_ID] });
        assert.equal(run.exitCode, 0, run.stderr);
        assert.equal(byVerb(run, "get", "secret").length, 4);
        assert.equal(byVerb(run, "rollout", "restart").length, 2);
    });

    it("only waits when no workload is named", async () => {
        const run = await runStep({ workloads: [] }, { secretAnswers: [NEW_ID] });
        assert.equal(run.exitCode, 0, run.stderr);
        assert.deepEqual(run.calls.map((c) => verbs(c)[0]), ["get"]);
        assert.match(run.stdout, /nothing to restart/);
    });
});

describe("failures a user must be able to act on", { concurrency: true }, () => {
    it("fails within the sync timeout when the Secret never gets the new id, naming what to check, and restarts nothing", async () => {
        const run = await runStep({ syncTimeoutSeconds: 1 }, { secretAnswers: [OLD_ID], esReadyReason: "SecretSyncedError" });
        assert.equal(run.exitCode, 1);
        assert.ok(run.seconds >= 1 && run.seconds < 5, `took ${run.seconds}s`);
        assert.match(run.stderr, /timed out after 1s waiting for External Secrets Operator to sync Secret mlflow\/mlflow-db-credentials with rotation id '2026-11-27T10:00:00Z'/);
        assert.match(run.stderr, /it still carries rotation id '2026-08-29T10:00:00Z'/);
        assert.match(run.stderr, /Ready reason: SecretSyncedError/);
        assert.match(run.stderr, /kubectl describe externalsecret mlflow-db -n mlflow/);
        assert.match(run.stderr, /kubectl logs -n external-secrets deployment\/external-secrets/);
        assert.match(run.stderr, /The workloads were not restarted/);
        assert.equal(byVerb(run, "rollout").length, 0);
        assertNeverAskedForSecretData(run);
    });

    it("says when the Secret does not exist at all, and names the ESO namespace given", async () => {
        const run = await runStep({ syncTimeoutSeconds: 1, esoNamespace: "eso" }, { secretAnswers: ["!not-found"] });
        assert.equal(run.exitCode, 1);
        assert.match(run.stderr, /the Secret does not exist yet/);
        assert.match(run.stderr, /kubectl logs -n eso deployment\/external-secrets/);
    });

    it("reports kubectl's own error when the cluster cannot be reached", async () => {
        const run = await runStep({ syncTimeoutSeconds: 1 }, { secretAnswers: ["!error"] });
        assert.equal(run.exitCode, 1);
        assert.match(run.stderr, /kubectl could not read it: Unable to connect to the server/);
    });

    it("fails within the rollout timeout when a rollout never finishes, naming every stuck workload", async () => {
        const run = await runStep(
            { rolloutTimeoutSeconds: 1, workloads: ["deployment/mlflow", "statefulset/mlflow-worker", "deployment/mlflow-ui"] },
            { secretAnswers: [NEW_ID], rolloutHang: ["deployment/mlflow", "deployment/mlflow-ui"] },
        );
        assert.equal(run.exitCode, 1);
        // Two stuck rollouts, awaited one after the other, 1 s each.
        assert.ok(run.seconds >= 2 && run.seconds < 6, `took ${run.seconds}s`);
        // All three were restarted before any rollout was awaited, and every rollout was awaited.
        assert.deepEqual(run.calls.filter((c) => verbs(c)[0] === "rollout").map((c) => verbs(c).slice(1).join(" ")), [
            "restart deployment/mlflow",
            "restart statefulset/mlflow-worker",
            "restart deployment/mlflow-ui",
            "status deployment/mlflow",
            "status statefulset/mlflow-worker",
            "status deployment/mlflow-ui",
        ]);
        assert.match(run.stderr, /rollout of deployment\/mlflow deployment\/mlflow-ui in namespace mlflow did not finish within 1s after the restart for rotation id '2026-11-27T10:00:00Z'/);
        assert.match(run.stderr, /kubectl describe deployment\/mlflow -n mlflow/);
        assert.match(run.stderr, /kubectl logs deployment\/mlflow-ui -n mlflow/);
        assert.doesNotMatch(run.stderr, /statefulset\/mlflow-worker -n mlflow/);
    });

    it("fails on a workload that does not exist, before restarting anything after it", async () => {
        const run = await runStep({}, { secretAnswers: [NEW_ID], missing: ["statefulset/mlflow-worker"] });
        assert.equal(run.exitCode, 1);
        assert.match(run.stderr, /statefulset\/mlflow-worker does not exist in namespace mlflow/);
        assert.match(run.stderr, /set missingWorkload to Skip/);
        assert.equal(byVerb(run, "rollout", "status").length, 0);
    });

    it("skips a workload that does not exist when told to, and restarts the others", async () => {
        const run = await runStep({ missingWorkload: MissingWorkload.Skip }, { secretAnswers: [NEW_ID], missing: ["deployment/mlflow"] });
        assert.equal(run.exitCode, 0, run.stderr);
        assert.match(run.stdout, /deployment\/mlflow does not exist in namespace mlflow: nothing to restart/);
        assert.deepEqual(byVerb(run, "rollout").map((c) => verbs(c).join(" ")), [
            "rollout restart statefulset/mlflow-worker",
            "rollout status statefulset/mlflow-worker",
        ]);
    });

    it("fails with the permission to check when a restart is forbidden", async () => {
        const run = await runStep({}, { secretAnswers: [NEW_ID], restartFail: ["deployment/mlflow"] });
        assert.equal(run.exitCode, 1);
        assert.match(run.stderr, /Forbidden/);
        assert.match(run.stderr, /kubectl rollout restart deployment\/mlflow -n mlflow failed/);
        assert.match(run.stderr, /kubectl auth can-i patch deployment\/mlflow -n mlflow/);
    });
});
