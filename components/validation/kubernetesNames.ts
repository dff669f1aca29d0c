import { SecretsInputError } from "./inputError";

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Namespaces and ServiceAccount names: RFC 1123 labels. */
export function requireDns1123Label(argument: string, value: string | undefined): string {
    if (typeof value !== "string" || value.length > 63 || !DNS1123_LABEL.test(value)) {
        throw new SecretsInputError(argument, value,
            "Use at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit (e.g. \"mlflow\").");
    }
    return value;
}

/** Names of Secrets, ExternalSecrets and SecretStores: RFC 1123 subdomains. */
export function requireDns1123Subdomain(argument: string, value: string | undefined): string {
    if (typeof value !== "string" || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
        throw new SecretsInputError(argument, value,
            "Use at most 253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit (e.g. \"mlflow-db-credentials\").");
    }
    return value;
}

/** Keys inside a Kubernetes Secret's data. */
export function requireSecretKey(argument: string, value: string): string {
    if (value.length > 253 || !SECRET_KEY.test(value)) {
        throw new SecretsInputError(argument, value, "A Kubernetes Secret key uses only letters, digits, '-', '_' or '.' (e.g. \"admin-password\").");
    }
    return value;
}
