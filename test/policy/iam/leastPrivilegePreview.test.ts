import { test } from "node:test";
import assert from "node:assert/strict";
import * as iam from "@pulumi/aws/iam";
import * as projects from "@pulumi/gcp/projects";
import * as pulumi from "@pulumi/pulumi";
import { analyzeResources, EnforcementLevel } from "../../../scripts/policyAnalyzer";
import { runProgram } from "../../harness";

const unknown = () => pulumi.output(pulumi.unknown) as pulumi.Output<string>;

test("preview: a GCP grant with an unknown member does not hide another project-level grant (stack policy)", async () => {
    const run = await runProgram(() => {
        new projects.IAMMember("later", { project: "mlops-platform-dev", role: "roles/secretmanager.secretAccessor", member: unknown() });
        new projects.IAMMember("owner", { project: "mlops-platform-dev", role: "roles/owner", member: "user:someone@example.com" });
    }, { preview: true });
    const verdicts = (await analyzeResources(run.resources)).filter((v) => v.policyName === "least-privilege-gcp-secret-access");
    const levels = verdicts.map((v) => `${v.enforcementLevel === EnforcementLevel.Mandatory ? "mandatory" : "advisory"} ${v.resourceName}`).sort();
    assert.ok(levels.includes("mandatory owner"), JSON.stringify(verdicts.map((v) => v.message)));
    assert.ok(verdicts.some((v) => v.enforcementLevel === EnforcementLevel.Advisory && /can't run .* during preview/.test(v.message)), JSON.stringify(verdicts));
});

test("preview: an IAM role policy whose ARN is unknown is reported as not checkable, not as a pass", async () => {
    const run = await runProgram(() => new iam.RolePolicy("read", {
        role: "eso",
        policy: pulumi.jsonStringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: unknown() }] }),
    }), { preview: true });
    const verdicts = (await analyzeResources(run.resources)).filter((v) => v.policyName === "least-privilege-aws-secret-reads");
    assert.equal(verdicts.length, 1, JSON.stringify(verdicts));
    assert.equal(verdicts[0].enforcementLevel, EnforcementLevel.Advisory);
});
