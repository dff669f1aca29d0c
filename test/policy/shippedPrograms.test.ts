import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { platformSecrets } from "../../programs/platform";
import { readStackConfig } from "../../scripts/plan";
import { analyzeResources, EnforcementLevel } from "../../scripts/policyAnalyzer";
import { runProgram } from "../harness";

const ROOT = path.resolve(__dirname, "../..");
const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")).name as string;
/** Every stack the repository ships (`Pulumi.<stack>.yaml`), so a new one is checked without touching this test. */
const stacks = fs.readdirSync(ROOT).filter((f) => /^Pulumi\.[\w.-]+\.yaml$/.test(f)).map((f) => f.slice("Pulumi.".length, -".yaml".length));

test("the repository ships stacks on all three clouds and on Vault", () => {
    const clouds = stacks.map((s) => readStackConfig(s, ROOT)[`${project}:cloud`]).sort();
    assert.deepEqual([...new Set(clouds)], ["aws", "azure", "gcp", "vault"]);
});

for (const stack of stacks) {
    test(`${stack}: the shipped program passes the pack, and the pack really looked at it`, async () => {
        const run = await runProgram(platformSecrets, { project, stack, config: readStackConfig(stack, ROOT) });
        const verdicts = await analyzeResources(run.resources);
        const mandatory = verdicts.filter((v) => v.enforcementLevel === EnforcementLevel.Mandatory);
        assert.deepEqual(mandatory.map((v) => `${v.policyName} on ${v.resourceType} ${v.resourceName}: ${v.message}`), []);

        // Not a vacuous pass: tighter limits than the program's own flag every managed secret rotated over 30 days and every
        // password (dev-vault's MLflow logins are dynamic: no password, a new login within each 1-day lease).
        const managed = run.resources.filter((r) => r.rawOutputs?.managedSecret === true);
        const passwords = run.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword");
        assert.ok(managed.length >= 4 && passwords.length >= 3, `${managed.length} managed secrets, ${passwords.length} passwords`);
        const strict = await analyzeResources(run.resources, {
            config: { "secret-rotation-configured": { maxRotationDays: 30 }, "random-password-min-length": { minLength: 64 } },
        });
        assert.deepEqual(
            strict.map((v) => v.urn).sort(),
            [...managed.filter((r) => r.rawOutputs!.rotationDays > 30), ...passwords].map((r) => r.urn).sort(),
        );
    });
}
