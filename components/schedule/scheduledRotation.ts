import * as pulumi from "@pulumi/pulumi";
import { DeploymentSchedule, DeploymentSettings } from "@pulumi/pulumiservice";
import { componentType } from "../naming/componentType";
import { SecretsInputError } from "../validation/inputError";
import { requireIntegerInRange } from "../validation/numbers";
import { requireMatch, Rule } from "../validation/rules";
import { defaultRotationCron, DEFAULT_ROTATION_GRACE_HOURS, requireRotationCron } from "./rotationCron";
import { requireDeploymentCommand, requireDeploymentEnvironment } from "./deploymentInputs";

/** AWS credentials for the deployment: Pulumi Cloud's OIDC token exchanged for a role's temporary credentials. */
export interface ScheduledRotationAwsOidcArgs {
    /** The role the deployment assumes (trusting Pulumi Cloud's OIDC provider for this organization, project and stack). */
    readonly roleArn: string;
    /**
     * The assume-role session name, seen in CloudTrail.
     * @default "pulumi-deployments-<stack>".
     */
    readonly sessionName?: string;
    /**
     * How long the credentials last, in seconds (900–43200, within the role's maximum session duration).
     * @default 3600.
     */
    readonly sessionDurationSeconds?: number;
}

/** Azure credentials for the deployment: a workload identity federated with Pulumi Cloud's OIDC issuer. */
export interface ScheduledRotationAzureOidcArgs {
    readonly clientId: string;
    readonly tenantId: string;
    readonly subscriptionId: string;
}

/** GCP credentials for the deployment: Workload Identity Federation with Pulumi Cloud's OIDC issuer. */
export interface ScheduledRotationGcpOidcArgs {
    /** The project's number (digits), where the workload identity pool is. */
    readonly projectNumber: string;
    readonly workloadPoolId: string;
    readonly providerId: string;
    /** The service account to impersonate, as its email. */
    readonly serviceAccount: string;
    /**
     * How long the token lasts, in seconds (600–3600).
     * @default 3600.
     */
    readonly tokenLifetimeSeconds?: number;
}

/** Short-lived cloud credentials for the deployment through Pulumi Cloud's OIDC tokens: no stored key. */
export interface ScheduledRotationOidcArgs {
    readonly aws?: ScheduledRotationAwsOidcArgs;
    readonly azure?: ScheduledRotationAzureOidcArgs;
    readonly gcp?: ScheduledRotationGcpOidcArgs;
}

export interface ScheduledRotationArgs {
    /** The Pulumi Cloud organization that owns the stack. */
    readonly organization: string;
    /**
     * The project of the stack to update.
     * @default the current project.
     */
    readonly project?: string;
    /**
     * The stack to update.
     * @default the current stack.
     */
    readonly stack?: string;
    /**
     * The GitHub repository with the program, as "owner/repo", read through the Pulumi GitHub app (no git credential
     * is stored). Give this or repoUrl.
     */
    readonly githubRepository?: string;
    /** A public git repository's https URL. Give this or githubRepository. */
    readonly repoUrl?: string;
    /**
     * The branch to deploy.
     * @default "refs/heads/main".
     */
    readonly branch?: string;
    /**
     * The folder of the repository that holds Pulumi.yaml.
     * @default the repository's root.
     */
    readonly repoDir?: string;
    /**
     * When to run `pulumi up`: a cron expression of five fields, in UTC, at most once an hour, its runs close enough
     * together for the overdue alert's grace (checked before anything is created).
     * @default every 12 hours (for the default 90-day period and 24-hour grace) at a minute derived from the stack's name.
     */
    readonly scheduleCron?: string;
    /**
     * The rotation periods (days) of the stack's secrets; the default schedule runs at least four times per shortest period.
     * @default [90].
     */
    readonly rotationDays?: number[];
    /**
     * The grace of the overdue alert (SecretAlerts.rotationGraceHours): runs are never further apart than this less an hour.
     * @default 24.
     */
    readonly rotationGraceHours?: number;
    /** Cloud credentials through OIDC. Without it, give the deployment credentials through a Pulumi ESC environment the stack imports. */
    readonly oidc?: ScheduledRotationOidcArgs;
    /**
     * Shell commands run before `pulumi up`, e.g. to install kubectl and write a kubeconfig
     * (`aws eks update-kubeconfig --name <cluster>`). No credential may be written into them.
     * @default none.
     */
    readonly preRunCommands?: string[];
    /**
     * Plain environment variables for the deployment (stored in clear text by Pulumi Cloud): credential-named variables
     * are refused. Secrets come from OIDC, the stack's encrypted config, or a Pulumi ESC environment.
     * @default none.
     */
    readonly environmentVariables?: { [name: string]: string };
    /**
     * The executor image.
     * @default Pulumi Cloud's default image.
     */
    readonly executorImage?: string;
    /**
     * A customer-managed agent pool to run the deployment in, e.g. inside the network where the database and the cluster
     * API are private.
     * @default Pulumi Cloud's hosted runners.
     */
    readonly agentPoolId?: string;
}

const ORG_OR_PROJECT: Rule = {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/,
    fix: "Use the name Pulumi Cloud shows: letters, digits, '-', '_' or '.', at most 100 characters.",
};
const GITHUB_REPOSITORY: Rule = {
    pattern: /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9_.-]{1,100}$/,
    fix: 'Use "owner/repo" as GitHub shows it, e.g. "mlops-org/platform-infra".',
};
const HTTPS_REPO_URL: Rule = {
    pattern: /^https:\/\/[^\s/@:]+(:\d+)?\/[^\s@]+$/,
    fix: "Use the repository's https URL without user or password, e.g. \"https://github.com/mlops-org/platform-infra.git\"; for a private repository use githubRepository (the Pulumi GitHub app) instead of git credentials.",
};
const BRANCH: Rule = {
    pattern: /^refs\/heads\/[A-Za-z0-9._\/-]+$/,
    fix: 'Use a full ref, e.g. "refs/heads/main".',
};
const AWS_ROLE_ARN: Rule = {
    pattern: /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/,
    fix: 'Use the ARN of the role the deployment assumes, e.g. "arn:aws:iam::123456789012:role/pulumi-deployments".',
};
const SESSION_NAME: Rule = { pattern: /^[\w+=,.@-]{2,64}$/, fix: "Use 2–64 letters, digits or + = , . @ - _." };
const UUID: Rule = { pattern: /^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$/, fix: "Use the GUID the Azure portal shows." };
const DIGITS: Rule = { pattern: /^\d{6,20}$/, fix: "Use the project NUMBER (digits), not its id: gcloud projects describe <project> --format='value(projectNumber)'." };
const GCP_ID: Rule = { pattern: /^[a-z0-9-]{3,63}$/, fix: "Use the id as gcloud shows it: lowercase letters, digits and '-'." };
const SERVICE_ACCOUNT: Rule = { pattern: /^[a-z0-9-]{6,30}@[a-z0-9-]+\.iam\.gserviceaccount\.com$/, fix: 'Use the service account\'s email, e.g. "pulumi-deployments@my-project.iam.gserviceaccount.com".' };

/** "3600" seconds → "1h0m0s", the form Pulumi Cloud's OIDC settings take. */
function goDuration(seconds: number): string {
    return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m${seconds % 60}s`;
}

/**
 * Makes Pulumi Cloud run `pulumi up` for a stack on a schedule, so that period-based rotations happen on time with no
 * one at a keyboard: the stack's deployment settings (where the program is, how it gets cloud credentials) and a cron
 * schedule of `update` operations, created after the settings (Pulumi Cloud refuses a schedule for a stack without
 * them). Needs a Pulumi Cloud organization on a plan with Deployments (Team Growth or higher) and a Pulumi provider
 * token allowed to manage the stack's deployment settings and schedules. Loads `@pulumi/pulumiservice`; it is in its own
 * entry point, `@mlops-platform/secrets/pulumi-cloud`. See docs/scheduled-rotation.md.
 */
export class ScheduledRotation extends pulumi.ComponentResource {
    /** The cron expression the schedule runs on (UTC). */
    readonly scheduleCron: pulumi.Output<string>;
    /** The longest wait between two runs, in hours. */
    readonly longestGapHours: pulumi.Output<number>;
    /** "<organization>/<project>/<stack>". */
    readonly stackId: pulumi.Output<string>;

    constructor(name: string, args: ScheduledRotationArgs, opts?: pulumi.ComponentResourceOptions) {
        const a = checkArgs(args);
        super(componentType("ScheduledRotation"), name, {}, opts);

        const settings = new DeploymentSettings(name, {
            organization: a.organization,
            project: a.project,
            stack: a.stack,
            sourceContext: { git: { branch: a.branch, ...(a.repoUrl ? { repoUrl: a.repoUrl } : {}), ...(a.repoDir ? { repoDir: a.repoDir } : {}) } },
            // The GitHub app reads the repository: no git credential in the settings. Only scheduled runs: no deploy on push.
            ...(a.githubRepository ? { github: { repository: a.githubRepository, deployCommits: false, previewPullRequests: false, pullRequestTemplate: false } } : {}),
            operationContext: {
                ...(a.oidc ? { oidc: a.oidc } : {}),
                ...(a.preRunCommands.length ? { preRunCommands: a.preRunCommands } : {}),
                ...(Object.keys(a.environmentVariables).length ? { environmentVariables: a.environmentVariables } : {}),
                // Two runs queued behind a slow one collapse into one.
                options: { skipIntermediateDeployments: true },
            },
            ...(a.executorImage ? { executorContext: { executorImage: a.executorImage } } : {}),
            ...(a.agentPoolId ? { agentPoolId: a.agentPoolId } : {}),
        }, { parent: this });

        new DeploymentSchedule(name, {
            organization: a.organization,
            project: a.project,
            stack: a.stack,
            pulumiOperation: "update",
            scheduleCron: a.cron.cron,
        }, { parent: this, dependsOn: [settings] });

        this.scheduleCron = pulumi.output(a.cron.cron);
        this.longestGapHours = pulumi.output(a.cron.longestGapHours);
        this.stackId = pulumi.output(`${a.organization}/${a.project}/${a.stack}`);
        this.registerOutputs({ scheduleCron: this.scheduleCron, longestGapHours: this.longestGapHours, stackId: this.stackId });
    }
}

function checkArgs(args: ScheduledRotationArgs) {
    const organization = requireMatch("organization", args?.organization, ORG_OR_PROJECT);
    const project = requireMatch("project", args.project ?? pulumi.getProject(), ORG_OR_PROJECT);
    const stack = requireMatch("stack", args.stack ?? pulumi.getStack(), ORG_OR_PROJECT);
    if ((args.githubRepository === undefined) === (args.repoUrl === undefined)) {
        throw new SecretsInputError("githubRepository", args.githubRepository,
            "Give exactly one of githubRepository (\"owner/repo\", read through the Pulumi GitHub app) and repoUrl (a public https URL).");
    }
    const githubRepository = args.githubRepository === undefined ? undefined : requireMatch("githubRepository", args.githubRepository, GITHUB_REPOSITORY);
    if (typeof args.repoUrl === "string" && /:\/\/[^/]*@/.test(args.repoUrl)) {
        throw new SecretsInputError("repoUrl", "(a URL with a user or password, not shown)", HTTPS_REPO_URL.fix);
    }
    const repoUrl = args.repoUrl === undefined ? undefined : requireMatch("repoUrl", args.repoUrl, HTTPS_REPO_URL);
    const branch = requireMatch("branch", args.branch ?? "refs/heads/main", BRANCH);
    const repoDir = args.repoDir === undefined ? undefined : requireMatch("repoDir", args.repoDir, {
        pattern: /^(?!\/)(?!.*\.\.)[A-Za-z0-9._\/-]+$/, fix: 'Use a path inside the repository, e.g. "programs/platform".',
    });
    const rotationDays = args.rotationDays ?? [90];
    if (!Array.isArray(rotationDays) || rotationDays.length === 0) {
        throw new SecretsInputError("rotationDays", rotationDays, "Give the rotation periods of the stack's secrets in days, e.g. [90].");
    }
    rotationDays.forEach((days, i) => requireIntegerInRange(`rotationDays[${i}]`, days, 1, 365, "Use the secrets' rotationDays, 1–365."));
    const graceHours = requireIntegerInRange("rotationGraceHours", args.rotationGraceHours ?? DEFAULT_ROTATION_GRACE_HOURS, 2, 720,
        "Use the overdue alert's rotationGraceHours (2–720); the schedule needs at least an hour for a run within it.");
    const stackId = `${organization}/${project}/${stack}`;
    const cron = requireRotationCron("scheduleCron", args.scheduleCron ?? defaultRotationCron(stackId, rotationDays, graceHours), graceHours);
    return {
        organization, project, stack, githubRepository, repoUrl, branch, repoDir, cron,
        oidc: checkOidc(args.oidc, stack),
        preRunCommands: (args.preRunCommands ?? []).map((command, i) => requireDeploymentCommand(`preRunCommands[${i}]`, command)),
        environmentVariables: requireDeploymentEnvironment("environmentVariables", args.environmentVariables ?? {}),
        executorImage: args.executorImage === undefined ? undefined : requireMatch("executorImage", args.executorImage, {
            pattern: /^[a-z0-9]+([._\/:@-][A-Za-z0-9]+)*$/, fix: 'Use an image reference, e.g. "pulumi/pulumi-nodejs:3.200.0".',
        }),
        agentPoolId: args.agentPoolId === undefined ? undefined : requireMatch("agentPoolId", args.agentPoolId, {
            pattern: /^[A-Za-z0-9-]{1,64}$/, fix: "Use the agent pool's id as Pulumi Cloud shows it (Settings → Deployment runners).",
        }),
    };
}

function checkOidc(oidc: ScheduledRotationOidcArgs | undefined, stack: string) {
    if (oidc === undefined) {
        return undefined;
    }
    const result: Record<string, object> = {};
    if (oidc.aws) {
        result.aws = {
            roleARN: requireMatch("oidc.aws.roleArn", oidc.aws.roleArn, AWS_ROLE_ARN),
            sessionName: requireMatch("oidc.aws.sessionName", oidc.aws.sessionName ?? `pulumi-deployments-${stack}`.slice(0, 64), SESSION_NAME),
            duration: goDuration(requireIntegerInRange("oidc.aws.sessionDurationSeconds", oidc.aws.sessionDurationSeconds ?? 3600, 900, 43200,
                "Use 900–43200 seconds, within the role's maximum session duration.")),
        };
    }
    if (oidc.azure) {
        result.azure = {
            clientId: requireMatch("oidc.azure.clientId", oidc.azure.clientId, UUID),
            tenantId: requireMatch("oidc.azure.tenantId", oidc.azure.tenantId, UUID),
            subscriptionId: requireMatch("oidc.azure.subscriptionId", oidc.azure.subscriptionId, UUID),
        };
    }
    if (oidc.gcp) {
        result.gcp = {
            projectId: requireMatch("oidc.gcp.projectNumber", oidc.gcp.projectNumber, DIGITS),
            workloadPoolId: requireMatch("oidc.gcp.workloadPoolId", oidc.gcp.workloadPoolId, GCP_ID),
            providerId: requireMatch("oidc.gcp.providerId", oidc.gcp.providerId, GCP_ID),
            serviceAccount: requireMatch("oidc.gcp.serviceAccount", oidc.gcp.serviceAccount, SERVICE_ACCOUNT),
            tokenLifetime: goDuration(requireIntegerInRange("oidc.gcp.tokenLifetimeSeconds", oidc.gcp.tokenLifetimeSeconds ?? 3600, 600, 3600,
                "Use 600–3600 seconds.")),
        };
    }
    if (Object.keys(result).length === 0) {
        throw new SecretsInputError("oidc", oidc, "Give aws, azure or gcp settings, or leave oidc out and import the credentials from a Pulumi ESC environment.");
    }
    return result;
}
