import assert from "node:assert/strict";
import { test } from "node:test";
import * as time from "@pulumiverse/time";
import { SecretAlerts } from "../../components/alerts";
import { MockCloud, runProgram } from "../harness";
import { allRules, rule, ruleObjects } from "./ruleObjects";

const LAST_ROTATED = 1_790_000_000; // 2026-09-21T14:13:20Z

const mlflowDb = { name: "mlflow-db-credentials", namespace: "mlflow", rotationDays: 90, lastRotatedUnix: LAST_ROTATED };

test("creates one platform PrometheusRule that kube-prometheus-stack's default ruleSelector picks up", async () => {
    const run = await runProgram(() => new SecretAlerts("secret-alerts", {}));
    const objects = ruleObjects(run);
    assert.deepEqual([...objects.keys()], ["secret-alerts-platform"]);
    const platform = objects.get("secret-alerts-platform")!;
    assert.equal(platform.apiVersion, "monitoring.coreos.com/v1");
    assert.equal(platform.kind, "PrometheusRule");
    assert.equal(platform.metadata.namespace, "monitoring");
    assert.equal(platform.metadata.labels.release, "kube-prometheus-stack");
    const component = run.resources.find((r) => r.type === "secrets:index:SecretAlerts")!;
    assert.deepEqual(component.rawOutputs?.prometheusRules, ["monitoring/secret-alerts-platform"]);
    assert.ok(run.resources.filter((r) => r.custom).every((r) => r.parent === component.urn), "rules are children of the component");
});

test("the release label and namespace follow the arguments", async () => {
    const run = await runProgram(() => new SecretAlerts("alerts", { prometheusReleaseName: "monitoring-stack", namespace: "observability" }));
    const platform = ruleObjects(run).get("alerts-platform")!;
    assert.equal(platform.metadata.labels.release, "monitoring-stack");
    assert.equal(platform.metadata.namespace, "observability");
});

test("certificate expiry: the seed's 7-day warning for 1h and a 24h critical level under the same alert name", async () => {
    const run = await runProgram(() => new SecretAlerts("alerts", {}));
    const warning = rule(run, "TLSCertificateExpiringSoon", "warning");
    assert.match(warning.expr, /certmanager_certificate_expiration_timestamp_seconds - time\(\) < 604800\b/);
    assert.equal(warning.for, "1h");
    const critical = rule(run, "TLSCertificateExpiringSoon", "critical");
    assert.match(critical.expr, /certmanager_certificate_expiration_timestamp_seconds - time\(\) < 86400\b/);
    assert.equal(critical.for, "15m");
    const notReady = rule(run, "CertManagerCertificateNotReady");
    assert.equal(notReady.expr, 'certmanager_certificate_ready_status{condition!="True"} == 1');
    assert.equal(notReady.for, "15m");
});

test("certificate thresholds are configurable", async () => {
    const run = await runProgram(() => new SecretAlerts("alerts", { certificateWarningDays: 14, certificateCriticalHours: 48 }));
    assert.match(rule(run, "TLSCertificateExpiringSoon", "warning").expr, /< 1209600\b/);
    assert.match(rule(run, "TLSCertificateExpiringSoon", "warning").annotations.summary, /14 days/);
    assert.match(rule(run, "TLSCertificateExpiringSoon", "critical").expr, /< 172800\b/);
});

test("ESO: ExternalSecret not Ready for 10m, stores not Ready, rising sync errors, on the metrics ESO exports", async () => {
    const run = await runProgram(() => new SecretAlerts("alerts", {}));
    const es = rule(run, "ExternalSecretNotReady");
    assert.equal(es.expr, 'externalsecret_status_condition{condition="Ready",status="False"} == 1');
    assert.equal(es.for, "10m");
    assert.equal(rule(run, "SecretStoreNotReady").expr, 'secretstore_status_condition{condition="Ready",status="False"} == 1');
    assert.equal(rule(run, "ClusterSecretStoreNotReady").expr, 'clustersecretstore_status_condition{condition="Ready",status="False"} == 1');
    const errors = rule(run, "ExternalSecretSyncErrors");
    assert.equal(errors.expr, "increase(externalsecret_sync_calls_error[20m]) > 0");
    assert.equal(errors.for, "20m");
});

test("every alert has a summary, a description and a runbook link to its README section", async () => {
    const run = await runProgram(() => new SecretAlerts("alerts", { managedSecrets: [mlflowDb] }));
    const expected: Record<string, string> = {
        TLSCertificateExpiringSoon: "runbook-tls-certificate-expiring",
        CertManagerCertificateNotReady: "runbook-tls-certificate-expiring",
        ExternalSecretNotReady: "runbook-externalsecret-not-ready",
        SecretStoreNotReady: "runbook-secretstore-not-ready",
        ClusterSecretStoreNotReady: "runbook-secretstore-not-ready",
        ExternalSecretSyncErrors: "runbook-eso-sync-errors",
        SecretRotationOverdue: "runbook-rotation-overdue",
    };
    const rules = allRules(run);
    assert.deepEqual(new Set(rules.map((r) => r.alert)), new Set(Object.keys(expected)));
    for (const r of rules) {
        assert.ok(r.annotations.summary.length > 10, `${r.alert} has a summary`);
        assert.ok(r.annotations.description.length > 30, `${r.alert} has a description`);
        assert.equal(r.annotations.runbook_url, `https://github.com/mlops-platform/secrets#${expected[r.alert]}`);
        assert.ok(["warning", "critical"].includes(r.labels.severity), `${r.alert} has a severity`);
    }
});

test("the runbook base URL is configurable", async () => {
    const run = await runProgram(() => new SecretAlerts("alerts", { runbookBaseUrl: "https://git.example.com/platform/secrets/-/blob/main/README.md" }));
    assert.ok(allRules(run).every((r) => r.annotations.runbook_url.startsWith("https://git.example.com/platform/secrets/-/blob/main/README.md#runbook-")));
});

test("rotation overdue: one rule per managed secret, deadline = last rotation + period + grace, labels naming the secret", async () => {
    const run = await runProgram(() => new SecretAlerts("alerts", {
        managedSecrets: [
            mlflowDb,
            { name: "argocd-secret", namespace: "argocd", rotationDays: 30, lastRotatedUnix: LAST_ROTATED + 5 },
        ],
    }));
    const rotation = ruleObjects(run).get("alerts-rotation")!;
    assert.equal(rotation.metadata.labels.release, "kube-prometheus-stack");
    const rules = rotation.spec.groups.flatMap((g) => g.rules);
    assert.deepEqual(rules.map((r) => [r.labels.namespace, r.labels.secret]), [["argocd", "argocd-secret"], ["mlflow", "mlflow-db-credentials"]]);
    const [argocd, mlflow] = rules;
    assert.equal(mlflow.expr, `vector(time()) > ${LAST_ROTATED + 90 * 86400 + 24 * 3600}`);
    assert.equal(argocd.expr, `vector(time()) > ${LAST_ROTATED + 5 + 30 * 86400 + 24 * 3600}`);
    assert.equal(mlflow.alert, "SecretRotationOverdue");
    assert.equal(mlflow.for, undefined, "a step at a fixed time cannot flap, so no `for`");
    assert.match(mlflow.annotations.description, /last rotated at 2026-09-21T14:13:20Z/);
    assert.match(mlflow.annotations.description, /due at 2026-12-20T14:13:20Z/);
});

test("changing a rotation period or the grace changes that secret's rule", async () => {
    const exprFor = async (rotationDays: number, rotationGraceHours?: number) => {
        const run = await runProgram(() => new SecretAlerts("alerts", { managedSecrets: [{ ...mlflowDb, rotationDays }], rotationGraceHours }));
        return rule(run, "SecretRotationOverdue").expr;
    };
    assert.equal(await exprFor(90), `vector(time()) > ${LAST_ROTATED + 90 * 86400 + 86400}`);
    assert.equal(await exprFor(30), `vector(time()) > ${LAST_ROTATED + 30 * 86400 + 86400}`);
    assert.equal(await exprFor(30, 0), `vector(time()) > ${LAST_ROTATED + 30 * 86400}`);
});

test("the rotation time can come from the rotation code's output and the rule moves only when a rotation happens", async () => {
    const cloud = new MockCloud();
    cloud.now = () => Date.parse("2026-11-27T12:00:00Z");
    // The rotation code records rotatedAtUnix with a time:Static whose triggers change at each rotation.
    const program = (rotationId: string) => () => {
        const rotatedAt = new time.Static("mlflow-db-rotated-at", { triggers: { rotationId } });
        return new SecretAlerts("alerts", { managedSecrets: [{ ...mlflowDb, lastRotatedUnix: rotatedAt.unix }] });
    };
    const first = rule(await runProgram(program("0"), { cloud }), "SecretRotationOverdue").expr;
    assert.equal(first, `vector(time()) > ${Date.parse("2026-11-27T12:00:00Z") / 1000 + 90 * 86400 + 86400}`);
    cloud.now = () => Date.parse("2027-02-26T12:00:00Z");
    assert.equal(rule(await runProgram(program("0"), { cloud }), "SecretRotationOverdue").expr, first, "no rotation, same rule");
    const rotated = rule(await runProgram(program("1"), { cloud }), "SecretRotationOverdue").expr;
    assert.equal(rotated, `vector(time()) > ${Date.parse("2027-02-26T12:00:00Z") / 1000 + 90 * 86400 + 86400}`);
});

test("the same arguments give the same objects (no clock, no input-order dependence)", async () => {
    const secrets = [mlflowDb, { name: "minio-root", namespace: "minio", rotationDays: 60, lastRotatedUnix: LAST_ROTATED }];
    const a = await runProgram(() => new SecretAlerts("alerts", { managedSecrets: secrets }));
    const b = await runProgram(() => new SecretAlerts("alerts", { managedSecrets: [...secrets].reverse() }));
    assert.deepEqual([...ruleObjects(a).values()], [...ruleObjects(b).values()]);
});

test("no managed secrets: no rotation object", async () => {
    const run = await runProgram(() => new SecretAlerts("alerts", { managedSecrets: [] }));
    assert.equal(ruleObjects(run).has("alerts-rotation"), false);
    assert.equal(allRules(run).some((r) => r.alert === "SecretRotationOverdue"), false);
});
