import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as YAML from "yaml";
import { platformSecrets } from "../../programs/platform";
import { plan } from "../../scripts/plan";
import { assertNoLeaks } from "../harness";

const ROOT = path.resolve(__dirname, "../..");
const STACKS = ["dev-aws", "dev-azure", "dev-gcp"];
/** Per stack: 4 typed + 4 PlatformSecret components, their children, and 4 namespace access sets (ARCHITECTURE.md "What a stack creates"). */
// One per secret step, including the wait step of Argo CD's merged argocd-secret.
const EXPECTED_RESOURCES: Record<string, number> = { "dev-aws": 59, "dev-azure": 65, "dev-gcp": 68 };

for (const stack of STACKS) {
    test(`plan ${stack}: tree, secrets table, no policy violation, manifests without secrets`, async () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), `plan-${stack}-`));
        const lines: string[] = [];
        const result = await plan(stack, out, (l) => lines.push(l));
        const printed = lines.join("\n");

        assert.equal(result.run.resources.length, EXPECTED_RESOURCES[stack], printed);
        assertNoLeaks(result.run);
        assert.equal(result.mandatoryViolations, 0, printed);
        for (const phase of ["[1/4]", "[2/4]", "[3/4]", "[4/4]"]) {
            assert.ok(printed.includes(phase), `progress ${phase} missing`);
        }
        // The tree groups resources under their components.
        assert.match(printed, /mlops:secrets:MlflowDbSecret mlflow-db\n\s+└─ mlops:secrets:PlatformSecret mlflow-db/);
        // The table: cloud location → ExternalSecret → Kubernetes Secret and keys, with rotation and identity.
        const row = printed.split("\n").find((l) => l.startsWith("ArgoAdminSecret argocd-admin"));
        assert.ok(row, "Argo CD row missing from the secrets table");
        assert.match(row!, /argocd\/argocd-secret \(merged\)/);
        assert.match(row!, /admin\.password, admin\.passwordMtime/);
        assert.match(row!, /every 90 d/);
        assert.match(printed, /Policy verdicts \(\d+, 0 mandatory\)/);
        // Fake account ids are shown as placeholders, never as if they were real.
        assert.doesNotMatch(printed, /123456789012/);

        const files = fs.readdirSync(out);
        assert.ok(files.includes("summary.json"));
        const manifests = files.filter((f) => f.endsWith(".yaml"));
        assert.ok(manifests.includes("mlflow_externalsecret_mlflow-db-credentials.yaml"), manifests.join(", "));
        const secrets = result.run.cloud.generatedSecrets;
        for (const file of files) {
            const text = fs.readFileSync(path.join(out, file), "utf8");
            assert.ok(!secrets.some((s) => text.includes(s)), `${file} contains a secret value`);
            if (file.endsWith(".yaml")) {
                const object = YAML.parse(text);
                assert.ok(object.apiVersion && object.kind && object.metadata?.name, `${file} is not a Kubernetes object`);
            }
        }
        const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
        assert.equal(summary.secrets.length, 4);
    });
}

test("plan fails on a planted plain Kubernetes Secret, naming the policy", async () => {
    const result = await plan("dev-aws", undefined, () => undefined, () => {
        const outputs = platformSecrets();
        new k8s.core.v1.Secret("planted", { metadata: { name: "db", namespace: "mlflow" }, stringData: { password: "hunter2hunter2" } });
        return outputs;
    });
    assert.ok(result.mandatoryViolations >= 1);
    const verdict = result.verdicts.find((v) => v.resourceName === "planted");
    assert.ok(verdict, JSON.stringify(result.verdicts, null, 1));
    assert.equal(verdict!.enforcementLevel, "mandatory");
    assert.match(verdict!.message, /ExternalSecret/);
});

test("plan CLI: unknown stack and bad flags get a clear message and usage", () => {
    const run = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/plan.ts", ...args], { cwd: ROOT, encoding: "utf8" });
    const unknown = run(["--stack", "prod-mars"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown stack "prod-mars".*Known stacks: .*dev-aws/s);
    assert.match(unknown.stderr, /usage: npm run plan -- --stack/);
    const badFlag = run(["--stak", "dev-aws"]);
    assert.equal(badFlag.status, 2);
    assert.match(badFlag.stderr, /--stak/);
    const missing = run([]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--stack is required/);
});
