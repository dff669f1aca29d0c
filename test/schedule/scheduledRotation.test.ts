import { test } from "node:test";
import assert from "node:assert/strict";
import { ScheduledRotation, ScheduledRotationArgs } from "../../components/pulumiCloud";
import { defaultIntervalHours, defaultRotationCron, requireRotationCron } from "../../components/schedule";
import { runProgram } from "../harness";
import { single } from "../access/fixtures";

const SETTINGS = "pulumiservice:index:DeploymentSettings";
const SCHEDULE = "pulumiservice:index:DeploymentSchedule";
const AWS_OIDC = { aws: { roleArn: "arn:aws:iam::123456789012:role/pulumi-deployments" } };
const BASE: ScheduledRotationArgs = { organization: "mlops-org", githubRepository: "mlops-org/platform-infra", repoDir: "programs/platform", oidc: AWS_OIDC };

test("settings then a cron schedule of `pulumi up` for this stack, credentials through OIDC, nothing secret stored", async () => {
    const run = await runProgram(() => new ScheduledRotation("rotation", BASE), { project: "mlops-platform", stack: "dev-aws" });
    const settings = single(run, SETTINGS);
    assert.deepEqual(settings.inputs, {
        organization: "mlops-org",
        project: "mlops-platform",
        stack: "dev-aws",
        sourceContext: { git: { branch: "refs/heads/main", repoDir: "programs/platform" } },
        github: { repository: "mlops-org/platform-infra", deployCommits: false, previewPullRequests: false, pullRequestTemplate: false },
        operationContext: {
            oidc: { aws: { roleARN: "arn:aws:iam::123456789012:role/pulumi-deployments", sessionName: "pulumi-deployments-dev-aws", duration: "1h0m0s" } },
            options: { skipIntermediateDeployments: true },
        },
    });
    const schedule = single(run, SCHEDULE);
    assert.equal(schedule.inputs.pulumiOperation, "update");
    assert.deepEqual([schedule.inputs.organization, schedule.inputs.project, schedule.inputs.stack], ["mlops-org", "mlops-platform", "dev-aws"]);
    // Pulumi Cloud refuses a schedule for a stack without settings: the schedule waits for them.
    assert.ok(schedule.dependencies.includes(settings.urn), "the schedule depends on the settings");
    const cron = schedule.inputs.scheduleCron as string;
    assert.match(cron, /^\d{1,2} \d{1,2}-23\/12 \* \* \*$/, "every 12 hours by default");
    assert.equal(cron, defaultRotationCron("mlops-org/mlops-platform/dev-aws", [90]), "the documented default");
    const component = single(run, "secrets:index:ScheduledRotation");
    assert.equal(component.rawOutputs?.scheduleCron, cron);
    assert.equal(component.rawOutputs?.longestGapHours, 12);
    assert.ok(settings.parent === component.urn && schedule.parent === component.urn);

    // Same inputs, same schedule: nothing drifts between runs.
    const again = await runProgram(() => new ScheduledRotation("rotation", BASE), { project: "mlops-platform", stack: "dev-aws" });
    assert.equal(single(again, SCHEDULE).inputs.scheduleCron, cron);
    // Another stack of the fleet starts at another minute or hour.
    const other = await runProgram(() => new ScheduledRotation("rotation", BASE), { project: "mlops-platform", stack: "prod-aws" });
    assert.notEqual(single(other, SCHEDULE).inputs.scheduleCron, cron);
});

test("a public repository by URL, Azure and GCP OIDC, an explicit cron, pre-run commands and plain variables", async () => {
    const run = await runProgram(() => new ScheduledRotation("rotation", {
        organization: "mlops-org", project: "mlops-platform", stack: "dev-gcp",
        repoUrl: "https://github.com/mlops-org/platform-infra.git", branch: "refs/heads/release",
        scheduleCron: "5 */6 * * *",
        oidc: {
            azure: { clientId: "00000000-0000-4000-8000-000000000001", tenantId: "00000000-0000-4000-8000-000000000002", subscriptionId: "00000000-0000-4000-8000-000000000003" },
            gcp: { projectNumber: "123456789012", workloadPoolId: "pulumi-pool", providerId: "pulumi-oidc", serviceAccount: "pulumi-deployments@mlops-dev.iam.gserviceaccount.com", tokenLifetimeSeconds: 1800 },
        },
        preRunCommands: ["gcloud container clusters get-credentials mlops-dev --region europe-west1"],
        environmentVariables: { USE_GKE_GCLOUD_AUTH_PLUGIN: "True", KUBECONFIG: "/root/.kube/config" },
        executorImage: "pulumi/pulumi-nodejs:3.200.0",
        agentPoolId: "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
    }));
    const settings = single(run, SETTINGS).inputs;
    assert.deepEqual(settings.sourceContext, { git: { branch: "refs/heads/release", repoUrl: "https://github.com/mlops-org/platform-infra.git" } });
    assert.equal(settings.github, undefined);
    assert.deepEqual(settings.operationContext.oidc.gcp, { projectId: "123456789012", workloadPoolId: "pulumi-pool", providerId: "pulumi-oidc", serviceAccount: "pulumi-deployments@mlops-dev.iam.gserviceaccount.com", tokenLifetime: "0h30m0s" });
    assert.equal(settings.operationContext.oidc.azure.tenantId, "00000000-0000-4000-8000-000000000002");
    assert.deepEqual(Object.keys(settings.operationContext.environmentVariables), ["KUBECONFIG", "USE_GKE_GCLOUD_AUTH_PLUGIN"], "sorted");
    assert.deepEqual(settings.executorContext, { executorImage: "pulumi/pulumi-nodejs:3.200.0" });
    assert.equal(settings.agentPoolId, "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "runs inside the network");
    assert.equal(single(run, SCHEDULE).inputs.scheduleCron, "5 */6 * * *");
});

test("bad input is refused before anything exists, naming the argument, the value and the fix", () => {
    const refused: Array<[Partial<ScheduledRotationArgs>, RegExp]> = [
        [{ scheduleCron: "0 3 * *" }, /"scheduleCron".*0 3 \* \*.*five fields/s],
        [{ scheduleCron: "0 3 * * * 2027" }, /"scheduleCron".*five fields/s],
        [{ scheduleCron: "*/5 * * * *" }, /"scheduleCron".*at most once an hour/s],
        [{ scheduleCron: "0 3 * * *" }, /"scheduleCron".*24 hours apart.*grace of 24 hours/s],
        [{ scheduleCron: "0 0 1 * *", rotationGraceHours: 720 }, /"scheduleCron".*744 hours apart/s],
        [{ scheduleCron: "0 0 30 2 *" }, /"scheduleCron".*never runs/s],
        [{ scheduleCron: "0 25 * * *" }, /"scheduleCron".*hour field "25" is outside 0-23/s],
        [{ scheduleCron: "0 3 * * MON" }, /"scheduleCron".*day of week field "MON" is not understood/s],
        [{ organization: "mlops org" }, /"organization".*mlops org/s],
        [{ githubRepository: undefined }, /"githubRepository".*exactly one of githubRepository/s],
        [{ repoUrl: "https://github.com/x/y.git" }, /"githubRepository".*exactly one/s],
        [{ githubRepository: undefined, repoUrl: "https://deploy:hunter2@git.example.com/x.git" }, /"repoUrl".*without user or password/s],
        [{ branch: "main" }, /"branch".*refs\/heads\/main/s],
        [{ repoDir: "../other" }, /"repoDir"/s],
        [{ rotationDays: [0] }, /"rotationDays\[0\]"/s],
        [{ oidc: {} }, /"oidc".*aws, azure or gcp/s],
        [{ oidc: { aws: { roleArn: "pulumi-deployments" } } }, /"oidc\.aws\.roleArn".*pulumi-deployments/s],
        [{ oidc: { aws: { roleArn: AWS_OIDC.aws.roleArn, sessionDurationSeconds: 60 } } }, /"oidc\.aws\.sessionDurationSeconds".*60/s],
        [{ environmentVariables: { AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } }, /"environmentVariables\.AWS_SECRET_ACCESS_KEY".*not shown.*oidc/s],
        [{ environmentVariables: { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE" } }, /"environmentVariables\.AWS_ACCESS_KEY_ID"/s],
        [{ environmentVariables: { DB_PASSWORD: "hunter2" } }, /"environmentVariables\.DB_PASSWORD"/s],
        [{ environmentVariables: { DATABASE_URL: "postgres://mlflow:hunter2@db:5432/mlflow" } }, /"environmentVariables\.DATABASE_URL".*URL with a password/s],
        [{ environmentVariables: { "1X": "y" } }, /"environmentVariables name".*1X/s],
        [{ preRunCommands: ["export GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789"] }, /"preRunCommands\[0\]".*not shown/s],
        [{ preRunCommands: ["psql --password=hunter2 -c 'select 1'"] }, /"preRunCommands\[0\]"/s],
        [{ preRunCommands: [""] }, /"preRunCommands\[0\]"/s],
    ];
    for (const [change, message] of refused) {
        const build = () => new ScheduledRotation("bad", { ...BASE, ...change } as ScheduledRotationArgs);
        assert.throws(build, message, JSON.stringify(change));
        assert.throws(build, (e: Error) => !e.message.includes("hunter2") && !e.message.includes("EXAMPLEKEY") && !e.message.includes("ghp_"), "the value stays out of the error");
    }
});

test("references, not values, pass: $VAR in commands and variables named like switches", async () => {
    const run = await runProgram(() => new ScheduledRotation("rotation", {
        ...BASE,
        scheduleCron: "0 3 * * *", rotationGraceHours: 25,
        preRunCommands: ["export KUBE_TOKEN=$(cat /var/run/token)", "aws eks update-kubeconfig --name mlops-dev --region eu-west-1"],
        environmentVariables: { PULUMI_SKIP_UPDATE_CHECK: "true", AWS_REGION: "eu-west-1" },
    }));
    assert.equal(single(run, SCHEDULE).inputs.scheduleCron, "0 3 * * *", "daily is fine once the grace leaves an hour for the run");
});

test("default cadence follows the shortest rotation period and the alert's grace", () => {
    assert.equal(defaultIntervalHours([90], 24), 12);
    assert.equal(defaultIntervalHours([30, 7], 24), 12);
    assert.equal(defaultIntervalHours([1], 24), 6, "a one-day period is checked four times a day");
    assert.equal(defaultIntervalHours([90], 8), 4, "a tight grace runs it more often");
    assert.equal(defaultIntervalHours([90], 2), 1);
    for (const [days, grace] of [[[90], 24], [[1], 24], [[2], 6], [[365], 720]] as Array<[number[], number]>) {
        const cron = defaultRotationCron("org/project/stack", days, grace);
        const { longestGapHours } = requireRotationCron("scheduleCron", cron, grace);
        assert.ok(longestGapHours + 1 <= grace, `${cron}: a default never trips the alert it is derived from`);
        assert.ok(longestGapHours <= days[0] * 24 / 4, `${cron}: at least four runs per period`);
    }
    assert.equal(requireRotationCron("c", "0 0 * * 1,4", 97).longestGapHours, 96, "day-of-week lists: Thursday to Monday");
    assert.equal(requireRotationCron("c", "0 0 1,15 * 1", 200).longestGapHours, 168, "both day fields restricted: either matches (cron's rule)");
});
