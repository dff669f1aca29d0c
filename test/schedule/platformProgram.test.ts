import { test } from "node:test";
import assert from "node:assert/strict";
import { platformSecrets } from "../../programs/platform";
import { readStackConfig } from "../../scripts/plan";
import { attemptProgram, runProgram } from "../harness";

const ENABLED = {
    enabled: true,
    organization: "mlops-org",
    githubRepository: "mlops-org/platform-infra",
    oidc: { aws: { roleArn: "arn:aws:iam::111122223333:role/pulumi-deployments" } },
    preRunCommands: ["aws eks update-kubeconfig --name mlops-dev --region eu-west-1"],
};

function config(stack: string, overrides: Record<string, unknown>): Record<string, string> {
    const c = { ...readStackConfig(stack) };
    for (const [key, value] of Object.entries(overrides)) {
        c[`mlops-platform:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return c;
}

test("the shipped stacks schedule nothing: scheduled rotation is opt-in", async () => {
    for (const stack of ["dev-aws", "dev-azure", "dev-gcp"]) {
        const run = await runProgram(platformSecrets, { stack, config: readStackConfig(stack) });
        assert.ok(!run.resources.some((r) => r.type.startsWith("pulumiservice:")), `${stack} registered a Pulumi Cloud resource`);
    }
});

test("enabled, the platform stack schedules its own update at a cadence from its rotationDays and the alert's grace", async () => {
    const run = await runProgram(platformSecrets, { project: "mlops-platform", stack: "dev-aws", config: config("dev-aws", { scheduledRotation: ENABLED, rotationDays: "2", alerts: { enabled: true, rotationGraceHours: 8 } }) });
    const settings = run.resources.find((r) => r.type === "pulumiservice:index:DeploymentSettings");
    const schedule = run.resources.find((r) => r.type === "pulumiservice:index:DeploymentSchedule");
    assert.equal(settings?.inputs.stack, "dev-aws");
    assert.equal(settings?.inputs.project, "mlops-platform");
    assert.deepEqual(settings?.inputs.operationContext.preRunCommands, ENABLED.preRunCommands);
    // rotationDays 2 and an 8-hour grace: every 4 hours (at most half the grace, a quarter of the period).
    assert.match(schedule?.inputs.scheduleCron, /^\d{1,2} \d-23\/4 \* \* \*$/);
    assert.ok(schedule?.dependencies.includes(settings!.urn));
});

test("a schedule that would let the overdue alert fire is refused before anything is registered", async () => {
    const { error, run } = await attemptProgram(platformSecrets, { stack: "dev-aws", config: config("dev-aws", { scheduledRotation: { ...ENABLED, scheduleCron: "0 3 * * 1" } }) });
    assert.match(String(error), /"scheduleCron".*168 hours apart.*grace of 24 hours/s);
    assert.deepEqual(run.resources.map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack"), []);
});
