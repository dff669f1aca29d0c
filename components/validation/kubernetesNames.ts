import { SecretsInputError } from "./inputError";
import { requireMatch, Rule } from "./rules";

export const DNS1123_LABEL: Rule = {
    pattern: /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    fix: "Use a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit (e.g. \"mlflow\").",
};

export const DNS1123_SUBDOMAIN: Rule = {
    pattern: /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    fix: "Use a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit (e.g. \"mlflow-db-credentials\").",
};

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Namespaces and ServiceAccount names: RFC 1123 labels. */
export function requireDns1123Label(argument: string, value: string | undefined): string {
    return requireMatch(argument, value, DNS1123_LABEL);
}

/** Names of Secrets, ExternalSecrets and SecretStores: RFC 1123 subdomains. */
export function requireDns1123Subdomain(argument: string, value: string | undefined): string {
    return requireMatch(argument, value, DNS1123_SUBDOMAIN);
}

/** Keys inside a Kubernetes Secret's data. */
export function requireSecretKey(argument: string, value: string): string {
    if (value.length > 253 || !SECRET_KEY.test(value)) {
        throw new SecretsInputError(argument, value, "A Kubernetes Secret key uses only letters, digits, '-', '_' or '.' (e.g. \"admin-password\").");
    }
    return value;
}
