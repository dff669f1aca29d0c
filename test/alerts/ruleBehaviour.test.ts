import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretAlerts } from "../../components/alerts";
import { runProgram } from "../harness";
import { promtool, promtoolMissing } from "./promtool";
import { ruleObjects } from "./ruleObjects";

// `promtool test rules` runs the rules in Prometheus' real rule engine against synthetic series, starting at Unix
// time 0: what fires when, with which labels, and how the annotation templates render.

const RUNBOOK = "https://github.com/mlops-platform/secrets#runbook-";

async function ruleFile() {
    const run = await runProgram(() => new SecretAlerts("alerts", {
        // Due at 25h after the epoch, overdue at 26h.
        managedSecrets: [{ name: "mlflow-db-credentials", namespace: "mlflow", rotationDays: 1, lastRotatedUnix: 3600 }],
        rotationGraceHours: 1,
    }));
    return { groups: [...ruleObjects(run).values()].flatMap((o) => o.spec.groups) };
}

function check(tests: unknown[]) {
    return async (t: { skip(reason: string): void }) => {
        const missing = promtoolMissing();
        if (missing) {
            t.skip(missing);
            return;
        }
        const result = promtool(["test", "rules", "tests.yml"], {
            "rules.yml": await ruleFile(),
            "tests.yml": { rule_files: ["rules.yml"], evaluation_interval: "1m", tests },
        });
        assert.equal(result.status, 0, result.output);
    };
}

const expiring = (name: string, severity: string, summary: string, description: string) => ({
    exp_labels: { severity, name, exported_namespace: "apps", namespace: "cert-manager", job: "cert-manager" },
    exp_annotations: { summary, description, runbook_url: `${RUNBOOK}tls-certificate-expiring` },
});

test("TLSCertificateExpiringSoon: warning after 1h under 7 days, critical after 15m under 24h, never for unissued or fresh certificates", check([{
    interval: "1m",
    input_series: [
        // Labels as a ServiceMonitor without honorLabels delivers them: the object's namespace becomes exported_namespace.
        { series: 'certmanager_certificate_expiration_timestamp_seconds{job="cert-manager",namespace="cert-manager",exported_namespace="apps",name="web-tls"}', values: "500000+0x90" },
        { series: 'certmanager_certificate_expiration_timestamp_seconds{job="cert-manager",namespace="cert-manager",exported_namespace="apps",name="api-tls"}', values: "80000+0x90" },
        { series: 'certmanager_certificate_expiration_timestamp_seconds{job="cert-manager",namespace="cert-manager",exported_namespace="apps",name="never-issued"}', values: "0+0x90" },
        { series: 'certmanager_certificate_expiration_timestamp_seconds{job="cert-manager",namespace="cert-manager",exported_namespace="apps",name="fresh"}', values: "7000000+0x90" },
    ],
    alert_rule_test: [
        { eval_time: "14m", alertname: "TLSCertificateExpiringSoon", exp_alerts: [] },
        {
            eval_time: "16m", alertname: "TLSCertificateExpiringSoon", exp_alerts: [
                expiring("api-tls", "critical", "TLS certificate expiring within 24 hours",
                    "Certificate api-tls in namespace apps expires in 21h 57m 20s; clients will refuse TLS connections after that."),
            ],
        },
        {
            eval_time: "61m", alertname: "TLSCertificateExpiringSoon", exp_alerts: [
                expiring("api-tls", "critical", "TLS certificate expiring within 24 hours",
                    "Certificate api-tls in namespace apps expires in 21h 12m 20s; clients will refuse TLS connections after that."),
                expiring("api-tls", "warning", "TLS certificate expiring within 7 days",
                    "Certificate api-tls in namespace apps expires in 21h 12m 20s and cert-manager has not renewed it."),
                expiring("web-tls", "warning", "TLS certificate expiring within 7 days",
                    "Certificate web-tls in namespace apps expires in 5d 17h 52m 20s and cert-manager has not renewed it."),
            ],
        },
    ],
}]));

test("CertManagerCertificateNotReady fires after 15 minutes of Ready=False and names the condition", check([{
    interval: "1m",
    input_series: [
        // honorLabels: the object's own namespace label is kept.
        { series: 'certmanager_certificate_ready_status{namespace="apps",name="web-tls",condition="False"}', values: "1+0x30" },
        { series: 'certmanager_certificate_ready_status{namespace="apps",name="web-tls",condition="True"}', values: "0+0x30" },
        { series: 'certmanager_certificate_ready_status{namespace="apps",name="ok-tls",condition="True"}', values: "1+0x30" },
        { series: 'certmanager_certificate_ready_status{namespace="apps",name="ok-tls",condition="False"}', values: "0+0x30" },
    ],
    alert_rule_test: [
        { eval_time: "14m", alertname: "CertManagerCertificateNotReady", exp_alerts: [] },
        {
            eval_time: "16m", alertname: "CertManagerCertificateNotReady", exp_alerts: [{
                exp_labels: { severity: "warning", namespace: "apps", name: "web-tls", condition: "False" },
                exp_annotations: {
                    summary: "cert-manager certificate not ready",
                    description: "Certificate web-tls in namespace apps has been Ready=False for 15 minutes: cert-manager cannot issue or renew it.",
                    runbook_url: `${RUNBOOK}tls-certificate-expiring`,
                },
            }],
        },
    ],
}]));

test("ESO: an ExternalSecret or store not Ready fires after 10 minutes, a Ready one never", check([{
    interval: "1m",
    input_series: [
        { series: 'externalsecret_status_condition{exported_namespace="mlflow",name="mlflow-db",condition="Ready",status="False"}', values: "1+0x20" },
        { series: 'externalsecret_status_condition{exported_namespace="mlflow",name="mlflow-db",condition="Ready",status="True"}', values: "0+0x20" },
        { series: 'externalsecret_status_condition{exported_namespace="minio",name="minio-root",condition="Ready",status="True"}', values: "1+0x20" },
        { series: 'externalsecret_status_condition{exported_namespace="minio",name="minio-root",condition="Ready",status="False"}', values: "0+0x20" },
        { series: 'secretstore_status_condition{exported_namespace="mlflow",name="aws-ssm",condition="Ready",status="False"}', values: "1+0x20" },
        { series: 'clustersecretstore_status_condition{name="platform-store",condition="Ready",status="False"}', values: "1+0x20" },
    ],
    alert_rule_test: [
        { eval_time: "9m", alertname: "ExternalSecretNotReady", exp_alerts: [] },
        {
            eval_time: "11m", alertname: "ExternalSecretNotReady", exp_alerts: [{
                exp_labels: { severity: "warning", exported_namespace: "mlflow", name: "mlflow-db", condition: "Ready", status: "False" },
                exp_annotations: {
                    summary: "ExternalSecret not Ready",
                    description: "ExternalSecret mlflow-db in namespace mlflow has not been Ready for 10 minutes: its Kubernetes Secret is no " +
                        "longer refreshed from the cloud secret store, so a rotated value does not reach the workloads.",
                    runbook_url: `${RUNBOOK}externalsecret-not-ready`,
                },
            }],
        },
        {
            eval_time: "11m", alertname: "SecretStoreNotReady", exp_alerts: [{
                exp_labels: { severity: "warning", exported_namespace: "mlflow", name: "aws-ssm", condition: "Ready", status: "False" },
                exp_annotations: {
                    summary: "SecretStore not Ready",
                    description: "SecretStore aws-ssm in namespace mlflow has not been Ready for 10 minutes: no ExternalSecret that uses it can read the cloud secret store.",
                    runbook_url: `${RUNBOOK}secretstore-not-ready`,
                },
            }],
        },
        {
            eval_time: "11m", alertname: "ClusterSecretStoreNotReady", exp_alerts: [{
                exp_labels: { severity: "warning", name: "platform-store", condition: "Ready", status: "False" },
                exp_annotations: {
                    summary: "ClusterSecretStore not Ready",
                    description: "ClusterSecretStore platform-store has not been Ready for 10 minutes: no ExternalSecret that uses it, in any namespace, can read the cloud secret store.",
                    runbook_url: `${RUNBOOK}secretstore-not-ready`,
                },
            }],
        },
    ],
}]));

// mlflow-db fails at every retry; minio-root failed once at 6m (its condition holds until about 25m, never for 20m).
test("ExternalSecretSyncErrors fires when errors keep coming for 20 minutes, not for one transient error", check([{
    interval: "1m",
    input_series: [
        { series: 'externalsecret_sync_calls_error{namespace="mlflow",name="mlflow-db"}', values: "0+1x40" },
        { series: 'externalsecret_sync_calls_error{namespace="minio",name="minio-root"}', values: "0+0x5 1+0x35" },
        { series: 'externalsecret_sync_calls_error{namespace="argocd",name="argocd-admin"}', values: "3+0x40" },
    ],
    alert_rule_test: [
        { eval_time: "19m", alertname: "ExternalSecretSyncErrors", exp_alerts: [] },
        ...["22m", "28m"].map((eval_time) => ({
            eval_time, alertname: "ExternalSecretSyncErrors", exp_alerts: [{
                exp_labels: { severity: "warning", namespace: "mlflow", name: "mlflow-db" },
                exp_annotations: {
                    summary: "ExternalSecret sync errors keep rising",
                    description: "ExternalSecret mlflow-db in namespace mlflow has kept failing to sync for 20 minutes (20 errors in the last 20 minutes).",
                    runbook_url: `${RUNBOOK}eso-sync-errors`,
                },
            }],
        })),
    ],
}]));

test("SecretRotationOverdue fires once the period plus grace has passed since the last rotation, not before", check([{
    interval: "1m",
    input_series: [],
    alert_rule_test: [
        { eval_time: "25h59m", alertname: "SecretRotationOverdue", exp_alerts: [] },
        {
            eval_time: "26h1m", alertname: "SecretRotationOverdue", exp_alerts: [{
                exp_labels: { severity: "warning", namespace: "mlflow", secret: "mlflow-db-credentials" },
                exp_annotations: {
                    summary: "Secret mlflow/mlflow-db-credentials is overdue for rotation",
                    description: "Secret mlflow/mlflow-db-credentials was last rotated at 1970-01-01T01:00:00Z. Its rotation period is 1 days, " +
                        "so it was due at 1970-01-02T01:00:00Z (this alert waits 1 hours longer). Rotations happen on `pulumi up`: if a schedule runs it (Pulumi Cloud or CI), " +
                        "check that the schedule still runs and why its last deployment failed; otherwise run it.",
                    runbook_url: `${RUNBOOK}rotation-overdue`,
                },
            }],
        },
    ],
}]));
