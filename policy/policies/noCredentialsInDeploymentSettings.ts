import { ResourceValidationPolicy } from "@pulumi/policy";
import { allowedKeysSchema, isCredentialKey, isLiteralValue } from "../lib/credentialNames";
import { credentialArguments, unmistakableCredential } from "../lib/credentialValues";
import { rawProps } from "../lib/kubernetesObject";
import { describeFindings, Finding } from "../lib/valueScan";

export interface NoCredentialsInDeploymentSettingsConfig {
    readonly allowedKeys?: readonly string[];
}

/**
 * Pulumi Cloud deployment settings (the current and the `api/deployments` resources) and scheduled deployments whose
 * request carries its own settings. Field names differ in case between them (`gitAuth`/`GitAuth` are not used: the
 * REST shape is camelCase too), so one walk serves all.
 */
const SETTINGS_TYPES: Record<string, (props: Record<string, any>) => Record<string, any> | undefined> = {
    "pulumiservice:index:DeploymentSettings": (p) => p,
    "pulumiservice:api/deployments:Settings": (p) => p,
    "pulumiservice:api/deployments:ScheduledDeployment": (p) => p.request?.deploymentSettings ?? p.request,
};

/** Cloud SDK variables that hold (part of) a static credential although their names do not say so. */
const STATIC_CLOUD_VARIABLES = new Set(["AWS_ACCESS_KEY_ID", "AWS_SESSION_TOKEN", "GOOGLE_APPLICATION_CREDENTIALS_JSON"]);

function settingsFindings(settings: Record<string, any>, allowedKeys: readonly string[]): Finding[] {
    const found: Finding[] = [];
    const env = settings.operationContext?.environmentVariables;
    if (typeof env === "object" && env !== null) {
        for (const [name, value] of Object.entries(env)) {
            // The REST shape may give `{ secret: … }` or `{ value: … }`; the SDK resources a plain string.
            const text = typeof value === "string" ? value : (value as any)?.value ?? (value as any)?.secret;
            const at = `operationContext.environmentVariables.${name}`;
            if ((isCredentialKey(name, allowedKeys) || STATIC_CLOUD_VARIABLES.has(name.toUpperCase())) && isLiteralValue(text)) {
                found.push({ path: at, what: "a literal under a credential name" });
            } else if (typeof text === "string" && unmistakableCredential(text)) {
                found.push({ path: at, what: unmistakableCredential(text)! });
            }
        }
    }
    const commands = settings.operationContext?.preRunCommands;
    if (Array.isArray(commands)) {
        for (const [index, what] of credentialArguments(commands, allowedKeys)) {
            found.push({ path: `operationContext.preRunCommands[${index}]`, what });
        }
    }
    const gitAuth = settings.sourceContext?.git?.gitAuth;
    if (isLiteralValue(gitAuth?.basicAuth?.password)) {
        found.push({ path: "sourceContext.git.gitAuth.basicAuth.password", what: "a git password" });
    }
    if (typeof gitAuth?.sshAuth?.sshPrivateKey === "string" && gitAuth.sshAuth.sshPrivateKey.trim() !== "") {
        found.push({ path: "sourceContext.git.gitAuth.sshAuth.sshPrivateKey", what: "an SSH private key" });
    }
    const repoUrl = settings.sourceContext?.git?.repoUrl;
    if (typeof repoUrl === "string" && /:\/\/[^\s/@:]+:[^\s/@]+@/.test(repoUrl)) {
        found.push({ path: "sourceContext.git.repoUrl", what: "a URL with a password" });
    }
    return found;
}

/**
 * Deployment settings are what a scheduled `pulumi up` runs with, for as long as the schedule lives: a credential in
 * them is a long-lived credential kept by Pulumi Cloud, shown in its console when not marked secret, and (the pack
 * sees inputs with secrets already unwrapped, so it cannot tell) possibly in clear text in the stack's state.
 */
export const noCredentialsInDeploymentSettings: ResourceValidationPolicy = {
    name: "no-credentials-in-deployment-settings",
    description:
        "Pulumi Cloud deployment settings (and scheduled deployments) must not carry credentials: no credential-named or " +
        "token-shaped environment variable (AWS_SECRET_ACCESS_KEY, ARM_CLIENT_SECRET, DB_PASSWORD, a GitHub token), no " +
        "credential in pre-run commands, no git password or SSH key. Use operationContext.oidc for cloud credentials, the " +
        "GitHub app (github/vcs settings) for the repository, and the stack's encrypted config or a Pulumi ESC environment for the rest.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedKeys: allowedKeysSchema } },
    validateResource: (args, reportViolation) => {
        const pick = SETTINGS_TYPES[args.type];
        if (!pick) {
            return;
        }
        const settings = pick(rawProps(args));
        if (typeof settings !== "object" || settings === null) {
            return;
        }
        const allowedKeys = args.getConfig<NoCredentialsInDeploymentSettingsConfig>().allowedKeys ?? [];
        const found = settingsFindings(settings, allowedKeys);
        if (found.length > 0) {
            reportViolation(
                `Deployment settings "${args.name}" carry credentials in ${describeFindings(found)}. Give the deployment cloud ` +
                `credentials through operationContext.oidc (short-lived, nothing stored), read the repository through the GitHub ` +
                `app, and put other secrets in the stack's encrypted config or a Pulumi ESC environment the stack imports; or list a ` +
                `variable that is not a credential in this policy's allowedKeys.`,
            );
        }
    },
};
