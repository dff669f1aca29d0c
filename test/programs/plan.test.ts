import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as YAML from "yaml";
import { platformSecrets } from "../../programs/platform";
import { DEFAULT_COLUMNS, OUT_MARKER, plan, readStackConfig } from "../../scripts/plan";
import { assertNoLeaks } from "../harness";
import { FAKE_AWS_ACCOUNT } from "../harness/fakeIds";
import { AwsSecretService, CloudProvider, MinioRootSecret } from "../../components";

const ROOT = path.resolve(__dirname, "../..");
const STACKS = ["dev-aws", "dev-azure", "dev-gcp", "dev-vault"];
/**
 * Per stack: 4 typed + 4 PlatformSecret components, their children, and 4 namespace access sets (ARCHITECTURE.md "What a
 * stack creates"); on dev-vault MLflow's login is dynamic (Vault's database engine and ESO's generator, no PlatformSecret).
 */
// One per secret step, including the wait step of Argo CD's merged argocd-secret.
const EXPECTED_RESOURCES: Record<string, number> = { "dev-aws": 59, "dev-azure": 65, "dev-gcp": 68, "dev-vault": 74 };
/** Per stack: trust and grant documents (Vault: per namespace its role, its entity alias and one policy per synced value). */
const EXPECTED_ACCESS: Record<string, number> = { "dev-aws": 8, "dev-azure": 8, "dev-gcp": 8, "dev-vault": 12 };
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

const cli = (args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "scripts/plan.ts", ...args], { cwd: ROOT, encoding: "utf8" });

for (const stack of STACKS) {
    test(`plan ${stack}: tree, secrets, access documents, policies; ≤ ${DEFAULT_COLUMNS} columns; placeholders; manifests without secrets`, async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), `plan-${stack}-`)), "out");
        const lines: string[] = [];
        const result = await plan(stack, { outDir: out }, (l) => lines.push(l));
        const printed = lines.join("\n");

        assert.equal(result.run.resources.length, EXPECTED_RESOURCES[stack], printed);
        assertNoLeaks(result.run);
        assert.equal(result.mandatoryViolations, 0, printed);
        for (const phase of ["[1/4]", "[2/4]", "[3/4]", "[4/4]"]) {
            assert.ok(printed.includes(phase), `progress ${phase} missing`);
        }
        // Fits a 100-column terminal.
        const wide = printed.split("\n").filter((l) => [...l].length > DEFAULT_COLUMNS);
        assert.deepEqual(wide, [], `lines wider than ${DEFAULT_COLUMNS} columns`);
        // The tree groups resources under their components.
        assert.match(printed, stack === "dev-vault"
            ? /secrets:index:MlflowDbSecret mlflow-db\n(?:[│ ]+[├└]─ .*\n)*[│ ]+[├└]─ k8s:VaultDynamicSecret mlflow-db-creds → mlflow\/mlflow-db-credentials/
            : /secrets:index:MlflowDbSecret mlflow-db\n[│ ]+└─ secrets:index:PlatformSecret mlflow-db/);
        // Secrets: cloud value → Kubernetes Secret and keys → restarts, rotation, identity.
        const card = printed.slice(printed.indexOf("ArgoAdminSecret argocd-admin"));
        assert.match(card, /^ {2}synced to {4}argocd\/argocd-secret \(merged\): admin\.password, admin\.passwordMtime$/m);
        assert.match(card, /^ {2}rotation {5}every 90 days/m);
        // The time of the plan is nowhere: rotation times exist only once deployed.
        const report = printed.slice(printed.indexOf("Planned resources"));
        assert.doesNotMatch(report, /20\d\d-\d\d-\d\dT\d\d:\d\d/, "a timestamp (the plan's clock) is shown");
        // Access: each namespace's identity with who may act as it and what it may read.
        assert.match(printed, new RegExp(`^Access \\(${EXPECTED_ACCESS[stack]} trust and grant documents`, "m"));
        assert.match(printed, /^ {2}trust {2}(?:.*\n {7})*?.*mlflow.external-secrets-reader/m);
        assert.match(printed, stack === "dev-vault" ? /^ {2}read {3}read\n {9}on database\/creds\/mlflow$/m : /^ {2}read {3}.*\n {9}on .*mlflow.*db-password/m);
        // The policies that ran, by name.
        assert.match(printed, /Policies that ran: pack mlops-platform-secrets [\d.]+, (\d+) policies/);
        for (const p of result.policies) {
            assert.ok(printed.includes(p.name), `policy ${p.name} not named`);
        }
        assert.ok(result.policies.length >= 10);
        assert.match(printed, /Policy verdicts \(\d+, 0 mandatory\)/);
        // Values only a cloud knows are visible placeholders; a GUID shown must come from the stack's own config.
        assert.doesNotMatch(printed, /123456789012/);
        const configText = JSON.stringify(readStackConfig(stack));
        const madeUp = (printed.match(GUID) ?? []).filter((g) => !configText.includes(g) && g !== "4633458b-17de-408a-b874-0445c86b69e6");
        assert.deepEqual(madeUp, [], "ids made up by the mock cloud shown as if real");

        const files = fs.readdirSync(out);
        assert.ok(files.includes("summary.json") && files.includes(OUT_MARKER));
        const manifests = files.filter((f) => f.endsWith(".yaml"));
        assert.ok(manifests.includes("mlflow_externalsecret_mlflow-db-credentials.yaml"), manifests.join(", "));
        const accessFiles = fs.readdirSync(path.join(out, "access"));
        assert.equal(accessFiles.length, EXPECTED_ACCESS[stack], accessFiles.join(", "));
        const secrets = result.run.cloud.generatedSecrets;
        for (const file of [...files.filter((f) => f !== "access"), ...accessFiles.map((f) => `access/${f}`)]) {
            const text = fs.readFileSync(path.join(out, file), "utf8");
            assert.ok(!secrets.some((s) => text.includes(s)), `${file} contains a secret value`);
            assert.doesNotMatch(text, /123456789012/, `${file} shows a made-up account id`);
            if (file.endsWith(".yaml")) {
                const object = YAML.parse(text);
                assert.ok(object.apiVersion && object.kind && object.metadata?.name, `${file} is not a Kubernetes object`);
                // A YAML 1.1 reader (PyYAML, older tools) must read every label and annotation as a string: RFC 3339
                // timestamps are quoted, not left for it to take as dates.
                const old = YAML.parse(text, { version: "1.1" });
                const metas = [old.metadata, old.spec?.target?.template?.metadata].filter(Boolean);
                for (const meta of metas) {
                    for (const [k, v] of Object.entries({ ...meta.labels, ...meta.annotations })) {
                        assert.equal(typeof v, "string", `${file}: ${k} is read as ${typeof v} by a YAML 1.1 reader`);
                    }
                }
                assert.doesNotMatch(text, /: \d{4}-\d\d-\d\dT[\d:]+Z$/m, `${file} has an unquoted timestamp`);
                // The one label convention.
                if (object.kind !== "Secret") {
                    assert.equal(object.metadata.labels?.["app.kubernetes.io/managed-by"], "pulumi", `${file} lacks the managed-by label`);
                    assert.equal(object.metadata.labels?.["app.kubernetes.io/part-of"], "mlops-platform-secrets", `${file} lacks the part-of label`);
                }
            }
        }
        const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
        assert.equal(summary.secrets.length, 4);
        assert.equal(summary.policies.length, result.policies.length);
    });
}

test("plan --out owns its directory: refuses a foreign one, replaces exactly its own files on the next run", async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), "plan-out-"));
    // A directory holding someone else's file is refused, and left as it was.
    const foreign = path.join(base, "foreign");
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, "notes.txt"), "mine");
    const refused = cli(["--stack", "dev-aws", "--out", foreign]);
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /holds files the plan did not write/);
    assert.deepEqual(fs.readdirSync(foreign), ["notes.txt"]);

    // A plan of another stack into the same directory replaces the first plan's files: none is left behind.
    const out = path.join(base, "out");
    await plan("dev-aws", { outDir: out }, () => undefined);
    const aws = fs.readdirSync(path.join(out, "access"));
    assert.ok(aws.some((f) => f.includes("-role")), aws.join(", "));
    fs.writeFileSync(path.join(out, "kept-by-user.txt"), "not the plan's");
    await plan("dev-gcp", { outDir: out }, () => undefined);
    assert.equal(JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")).stack, "dev-gcp");
    const marker = JSON.parse(fs.readFileSync(path.join(out, OUT_MARKER), "utf8"));
    assert.equal(marker.stack, "dev-gcp");
    const present = fs.readdirSync(out, { recursive: true, encoding: "utf8" }).filter((f) => fs.statSync(path.join(out, f)).isFile());
    const stale = present.filter((f) => !marker.files.includes(f) && f !== OUT_MARKER && f !== "kept-by-user.txt");
    assert.deepEqual(stale, [], "files of the earlier dev-aws plan were left beside the new ones");
    assert.ok(!present.includes("access/mlops-dev-mlflow-role.json"), "the AWS role document of the earlier plan is still there");
    // Files the plan did not write stay: it replaces only what its marker lists.
    assert.equal(fs.readFileSync(path.join(out, "kept-by-user.txt"), "utf8"), "not the plan's");
});

test("plan --wide prints lines in full; the default cuts only with a visible …", async () => {
    const narrow: string[] = [];
    const wide: string[] = [];
    await plan("dev-azure", {}, (l) => narrow.push(l));
    await plan("dev-azure", { wide: true }, (l) => wide.push(l));
    const issuer = readStackConfig("dev-azure")["mlops-platform:clusterIdentity"];
    const issuerUrl = JSON.parse(issuer).oidcIssuerUrl.replace(/^https:\/\//, "");
    assert.ok(wide.join("\n").includes(issuerUrl), "--wide shows the full issuer");
    assert.ok(wide.join("\n").split("\n").some((l) => [...l].length > DEFAULT_COLUMNS));
    for (const l of narrow.join("\n").split("\n").filter((l) => [...l].length === DEFAULT_COLUMNS)) {
        assert.ok(l.endsWith("…"), l);
    }
    assert.match(wide.join("\n"), /secret +│ cloud value +│ Kubernetes Secret/);
});

test("plan fails on a planted plain Kubernetes Secret, naming the policy", async () => {
    const result = await plan("dev-aws", {}, () => undefined, () => {
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

test("plan CLI: --help and -h describe every option and output; unknown stack and bad flags get a clear message", () => {
    for (const flag of ["--help", "-h"]) {
        const help = cli([flag]);
        assert.equal(help.status, 0, help.stderr);
        for (const word of ["--stack", "--out", "--wide", "--help", "Planned resources", "Secrets", "Access", "Policies", "summary.json", "access/", OUT_MARKER, "Exit status"]) {
            assert.ok(help.stdout.includes(word), `${flag} does not explain ${word}`);
        }
        assert.deepEqual(help.stdout.split("\n").filter((l) => [...l].length > DEFAULT_COLUMNS), []);
    }
    const unknown = cli(["--stack", "prod-mars"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown stack "prod-mars".*Known stacks: .*dev-aws/s);
    assert.match(unknown.stderr, /usage: npm run plan -- --stack/);
    const badFlag = cli(["--stak", "dev-aws"]);
    assert.equal(badFlag.status, 2);
    assert.match(badFlag.stderr, /--stak/);
    const missing = cli([]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--stack is required/);
});

test("plan on Secrets Manager: each secret's resource policy is an access document; made-up ARN suffixes and the deployer are placeholders", async () => {
    const stackFile = readStackConfig("dev-aws");
    const cluster = { clusterName: "mlops-dev", aws: JSON.parse(stackFile["mlops-platform:clusterIdentity"]) };
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-sm-")), "out");
    const lines: string[] = [];
    await plan("dev-aws", { outDir: out, wide: true }, (l) => lines.push(l), () => {
        new MinioRootSecret("minio-root", { cloud: CloudProvider.Aws, aws: { service: AwsSecretService.SecretsManager }, cluster },
            { provider: new k8s.Provider("cluster", { kubeconfig: "kubeconfig" }) });
    });
    const text = lines.join("\n");
    assert.match(text, /Secrets Manager secret mlops-platform-dev-aws\/minio\/root-password-<random>\n +deny +secretsmanager:GetSecretValue\n +to all but .*role\/eso-mlops-dev-minio/);
    assert.match(text, /:<identity running pulumi up>/);
    assert.doesNotMatch(text, /root-password-[0-9a-f]{6}\b/, "the mock's random ARN suffix is shown as if AWS had chosen it");
    assert.doesNotMatch(text, new RegExp(`${FAKE_AWS_ACCOUNT}|user/deployer`));
    const written = JSON.parse(fs.readFileSync(path.join(out, "access", "minio-root.json"), "utf8"));
    assert.equal(written.type, "aws:secretsmanager/secretPolicy:SecretPolicy");
    assert.deepEqual(written.policy.Statement.map((s: { Effect: string }) => s.Effect), ["Deny", "Deny"]);
});
