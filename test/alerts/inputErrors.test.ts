import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { ManagedSecretRotation, SecretAlerts, SecretAlertsArgs } from "../../components/alerts";
import { expectInputError } from "./expectInputError";

const secret: ManagedSecretRotation = { name: "mlflow-db-credentials", namespace: "mlflow", rotationDays: 90, lastRotatedUnix: 1_790_000_000 };

function rejects(args: SecretAlertsArgs, argument: string, message: RegExp, name = "alerts") {
    return expectInputError(() => new SecretAlerts(name, args), argument, message);
}

test("rotationDays of zero, negative or fractional is refused", async () => {
    await rejects({ managedSecrets: [{ ...secret, rotationDays: 0 }] }, "managedSecrets[0].rotationDays", /got 0\. Use a whole number from 1 to 365\./);
    await rejects({ managedSecrets: [secret, { ...secret, name: "other", rotationDays: -30 }] }, "managedSecrets[1].rotationDays", /got -30/);
    await rejects({ managedSecrets: [{ ...secret, rotationDays: 1.5 }] }, "managedSecrets[0].rotationDays", /got 1\.5/);
});

test("a last rotation time in milliseconds is caught", async () => {
    await rejects({ managedSecrets: [{ ...secret, lastRotatedUnix: 1_790_000_000_000 }] }, "managedSecrets[0].lastRotatedUnix", /milliseconds/);
    await rejects({ managedSecrets: [{ ...secret, lastRotatedUnix: -1 }] }, "managedSecrets[0].lastRotatedUnix", /Unix seconds/);
});

test("a bad last rotation time that arrives as an output fails the deployment before the rotation rule is sent", () => {
    // The value is known only while the program runs, so the check throws inside the spec's apply; like the Pulumi
    // language host, a process whose program has an unhandled rejection fails. It runs apart from this test runner,
    // which would count the rejection against whichever test is running.
    const program = join(__dirname, "programs", "millisecondsFromOutput.ts");
    const result = spawnSync(process.execPath, ["--import", "tsx", program], { encoding: "utf8" });
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /Invalid argument "managedSecrets\[0\]\.lastRotatedUnix": got 1790000000000\..*milliseconds/);
    assert.doesNotMatch(result.stdout, /alerts-rotation/);
});

test("secret names and namespaces must be Kubernetes names, and each secret is listed once", async () => {
    await rejects({ managedSecrets: [{ ...secret, name: "MLflow_DB" }] }, "managedSecrets[0].name", /got "MLflow_DB"/);
    await rejects({ managedSecrets: [{ ...secret, namespace: "" }] }, "managedSecrets[0].namespace", /lowercase/);
    await rejects({ managedSecrets: [secret, { ...secret, rotationDays: 30 }] }, "managedSecrets[1]", /"mlflow\/mlflow-db-credentials".*once/);
});

test("release name, namespace, runbook URL and thresholds are checked", async () => {
    await rejects({ prometheusReleaseName: "Kube Prometheus" }, "prometheusReleaseName", /helm list/);
    await rejects({ namespace: "Monitoring" }, "namespace", /got "Monitoring"/);
    await rejects({ runbookBaseUrl: "http://github.com/mlops-platform/secrets" }, "runbookBaseUrl", /https URL/);
    await rejects({ runbookBaseUrl: "https://github.com/mlops-platform/secrets#readme" }, "runbookBaseUrl", /without a '#'/);
    await rejects({ runbookBaseUrl: "github.com/mlops-platform/secrets" }, "runbookBaseUrl", /https URL/);
    await rejects({ certificateWarningDays: 0 }, "certificateWarningDays", /from 1 to 365/);
    await rejects({ certificateWarningDays: 1, certificateCriticalHours: 24 }, "certificateCriticalHours", /shorter than the warning threshold/);
    await rejects({ rotationGraceHours: -1 }, "rotationGraceHours", /from 0 to 720/);
});

test("the component name must be usable as a Kubernetes object name", async () => {
    await rejects({}, "name", /got "Secret Alerts"/, "Secret Alerts");
});
