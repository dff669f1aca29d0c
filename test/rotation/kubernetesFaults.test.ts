import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { CloudProvider, MinioRootSecret } from "../../components";
import { platformSecrets } from "../../programs/platform";
import { readStackConfig } from "../../scripts/plan";
import { CapturedResource, MockCloud, ProgramRun, runProgram } from "../harness";
import { CommandInputs, CommandRun, FakeCluster, ProviderRun, runWithFakeKubectl, verbs } from "./fake-kubectl/fakeKubectl";

/**
 * The Kubernetes side's fault matrix, each step run as @pulumi/command's provider runs it: the Command's registered
 * `create` (or `update`) string under `/bin/sh -c`, with the environment and stdin the shipped platform program
 * registered under the mock runtime, against the recording fake kubectl.
 */

const COMMAND = "command:local:Command";
const OLD_ID = "2026-08-29T10:00:00Z";

/** The shipped platform program on the dev-aws stack, with `rotationTrigger` set. */
function platformRun(rotationTrigger = "0", cloud = new MockCloud()): Promise<ProgramRun> {
    const config = { ...readStackConfig("dev-aws"), "mlops-platform:rotationTrigger": rotationTrigger };
    return runProgram(platformSecrets, { stack: "dev-aws", config, cloud });
}

function step(run: ProgramRun, name: string): CapturedResource {
    const found = run.resources.find((r) => r.type === COMMAND && r.name === name);
    assert.ok(found, `${name} not registered; commands: ${run.resources.filter((r) => r.type === COMMAND).map((r) => r.name).join(", ")}`);
    return found!;
}

function runStep(command: CapturedResource, cluster: FakeCluster, providerRun?: ProviderRun): Promise<CommandRun> {
    return runWithFakeKubectl(command.inputs as CommandInputs, cluster, {}, 30, providerRun);
}

/** The script's own failure is one line, `<step>: error: …`, the last thing on stderr, with a non-zero exit. */
function assertOneLineFailure(run: CommandRun, stepName: string, ...says: RegExp[]): string {
    assert.notEqual(run.exitCode, 0, "the step must fail");
    const own = run.stderr.split("\n").filter((l) => l.startsWith(`${stepName}: error:`));
    assert.equal(own.length, 1, `one error line expected, stderr was:\n${run.stderr}`);
    assert.equal(run.stderr.trimEnd().split("\n").at(-1), own[0], "the error line is the last line");
    for (const pattern of says) {
        assert.match(own[0], pattern);
    }
    return own[0];
}

const sequence = (run: CommandRun) => run.calls.map((c) => verbs(c).join(" "));

describe("Kubernetes fault matrix, steps run as the command provider runs them", { concurrency: false }, () => {
    it("Argo CD: a missing argocd-secret fails the wait at once, in one line saying what to install first", async () => {
        const run = await platformRun();
        const wait = step(run, "argocd-admin-restart");
        assert.equal(wait.inputs.environment.MLOPS_WORKLOADS, "", "Argo CD restarts nothing");
        const result = await runStep(wait, { secretAnswers: ["!not-found"], esReadyReason: "SecretMissing" });
        assertOneLineFailure(result, "mlops-wait-and-restart",
            /Secret argocd\/argocd-secret does not exist/, /creationPolicy Merge/, /reason SecretMissing/,
            /Install Argo CD \(the argo-cd chart creates argocd-secret with configs\.secret\.createSecret: true, its default\) first/,
            /run 'pulumi up' again/);
        // Far below the 180 s sync timeout: ESO would retry only after refreshInterval (24 h), so waiting helps nobody.
        assert.ok(result.seconds < 5, `took ${result.seconds}s`);
        assert.equal(sequence(result).filter((c) => c.startsWith("annotate")).length, 0);
    });

    it("Argo CD: an argocd-secret created after ESO's last attempt gets one sync retry, then the rotation applies", async () => {
        const run = await platformRun();
        const wait = step(run, "argocd-admin-restart");
        const id = wait.inputs.environment.MLOPS_ROTATION_ID;
        const result = await runStep(wait, { secretAnswers: [OLD_ID, OLD_ID, id], esReadyReason: "SecretMissing" });
        assert.equal(result.exitCode, 0, result.stderr);
        const annotations = result.calls.filter((c) => verbs(c)[0] === "annotate");
        assert.equal(annotations.length, 1, "one retry, not one per poll");
        assert.deepEqual(verbs(annotations[0]).slice(0, 3), ["annotate", "externalsecret", "argocd-secret"]);
        assert.ok(annotations[0].argv.includes(`mlops.platform/sync-retry=${id}`), annotations[0].argv.join(" "));
        assert.match(result.stdout, /exists now but ESO last saw it missing/);
    });

    it("an Argo CD merge that ESO reports synced is never retried or failed", async () => {
        const run = await platformRun();
        const wait = step(run, "argocd-admin-restart");
        const result = await runStep(wait, { secretAnswers: [OLD_ID, wait.inputs.environment.MLOPS_ROTATION_ID], esReadyReason: "SecretSynced" });
        assert.equal(result.exitCode, 0, result.stderr);
        assert.equal(sequence(result).filter((c) => c.startsWith("annotate")).length, 0);
    });

    it("MinIO's chart default is a StatefulSet: restarted and awaited as statefulset/minio; Grafana as kube-prometheus-stack names it", async () => {
        const run = await platformRun();
        const minio = step(run, "minio-root-restart");
        assert.equal(minio.inputs.environment.MLOPS_WORKLOADS, "statefulset/minio");
        const result = await runStep(minio, { secretAnswers: [minio.inputs.environment.MLOPS_ROTATION_ID] });
        assert.equal(result.exitCode, 0, result.stderr);
        assert.deepEqual(sequence(result), [
            "get secret minio-root-credentials",
            "get statefulset/minio",
            "rollout restart statefulset/minio",
            "rollout status statefulset/minio",
        ]);
        assert.equal(step(run, "grafana-admin-restart").inputs.environment.MLOPS_WORKLOADS, "deployment/kube-prometheus-stack-grafana");
        assert.equal(step(run, "grafana-admin-admin-reset").inputs.environment.MLOPS_WORKLOAD, "deployment/kube-prometheus-stack-grafana");
    });

    it("a StatefulSet rollout that does not finish fails after rolloutTimeoutSeconds, in one line naming what to check", async () => {
        const run = await runProgram(() => {
            new MinioRootSecret("minio-root", { cloud: CloudProvider.Aws, helmReleaseName: "datalake", rolloutTimeoutSeconds: 1 });
        });
        const restart = step(run, "minio-root-restart");
        assert.equal(restart.inputs.environment.MLOPS_WORKLOADS, "statefulset/datalake-minio");
        const result = await runStep(restart, { secretAnswers: [restart.inputs.environment.MLOPS_ROTATION_ID], rolloutHang: ["statefulset/datalake-minio"] });
        assertOneLineFailure(result, "mlops-wait-and-restart",
            /rollout of statefulset\/datalake-minio in namespace minio did not finish within 1s/,
            /kubectl describe statefulset\/datalake-minio -n minio/, /run 'pulumi up' again/);
        assert.ok(result.seconds >= 1 && result.seconds < 6, `took ${result.seconds}s`);
    });

    it("the Grafana admin reset failing: one line, Grafana keeps its previous password, the password is in no output", async () => {
        const run = await platformRun();
        const reset = step(run, "grafana-admin-admin-reset");
        const result = await runStep(reset, { secretAnswers: [], execFail: true });
        assertOneLineFailure(result, "mlops-reset-grafana-admin",
            /grafana cli admin reset-admin-password failed in deployment\/kube-prometheus-stack-grafana/,
            /Grafana still accepts the previous admin password/, /run 'pulumi up' again/);
        const password = reset.inputs.stdin as string;
        assert.equal(result.podCalls[0].stdinSha256, createHash("sha256").update(password).digest("hex"));
        for (const where of [result.log, result.stdout, result.stderr]) {
            assert.ok(!where.includes(password));
        }
    });

    it("the next rotation runs the registered update string in place and waits for the new rotation id", async () => {
        const cloud = new MockCloud();
        const first = step(await platformRun("0", cloud), "minio-root-restart");
        const created = await runStep(first, { secretAnswers: [first.inputs.environment.MLOPS_ROTATION_ID] });
        assert.equal(created.exitCode, 0, created.stderr);
        cloud.now = () => Date.parse("2027-01-01T00:00:00Z");
        const second = step(await platformRun("1", cloud), "minio-root-restart");
        const newId = second.inputs.environment.MLOPS_ROTATION_ID;
        assert.notEqual(newId, first.inputs.environment.MLOPS_ROTATION_ID);
        const updated = await runStep(second, { secretAnswers: [newId] }, { operation: "update", previousStdout: created.stdout });
        assert.equal(updated.exitCode, 0, updated.stderr);
        assert.match(updated.stdout, new RegExp(`carries rotation id ${newId}`));
        assert.deepEqual(sequence(updated).slice(-2), ["rollout restart statefulset/minio", "rollout status statefulset/minio"]);
    });
});
