import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
    grafanaAdminResetCommandArgs,
    MissingWorkload,
    waitAndRestartCommandArgs,
    WaitAndRestartArgs,
} from "../../components/rotation/kubernetes";
import { ROTATION_ID_ANNOTATION } from "../../components/sync/externalSecret";
import { SecretsInputError } from "../../components/validation/inputError";
import { captureCommand } from "./fake-kubectl/capturedCommand";

const REPO = path.resolve(__dirname, "../..");
const SCRIPT_DIR = path.join(REPO, "components/rotation/kubernetes");

const valid: WaitAndRestartArgs = {
    namespace: "mlflow",
    externalSecretName: "mlflow-db",
    secretName: "mlflow-db-credentials",
    rotationId: "2026-11-27T10:00:00Z",
    workloads: ["deployment/mlflow"],
};

function assertInputError(build: () => unknown, argument: string, value: unknown, fix: RegExp): void {
    assert.throws(build, (err: unknown) => {
        assert.ok(err instanceof SecretsInputError, String(err));
        assert.equal(err.argument, argument);
        assert.deepEqual(err.value, value);
        assert.match(err.message, fix);
        return true;
    });
}

describe("Command args", () => {
    it("carry the rotation id in the environment, with the annotation the ExternalSecret sets", async () => {
        const { command } = await captureCommand(() => waitAndRestartCommandArgs(valid));
        // No triggers: the SDK replaces a Command whose triggers change; the id in the environment runs an update instead.
        assert.equal(command.inputs.triggers, undefined);
        assert.equal(command.inputs.environment.MLOPS_ROTATION_ID, "2026-11-27T10:00:00Z");
        assert.equal(command.inputs.environment.MLOPS_ROTATION_ANNOTATION, ROTATION_ID_ANNOTATION);
        assert.equal(command.inputs.environment.MLOPS_WORKLOADS, "deployment/mlflow");
        assert.equal(command.inputs.logging, "stdoutAndStderr");
        // A new rotation id runs the same step as an in-place update: a rotation replaces no resource but the password.
        assert.equal(command.inputs.update, command.inputs.create);
    });

    it("accept a rotation id that is still an Output", async () => {
        const { command } = await captureCommand(() => waitAndRestartCommandArgs({ ...valid, rotationId: pulumi.output("period-7") }));
        assert.equal(command.inputs.environment.MLOPS_ROTATION_ID, "period-7");
    });

    it("are identical on a second run and hold no path of this checkout, so no deployment re-runs them by itself", async () => {
        const build = () => waitAndRestartCommandArgs({ ...valid, workloads: ["deployment/mlflow", "statefulset/minio"] });
        const first = await captureCommand(build);
        const second = await captureCommand(build);
        assert.deepEqual(second.command.rawInputs, first.command.rawInputs);
        const grafana = await captureCommand(() => grafanaAdminResetCommandArgs({
            namespace: "monitoring", adminPassword: pulumi.secret("x".repeat(20)), rotationId: "r1",
        }));
        for (const inputs of [first.command.rawInputs, grafana.command.rawInputs]) {
            assert.ok(!JSON.stringify(inputs).includes(REPO), "a path of the checkout is in the Command's inputs");
        }
    });

    it("run the script beside the helper, given through the environment", async () => {
        const { command } = await captureCommand(() => waitAndRestartCommandArgs(valid));
        assert.equal(command.inputs.create, 'exec bash -c "$MLOPS_SCRIPT" mlops-wait-and-restart');
        const read = (file: string) => fs.readFileSync(path.join(SCRIPT_DIR, file), "utf8");
        assert.equal(command.inputs.environment.MLOPS_SCRIPT, `${read("kubectlLib.sh")}\n${read("waitAndRestart.sh")}`);
    });

    it("pass kubeconfig and context only when given", async () => {
        const without = await captureCommand(() => waitAndRestartCommandArgs(valid));
        assert.equal(without.command.inputs.environment.MLOPS_KUBECONFIG, undefined);
        assert.equal(without.command.inputs.environment.MLOPS_KUBE_CONTEXT, undefined);
        const withBoth = await captureCommand(() => waitAndRestartCommandArgs({ ...valid, kubeconfigPath: "/k/config", kubeContext: "dev" }));
        assert.equal(withBoth.command.inputs.environment.MLOPS_KUBECONFIG, "/k/config");
        assert.equal(withBoth.command.inputs.environment.MLOPS_KUBE_CONTEXT, "dev");
    });
});

describe("bad input throws a SecretsInputError naming the argument, the value and the fix", () => {
    it("workload references", () => {
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, workloads: ["deploy/mlflow"] }),
            "workloads[0]", "deploy/mlflow", /kind one of deployment, statefulset, daemonset/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, workloads: ["mlflow"] }),
            "workloads[0]", "mlflow", /e\.g\. "deployment\/mlflow"/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, workloads: ["deployment/MLflow"] }),
            'workloads[0] (name after "deployment/")', "MLflow", /lowercase/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, workloads: ["deployment/a/b"] }),
            "workloads[0]", "deployment/a/b", /<kind>\/<name>/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, workloads: ["deployment/mlflow", "deployment/mlflow"] }),
            "workloads", ["deployment/mlflow", "deployment/mlflow"], /"deployment\/mlflow" appears more than once/);
        assertInputError(() => grafanaAdminResetCommandArgs({ namespace: "monitoring", workload: "pod/grafana-0", adminPassword: pulumi.secret("p"), rotationId: "r" }),
            "workload", "pod/grafana-0", /kind one of deployment, statefulset, daemonset/);
    });

    it("names and namespaces", () => {
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, namespace: "ML_flow" }), "namespace", "ML_flow", /63 lowercase/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, secretName: "" }), "secretName", "", /253 lowercase/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, externalSecretName: "Mlflow" }), "externalSecretName", "Mlflow", /253 lowercase/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, esoNamespace: "eso/" }), "esoNamespace", "eso/", /63 lowercase/);
        assertInputError(() => grafanaAdminResetCommandArgs({ namespace: "monitoring", container: "Grafana", adminPassword: pulumi.secret("p"), rotationId: "r" }),
            "container", "Grafana", /63 lowercase/);
    });

    it("timeouts", () => {
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, syncTimeoutSeconds: 0 }), "syncTimeoutSeconds", 0, /whole number from 1 to 3600/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, rolloutTimeoutSeconds: 2.5 }), "rolloutTimeoutSeconds", 2.5, /roll out/);
        assertInputError(() => grafanaAdminResetCommandArgs({ namespace: "monitoring", readyTimeoutSeconds: 7200, adminPassword: pulumi.secret("p"), rotationId: "r" }),
            "readyTimeoutSeconds", 7200, /whole number from 1 to 3600/);
    });

    it("rotation id, kubeconfig, context, policy and password", () => {
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, rotationId: "" }), "rotationId", "", /mlops\.platform\/rotation-id/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, rotationId: "two words" }), "rotationId", "two words", /without spaces/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, kubeconfigPath: "" }), "kubeconfigPath", "", /\$KUBECONFIG/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, kubeContext: "dev\nprod" }), "kubeContext", "dev\nprod", /get-contexts/);
        assertInputError(() => waitAndRestartCommandArgs({ ...valid, missingWorkload: "ignore" as MissingWorkload }),
            "missingWorkload", "ignore", /MissingWorkload\.Fail or MissingWorkload\.Skip/);
        assertInputError(() => grafanaAdminResetCommandArgs({ namespace: "monitoring", adminPassword: "", rotationId: "r" }),
            "adminPassword", undefined, /RandomPassword's result/);
    });
});

describe("scripts", () => {
    it("pass shellcheck", () => {
        const scripts = [
            ...fs.readdirSync(SCRIPT_DIR).filter((f) => f.endsWith(".sh")).map((f) => path.join(SCRIPT_DIR, f)),
            path.join(__dirname, "fake-kubectl", "kubectl"),
            path.join(__dirname, "fake-kubectl", "pod-bin", "grafana"),
        ];
        assert.ok(scripts.length >= 4, scripts.join(", "));
        try {
            execFileSync("shellcheck", ["--shell=bash", "--severity=style", ...scripts], { encoding: "utf8", stdio: "pipe" });
        } catch (err) {
            const e = err as { code?: string; stdout?: string };
            assert.fail(e.code === "ENOENT" ? "shellcheck is not installed (apt-get install shellcheck)" : e.stdout);
        }
    });
});
