import { AlertRuleGroup, AlertSeverity, OBJECT_NAMESPACE_TEMPLATE } from "./alertRule";
import { Runbook, runbookUrl } from "./runbooks";

export interface CertificateRuleSettings {
    readonly warningDays: number;
    readonly criticalHours: number;
    readonly runbookBaseUrl: string;
}

const EXPIRY = "certmanager_certificate_expiration_timestamp_seconds";

/**
 * Fires while a certificate's remaining lifetime is under the threshold. cert-manager exports 0 for a certificate
 * it never issued: the `> 0` guard leaves that case to the not-ready alert instead of reporting a 1970 expiry.
 */
function expiresWithin(seconds: number): string {
    return `(${EXPIRY} - time() < ${seconds}) and (${EXPIRY} > 0)`;
}

/**
 * cert-manager alerts: the seed's TLSCertificateExpiringSoon (warning), the same alert at critical level close to
 * expiry (one alert name, so Alertmanager's usual "critical inhibits warning" rule shows only the worse one), and a
 * certificate that stays not Ready.
 */
export function certificateRuleGroup(settings: CertificateRuleSettings): AlertRuleGroup {
    const runbook = runbookUrl(settings.runbookBaseUrl, Runbook.TlsCertificateExpiring);
    const certificate = `Certificate {{ $labels.name }} in namespace ${OBJECT_NAMESPACE_TEMPLATE}`;
    return {
        name: "mlops-secrets-certificates",
        rules: [
            {
                alert: "TLSCertificateExpiringSoon",
                expr: expiresWithin(settings.warningDays * 86_400),
                for: "1h",
                labels: { severity: AlertSeverity.Warning },
                annotations: {
                    summary: `TLS certificate expiring within ${settings.warningDays} days`,
                    description: `${certificate} expires in {{ $value | humanizeDuration }} and cert-manager has not renewed it.`,
                    runbook_url: runbook,
                },
            },
            {
                alert: "TLSCertificateExpiringSoon",
                expr: expiresWithin(settings.criticalHours * 3_600),
                for: "15m",
                labels: { severity: AlertSeverity.Critical },
                annotations: {
                    summary: `TLS certificate expiring within ${settings.criticalHours} hours`,
                    description: `${certificate} expires in {{ $value | humanizeDuration }}; clients will refuse TLS connections after that.`,
                    runbook_url: runbook,
                },
            },
            {
                alert: "CertManagerCertificateNotReady",
                // One series per condition value, set to 1 for the current one: False and Unknown both mean not ready.
                expr: `certmanager_certificate_ready_status{condition!="True"} == 1`,
                // ACME issuance (DNS-01 propagation in particular) legitimately takes several minutes.
                for: "15m",
                labels: { severity: AlertSeverity.Warning },
                annotations: {
                    summary: "cert-manager certificate not ready",
                    description: `${certificate} has been Ready={{ $labels.condition }} for 15 minutes: cert-manager cannot issue or renew it.`,
                    runbook_url: runbook,
                },
            },
        ],
    };
}
