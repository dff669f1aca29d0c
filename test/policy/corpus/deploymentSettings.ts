import * as pulumi from "@pulumi/pulumi";
import * as service from "@pulumi/pulumiservice";
import { ScheduledRotation } from "../../../components/pulumiCloud";
import { CorpusClass, violations } from "./corpusCase";
import { FAKE, P } from "./_programs";

const SETTINGS = "pulumiservice:index:DeploymentSettings";
const API_SETTINGS = "pulumiservice:api/deployments:Settings";
const SCHEDULED = "pulumiservice:api/deployments:ScheduledDeployment";
const STACK = { organization: "mlops-org", project: "mlops-platform", stack: "dev" };
const GIT = { git: { repoUrl: "https://github.com/mlops-org/platform-infra.git", branch: "refs/heads/main" } };
const settings = (operationContext: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    new service.DeploymentSettings("platform", { ...STACK, sourceContext: GIT, operationContext, ...extra });

/**
 * Shapes from the provider's own examples (pulumi/pulumi-pulumiservice examples/ts-deployment-settings/index.ts) and
 * its SDK types (sdk/nodejs/types/input.ts `DeploymentSettingsOperationContextArgs`, `DeploymentSettingsGitSourceArgs`).
 */
export const deploymentSettings: CorpusClass = {
    title: "Credentials in scheduled deployments",
    description:
        "Static cloud keys, database passwords and git credentials handed to a scheduled `pulumi up` through Pulumi Cloud " +
        "deployment settings, where they live as long as the schedule, instead of OIDC, the GitHub app and ESC.",
    cases: [
        {
            title: "bad: AWS access keys as environment variables of the deployment",
            program: () => settings({ environmentVariables: { AWS_ACCESS_KEY_ID: FAKE.awsKeyId, AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", AWS_REGION: "eu-west-1" } }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: the same keys wrapped in pulumi.secret (still a long-lived key; the pack sees the value unwrapped)",
            program: () => settings({ environmentVariables: { AWS_SECRET_ACCESS_KEY: pulumi.secret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") } }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: an Azure service principal secret (ARM_CLIENT_SECRET)",
            program: () => settings({ environmentVariables: { ARM_CLIENT_ID: "00000000-0000-4000-8000-000000000001", ARM_CLIENT_SECRET: "s3cr3t~Q8Q~abcdefghijklmnopqrstuvwxyz" } }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: a GCP service account key JSON under an innocent name",
            program: () => settings({ environmentVariables: { GCP_SA: FAKE.gcpKeyJson } }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: a database password for the rotation step",
            program: () => settings({ environmentVariables: { PGPASSWORD: "hunter2-but-longer" } }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: a connection URI with a password",
            program: () => settings({ environmentVariables: { MLFLOW_DB: "postgresql://mlflow:s3cr3t-pass@db.internal:5432/mlflow" } }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: a GitHub token exported in a pre-run command",
            program: () => settings({ preRunCommands: [`export GITHUB_TOKEN=${FAKE.github}`, "npm ci"] }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: a kubeconfig token passed on a pre-run command line",
            program: () => settings({ preRunCommands: ["kubectl config set-credentials ci --token=s3cr3t-sa-token-value"] }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: git basic-auth password for a private repository",
            program: () => new service.DeploymentSettings("platform", {
                ...STACK, sourceContext: { git: { ...GIT.git, gitAuth: { basicAuth: { username: "ci", password: "s3cr3t-git-pass" } } } },
            }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: an SSH deploy key",
            program: () => new service.DeploymentSettings("platform", {
                ...STACK, sourceContext: { git: { ...GIT.git, gitAuth: { sshAuth: { sshPrivateKey: FAKE.pem } } } },
            }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: a repository URL with a password",
            program: () => new service.DeploymentSettings("platform", { ...STACK, sourceContext: { git: { repoUrl: "https://ci:s3cr3t-pat@git.example.com/platform.git", branch: "refs/heads/main" } } }),
            expect: violations(P.deployments, SETTINGS),
        },
        {
            title: "bad: the newer api/deployments Settings with a secret variable",
            program: () => new service.api.deployments.Settings("platform", {
                orgName: "mlops-org", projectName: "mlops-platform", stackName: "dev",
                operationContext: { environmentVariables: { DATADOG_API_KEY: "0123456789abcdef0123456789abcdef" } },
            }),
            expect: violations(P.deployments, API_SETTINGS),
        },
        {
            title: "bad: a scheduled deployment whose request overrides the settings with a token",
            program: () => new service.api.deployments.ScheduledDeployment("nightly", {
                orgName: "mlops-org", projectName: "mlops-platform", stackName: "dev", scheduleCron: "17 3 * * *",
                request: { operation: "update", deploymentSettings: { operationContext: { environmentVariables: { SLACK_TOKEN: FAKE.slack } } } },
            }),
            expect: violations(P.deployments, SCHEDULED),
        },
        {
            title: "good: OIDC for AWS, Azure and GCP, plain settings and references",
            source: "pulumi/pulumi-pulumiservice:examples/ts-deployment-settings/index.ts",
            program: () => settings({
                oidc: {
                    aws: { roleARN: "arn:aws:iam::123456789012:role/pulumi-deployments", sessionName: "pulumi-deployments-dev", duration: "1h0m0s" },
                    azure: { clientId: "00000000-0000-4000-8000-000000000001", tenantId: "00000000-0000-4000-8000-000000000002", subscriptionId: "00000000-0000-4000-8000-000000000003" },
                },
                environmentVariables: { AWS_REGION: "eu-west-1", PULUMI_SKIP_UPDATE_CHECK: "true", KUBECONFIG: "/root/.kube/config", TOKEN_TTL: "3600", GITHUB_TOKEN: "$GITHUB_TOKEN_FROM_ESC" },
                preRunCommands: ["aws eks update-kubeconfig --name mlops-dev --region eu-west-1", "export PGPASSWORD=$(cat /run/secrets/pg)"],
                options: { skipIntermediateDeployments: true },
            }),
            expect: [],
        },
        {
            title: "good: the GitHub app instead of git credentials, and a schedule",
            program: () => {
                const s = new service.DeploymentSettings("platform", {
                    ...STACK, sourceContext: { git: { branch: "refs/heads/main", repoDir: "programs/platform" } },
                    github: { repository: "mlops-org/platform-infra", deployCommits: false, previewPullRequests: false },
                });
                new service.DeploymentSchedule("rotation", { ...STACK, pulumiOperation: "update", scheduleCron: "17 */12 * * *" }, { dependsOn: [s] });
            },
            expect: [],
        },
        {
            title: "good: the package's own ScheduledRotation",
            program: () => new ScheduledRotation("rotation", {
                organization: "mlops-org", githubRepository: "mlops-org/platform-infra", repoDir: "programs/platform",
                oidc: { aws: { roleArn: "arn:aws:iam::123456789012:role/pulumi-deployments" } },
                preRunCommands: ["aws eks update-kubeconfig --name mlops-dev --region eu-west-1"],
            }),
            expect: [],
        },
    ],
};
