import { AlertRuleGroup, AlertSeverity, OBJECT_NAMESPACE_TEMPLATE } from "./alertRule";
import { Runbook, runbookUrl } from "./runbooks";

/**
 * ESO's status gauges carry one series per condition status; the `status="False"` one is 1 while the object is not Ready.
 */
function notReady(metric: string): string {
    return `${metric}{condition="Ready",status="False"} == 1`;
}

/**
 * External Secrets Operator alerts, on the metrics ESO exports when its chart's metrics service (ServiceMonitor) is on:
 * an ExternalSecret or a (Cluster)SecretStore that stays not Ready, and sync errors that keep occurring.
 */
export function externalSecretsRuleGroup(runbookBaseUrl: string): AlertRuleGroup {
    return {
        name: "mlops-secrets-external-secrets",
        rules: [
            {
                alert: "ExternalSecretNotReady",
                expr: notReady("externalsecret_status_condition"),
                for: "10m",
                labels: { severity: AlertSeverity.Warning },
                annotations: {
                    summary: "ExternalSecret not Ready",
                    description: `ExternalSecret {{ $labels.name }} in namespace ${OBJECT_NAMESPACE_TEMPLATE} has not been Ready for 10 minutes: ` +
                        "its Kubernetes Secret is no longer refreshed from the cloud secret store, so a rotated value does not reach the workloads.",
                    runbook_url: runbookUrl(runbookBaseUrl, Runbook.ExternalSecretNotReady),
                },
            },
            {
                alert: "SecretStoreNotReady",
                expr: notReady("secretstore_status_condition"),
                for: "10m",
                labels: { severity: AlertSeverity.Warning },
                annotations: {
                    summary: "SecretStore not Ready",
                    description: `SecretStore {{ $labels.name }} in namespace ${OBJECT_NAMESPACE_TEMPLATE} has not been Ready for 10 minutes: ` +
                        "no ExternalSecret that uses it can read the cloud secret store.",
                    runbook_url: runbookUrl(runbookBaseUrl, Runbook.SecretStoreNotReady),
                },
            },
            {
                alert: "ClusterSecretStoreNotReady",
                expr: notReady("clustersecretstore_status_condition"),
                for: "10m",
                labels: { severity: AlertSeverity.Warning },
                annotations: {
                    summary: "ClusterSecretStore not Ready",
                    description: "ClusterSecretStore {{ $labels.name }} has not been Ready for 10 minutes: " +
                        "no ExternalSecret that uses it, in any namespace, can read the cloud secret store.",
                    runbook_url: runbookUrl(runbookBaseUrl, Runbook.SecretStoreNotReady),
                },
            },
            {
                alert: "ExternalSecretSyncErrors",
                // One error keeps the condition true for just under 20 minutes, so `for: 20m` ignores a single transient
                // failure and fires only when errors repeat. The window is longer than the controller's longest retry
                // back-off (about 17 minutes), so a secret that keeps failing keeps the alert firing.
                expr: "increase(externalsecret_sync_calls_error[20m]) > 0",
                for: "20m",
                labels: { severity: AlertSeverity.Warning },
                annotations: {
                    summary: "ExternalSecret sync errors keep rising",
                    description: `ExternalSecret {{ $labels.name }} in namespace ${OBJECT_NAMESPACE_TEMPLATE} has kept failing to sync for ` +
                        "20 minutes ({{ $value | humanize }} errors in the last 20 minutes).",
                    runbook_url: runbookUrl(runbookBaseUrl, Runbook.EsoSyncErrors),
                },
            },
        ],
    };
}
