import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { requireRotationCron } from "../../components/schedule";
import { isCredentialKey, isLiteralValue } from "../../policy/lib/credentialNames";
import { unmistakableCredential } from "../../policy/lib/credentialValues";

// The scheduled CI workflow shipped for self-managed backends, read the way GitHub Actions reads it.
const FILE = path.resolve(__dirname, "../../examples/scheduled-rotation/github-actions.yml");
const text = fs.readFileSync(FILE, "utf8");
const workflow = parse(text);
const job = workflow.jobs.up;
const EXPRESSION = /\$\{\{\s*([^}]*?)\s*\}\}/g;

/** Every string in the workflow with its path. */
function strings(value: unknown, at = ""): Array<[string, string]> {
    if (typeof value === "string") {
        return [[at, value]];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
    }
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
    }
    return [];
}

/** What in a workflow gives away a credential or fetches one other than by OIDC and the secret store. */
function credentialProblems(wf: any): string[] {
    const problems: string[] = [];
    const up = wf.jobs.up;
    if (JSON.stringify(wf.permissions) !== JSON.stringify({ contents: "read", "id-token": "write" })) {
        problems.push("permissions are not least privilege plus the OIDC token");
    }
    const aws = up.steps.find((st: any) => String(st.uses).startsWith("aws-actions/configure-aws-credentials@"));
    if (!aws || JSON.stringify(Object.keys(aws.with).sort()) !== JSON.stringify(["aws-region", "role-session-name", "role-to-assume"])
        || !/^\$\{\{ vars\.AWS_ROLE_ARN \}\}$/.test(aws.with["role-to-assume"])) {
        problems.push("credentials are not a role assumed through OIDC");
    }
    // Credential-named variables are set only from `secrets.*`.
    const blocks = [wf.env, up.env, ...up.steps.map((st: any) => st.env)].filter(Boolean);
    for (const [name, value] of blocks.flatMap((b: Record<string, string>) => Object.entries(b))) {
        if (isCredentialKey(name) && !/^\$\{\{ secrets\.[A-Z_]+ \}\}$/.test(String(value))) {
            problems.push(`${name} is not read from the secret store`);
        }
    }
    // No literal credential anywhere: credential-named literals, token formats, URIs with a password.
    for (const [at, value] of strings(wf)) {
        const literal = value.replace(EXPRESSION, "");
        if (unmistakableCredential(literal) !== undefined) {
            problems.push(`${at} holds ${unmistakableCredential(literal)}`);
        }
        const key = at.split(".").pop()!;
        if (isCredentialKey(key) && isLiteralValue(literal) && literal === value) {
            problems.push(`${at} is a credential-named literal`);
        }
    }
    return problems;
}

test("it runs on a cron schedule (UTC) that keeps a due rotation inside the overdue alert's default grace, and by hand", () => {
    const crons = workflow.on.schedule.map((s: { cron: string }) => s.cron);
    assert.equal(crons.length, 1);
    const { longestGapHours } = requireRotationCron("on.schedule[0].cron", crons[0]);
    assert.equal(longestGapHours, 12);
    assert.ok("workflow_dispatch" in workflow.on, "a person can start it too");
    // One run per stack at a time, never cancelling a running `pulumi up` halfway.
    assert.equal(workflow.concurrency["cancel-in-progress"], false);
    assert.match(workflow.concurrency.group, /vars\.PULUMI_STACK/);
});

test("cloud credentials come from OIDC and the only secret from the CI's secret store; no credential is in the file", () => {
    assert.deepEqual(credentialProblems(workflow), []);
    const secretRefs = [...text.matchAll(EXPRESSION)].map((m) => m[1]).filter((e) => e.startsWith("secrets."));
    assert.deepEqual(secretRefs, ["secrets.PULUMI_CONFIG_PASSPHRASE"]);
    assert.doesNotMatch(text, /AKIA|aws-secret-access-key|aws-access-key-id|PULUMI_ACCESS_TOKEN/);
});

test("the same checks catch a workflow that carries keys, a literal passphrase or a token", () => {
    const mutate = (change: (wf: any) => void) => {
        const wf = parse(text);
        change(wf);
        return credentialProblems(wf);
    };
    const awsStep = (wf: any) => wf.jobs.up.steps.find((st: any) => String(st.uses).startsWith("aws-actions/"));
    assert.ok(mutate((wf) => Object.assign(awsStep(wf).with, { "aws-access-key-id": "AKIAIOSFODNN7EXAMPLE", "aws-secret-access-key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" })).length >= 2);
    assert.ok(mutate((wf) => { wf.jobs.up.env.PULUMI_CONFIG_PASSPHRASE = "correct horse battery staple"; }).some((p) => /PULUMI_CONFIG_PASSPHRASE/.test(p)));
    assert.ok(mutate((wf) => { wf.jobs.up.env.PULUMI_CONFIG_PASSPHRASE = "${{ vars.PASSPHRASE }}"; }).some((p) => /secret store/.test(p)), "a variable is not the secret store");
    assert.ok(mutate((wf) => { wf.jobs.up.steps[0].with = { token: `ghp_${"a".repeat(36)}` }; }).some((p) => /GitHub/.test(p)));
    assert.ok(mutate((wf) => { wf.permissions = "write-all"; }).length > 0);
});

test("every run step passes shellcheck as the runner executes it (bash -e, expressions substituted first)", () => {
    const runs: Array<[string, string]> = job.steps.filter((s: any) => typeof s.run === "string").map((s: any) => [s.name ?? s.run, s.run]);
    assert.ok(runs.length >= 3);
    for (const [name, script] of runs) {
        // GitHub replaces ${{ }} before the shell sees the script; a stand-in keeps the shell syntax intact.
        const shell = `#!/usr/bin/env bash\nset -eo pipefail\n${script.replace(EXPRESSION, "placeholder")}`;
        const check = spawnSync("shellcheck", ["--shell=bash", "--severity=style", "-"], { input: shell, encoding: "utf8" });
        assert.equal(check.status, 0, `step "${name}":\n${check.stdout}${check.stderr}`);
        assert.doesNotMatch(script, /\$\{\{/, `step "${name}" interpolates an expression into the script (script injection); pass it through env`);
    }
    const up = runs.find(([, s]) => /pulumi up/.test(s))![1];
    assert.match(up, /pulumi up --yes .*--non-interactive/);
    assert.match(up, /pulumi stack select "\$PULUMI_STACK"/);
});
