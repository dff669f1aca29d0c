import { goDuration, goDurationSeconds } from "../rotation/vault/dynamicCredentialsArgs";
import { SecretsInputError } from "../validation/inputError";
import { requireDns1123Label, requireDns1123Subdomain } from "../validation/kubernetesNames";
import { requireIntegerInRange } from "../validation/numbers";
import { AlertRuleGroup, AlertSeverity, OBJECT_NAMESPACE_TEMPLATE } from "./alertRule";
import { Runbook, runbookUrl } from "./runbooks";

/** An ExternalSecret fed by a Vault dynamic-credentials generator, e.g. MlflowDbSecret with `credentials: VaultDynamic`. */
export interface DynamicCredentialsAlertTarget {
    /** Name of the ExternalSecret (the MlflowDbSecret's `kubernetesSecretName`). */
    readonly externalSecretName: string;
    /** Its namespace. */
    readonly namespace: string;
    /** Lease of each login, in seconds (the secret's `vaultDynamic.credentialTtlSeconds`). */
    readonly credentialTtlSeconds: number;
    /** ESO's refreshInterval of that ExternalSecret, as a Go duration (the secret's `refreshInterval` output). */
    readonly refreshInterval: string;
}

/**
 * The expression for one ExternalSecret, once per label ESO's namespace may arrive as (renamed `exported_namespace` by a
 * ServiceMonitor without honorLabels), joined with `or`.
 */
function forExternalSecret(target: DynamicCredentialsAlertTarget, render: (labels: string) => string): string {
    return ["namespace", "exported_namespace"]
        .map((label) => render(`name="${target.externalSecretName}",${label}="${target.namespace}"`))
        .join(" or ");
}

/** Checks one target; `at` is its argument path. Returns the lease left when the lease-end alert fires, in seconds. */
export function checkDynamicCredentialsTarget(at: string, target: DynamicCredentialsAlertTarget): { forSeconds: number } {
    requireDns1123Subdomain(`${at}.externalSecretName`, target.externalSecretName);
    requireDns1123Label(`${at}.namespace`, target.namespace);
    const ttl = requireIntegerInRange(`${at}.credentialTtlSeconds`, target.credentialTtlSeconds, 600, 7 * 86400,
        "It is the lease of each dynamic login, in seconds, as given to the secret (vaultDynamic.credentialTtlSeconds).");
    const refresh = goDurationSeconds(target.refreshInterval);
    if (refresh === undefined || refresh === 0 || refresh > ttl / 2) {
        throw new SecretsInputError(`${at}.refreshInterval`, target.refreshInterval,
            `Give the ExternalSecret's refreshInterval as a Go duration of at most half the lease (${goDuration(Math.floor(ttl / 2))}), as the secret uses.`);
    }
    // Not Ready since the refresh at `refresh` failed: the login in use ends at `ttl`. Fire with a quarter of the lease left.
    return { forSeconds: ttl - refresh - Math.floor(ttl / 4) };
}

/**
 * Alerts for dynamic database logins, on ESO's metrics (external-secrets/external-secrets `docs/api/metrics.md`): a
 * VaultDynamicSecret generator runs inside the ExternalSecret's sync, so a Vault login (Kubernetes auth) or creds read
 * that fails shows as `externalsecret_sync_calls_error` and the ExternalSecret's Ready condition going False. ESO
 * never renews a lease (`generators/v1/vault/vault.go`): the login in use was made at the last good sync and ends at
 * its lease end, so a refresh that keeps failing is a countdown, paged before the lease ends.
 */
export function dynamicCredentialsRuleGroup(targets: DynamicCredentialsAlertTarget[], runbookBaseUrl: string): AlertRuleGroup {
    return {
        name: "mlops-secrets-dynamic-credentials",
        rules: targets.flatMap((target) => {
            const { forSeconds } = checkDynamicCredentialsTarget("dynamicCredentials[]", target);
            const where = `ExternalSecret {{ $labels.name }} in namespace ${OBJECT_NAMESPACE_TEMPLATE}`;
            return [
                {
                    alert: "DynamicDbCredentialsRefreshFailing",
                    // As ExternalSecretSyncErrors: 20 minutes outlasts one transient failure and the controller's back-off.
                    expr: forExternalSecret(target, (labels) => `increase(externalsecret_sync_calls_error{${labels}}[20m]) > 0`),
                    for: "20m",
                    labels: { severity: AlertSeverity.Warning },
                    annotations: {
                        summary: "Dynamic database credentials cannot be refreshed from Vault",
                        description: `${where} has failed to get a new database login from Vault for 20 minutes. MLflow keeps its ` +
                            `current login, whose lease (${goDuration(target.credentialTtlSeconds)}) Vault does not extend: fix Vault, its ` +
                            "Kubernetes auth role or the database connection before that lease ends.",
                        runbook_url: runbookUrl(runbookBaseUrl, Runbook.DynamicCredentialsRefreshFailing),
                    },
                },
                {
                    alert: "DynamicDbCredentialsLeaseEnding",
                    expr: forExternalSecret(target, (labels) => `externalsecret_status_condition{${labels},condition="Ready",status="False"} == 1`),
                    for: goDuration(forSeconds),
                    labels: { severity: AlertSeverity.Critical },
                    annotations: {
                        summary: "The database login in use is about to expire",
                        description: `${where} has not synced for ${goDuration(forSeconds)}: the database login MLflow uses ends within ` +
                            `${goDuration(Math.floor(target.credentialTtlSeconds / 4))}, and Vault then drops it and ends its sessions.`,
                        runbook_url: runbookUrl(runbookBaseUrl, Runbook.DynamicCredentialsLeaseEnding),
                    },
                },
            ];
        }),
    };
}

/** For SecretAlertsArgs: the targets, checked before any resource exists. */
export function checkDynamicCredentialsTargets(targets: DynamicCredentialsAlertTarget[] | undefined): DynamicCredentialsAlertTarget[] {
    const list = targets ?? [];
    const seen = new Set<string>();
    list.forEach((target, i) => {
        checkDynamicCredentialsTarget(`dynamicCredentials[${i}]`, target);
        const key = `${target.namespace}/${target.externalSecretName}`;
        if (seen.has(key)) {
            throw new SecretsInputError(`dynamicCredentials[${i}]`, key, "List each ExternalSecret once.");
        }
        seen.add(key);
    });
    return list;
}
