import { SecretsInputError } from "../validation/inputError";

/**
 * Environment variable names that hold a credential: a credential word at the end (`DB_PASSWORD`, `GITHUB_TOKEN`,
 * `ARM_CLIENT_SECRET`, `API_KEY`, `AWS_SECRET_ACCESS_KEY`), and the cloud SDKs' credential variables whose names do not
 * end that way (`AWS_ACCESS_KEY_ID`, `GOOGLE_CREDENTIALS`, `PULUMI_ACCESS_TOKEN` is caught by the first rule).
 */
const CREDENTIAL_NAME = /(PASS(WORD|WD|PHRASE)?|PWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|CLIENT_?CERTIFICATE)$/i;
const CLOUD_CREDENTIAL_NAMES = new Set([
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "ARM_CLIENT_SECRET", "ARM_CLIENT_CERTIFICATE_PASSWORD",
    "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PASSWORD", "GOOGLE_CREDENTIALS", "GOOGLE_OAUTH_ACCESS_TOKEN",
    "CLOUDSDK_AUTH_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE",
]);
/** `NAME=value` (or `NAME: value`) where NAME is credential-named and value is not a `$VAR` reference. */
const ASSIGNMENT = /(?:^|[\s;&|(])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(?!["']?\$)(["']?)[^\s"';&|]+\2/g;
const CLI_FLAG = /--(password|token|secret|api-key|access-key|private-key|client-secret)(?:=|\s+)(?!["']?\$)(["']?)[^\s"';&|-][^\s"';&|]*\2/i;
const URL_PASSWORD = /:\/\/[^\s:/@]+:(?!\$)[^\s/@]+@/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const FIX = "Give cloud credentials through `oidc` (short-lived tokens, nothing stored), and other secrets through the " +
    "stack's encrypted config or a Pulumi ESC environment the stack imports; deployment settings keep plain values in clear text.";

/** Whether an environment variable's name says it holds a credential. */
export function isCredentialVariable(name: string): boolean {
    return CREDENTIAL_NAME.test(name) || CLOUD_CREDENTIAL_NAMES.has(name.toUpperCase());
}

/** Plain environment variables for a deployment: valid names, no credential among them. Sorted by name. */
export function requireDeploymentEnvironment(argument: string, variables: { [name: string]: string }): { [name: string]: string } {
    if (typeof variables !== "object" || variables === null || Array.isArray(variables)) {
        throw new SecretsInputError(argument, variables, 'Give a map of variable names to plain values, e.g. { KUBECONFIG: "/tmp/kubeconfig" }.');
    }
    for (const [name, value] of Object.entries(variables)) {
        if (!ENV_NAME.test(name)) {
            throw new SecretsInputError(`${argument} name`, name, "Use letters, digits and '_', not starting with a digit.");
        }
        if (isCredentialVariable(name)) {
            throw new SecretsInputError(`${argument}.${name}`, "(a value, not shown)", FIX);
        }
        if (typeof value !== "string") {
            throw new SecretsInputError(`${argument}.${name}`, typeof value === "object" ? "(an Output or object, not shown)" : value,
                "Give a plain string; a secret Output does not belong here (see the fix for credentials: oidc, encrypted config or ESC).");
        }
        if (URL_PASSWORD.test(value)) {
            throw new SecretsInputError(`${argument}.${name}`, "(a URL with a password, not shown)", FIX);
        }
    }
    return Object.fromEntries(Object.keys(variables).sort().map((name) => [name, variables[name]]));
}

/** A shell command run before the deployment: no credential literally in it (it is stored and shown in clear text). */
export function requireDeploymentCommand(argument: string, command: string): string {
    if (typeof command !== "string" || command.trim() === "") {
        throw new SecretsInputError(argument, command, 'Give a shell command, e.g. "aws eks update-kubeconfig --name mlops-dev".');
    }
    const assigned = [...command.matchAll(ASSIGNMENT)].find((m) => isCredentialVariable(m[1]));
    if (assigned || CLI_FLAG.test(command) || URL_PASSWORD.test(command)) {
        throw new SecretsInputError(argument, "(a command with a literal credential, not shown)", FIX);
    }
    return command;
}
