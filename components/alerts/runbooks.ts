import { SecretsInputError } from "../validation/inputError";

/** The README sections that tell an operator what to do about each alert (their GitHub anchors). */
export enum Runbook {
    TlsCertificateExpiring = "runbook-tls-certificate-expiring",
    ExternalSecretNotReady = "runbook-externalsecret-not-ready",
    SecretStoreNotReady = "runbook-secretstore-not-ready",
    EsoSyncErrors = "runbook-eso-sync-errors",
    RotationOverdue = "runbook-rotation-overdue",
    DynamicCredentialsRefreshFailing = "runbook-dynamic-db-credentials-refresh-failing",
    DynamicCredentialsLeaseEnding = "runbook-dynamic-db-credentials-lease-ending",
}

/** This package's README on GitHub; a fork or an internal mirror passes its own. */
export const DEFAULT_RUNBOOK_BASE_URL = "https://github.com/mlops-platform/secrets";

/** Checks the base URL the runbook anchors are appended to. */
export function requireRunbookBaseUrl(argument: string, value: string): string {
    let url: URL | undefined;
    try {
        url = new URL(value);
    } catch {
        url = undefined;
    }
    if (url === undefined || url.protocol !== "https:" || value.includes("#") || value.includes("{{")) {
        throw new SecretsInputError(argument, value,
            `Use an https URL of the page that holds the runbook sections, without a '#' fragment (e.g. "${DEFAULT_RUNBOOK_BASE_URL}").`);
    }
    return value;
}

export function runbookUrl(baseUrl: string, runbook: Runbook): string {
    return `${baseUrl}#${runbook}`;
}
