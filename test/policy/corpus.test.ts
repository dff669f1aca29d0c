import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzeResources, EnforcementLevel, inProcessTransport } from "../../scripts/policyAnalyzer";
import { runProgram } from "../harness";
import * as corpus from "./corpus";
import { CorpusCase } from "./corpus";

const cases = Object.values(corpus).filter(Array.isArray).flat() as CorpusCase[];
const bad = cases.filter((c) => c.expect.length > 0);

/** Literal fake credentials in the corpus all contain this marker; no verdict may quote one back. */
const LITERAL_CREDENTIAL_MARKER = "s3cr3t";

const key = (policy: string, resourceType: string) => `${policy} on ${resourceType}`;

for (const c of cases) {
    test(c.title, async () => {
        const run = await runProgram(c.program, c.run);
        const verdicts = await analyzeResources(run.resources, { config: c.config });
        const described = verdicts.map((v) => `${key(v.policyName, v.resourceType)} (${v.resourceName}): ${v.message}`).join("\n");
        assert.deepEqual(
            verdicts.map((v) => key(v.policyName, v.resourceType)).sort(),
            c.expect.map((e) => key(e.policy, e.resourceType)).sort(),
            described,
        );
        for (const v of verdicts) {
            assert.equal(v.enforcementLevel, EnforcementLevel.Mandatory, described);
            assert.ok(!v.message.includes(LITERAL_CREDENTIAL_MARKER), `a verdict quotes a credential: ${v.message}`);
            for (const secret of run.cloud.generatedSecrets) {
                assert.ok(!v.message.includes(secret), `a verdict quotes a generated secret: ${v.message}`);
            }
            // Every message says what is wrong with this resource, after the policy's description.
            assert.ok(v.message.split("\n").length >= 2, v.message);
        }
    });
}

test("the corpus has a bad program for every policy in the pack", async () => {
    const info = await inProcessTransport().getAnalyzerInfo();
    const flagged = new Set(bad.flatMap((c) => c.expect.map((e) => e.policy)));
    for (const policy of info.getPoliciesList()) {
        assert.ok(flagged.has(policy.getName()), `no bad program for ${policy.getName()}`);
    }
});

test("the corpus has a bad program for every resource type the issue lists", () => {
    const listed = [
        // no plain Kubernetes Secrets, including rendered ones
        "kubernetes:core/v1:Secret", "kubernetes:core/v1:SecretPatch", "kubernetes:core/v1:SecretList",
        // no static cloud credentials
        "aws:iam/accessKey:AccessKey", "azuread:index/applicationPassword:ApplicationPassword",
        "azuread:index/servicePrincipalPassword:ServicePrincipalPassword", "gcp:serviceaccount/key:Key",
        "kubernetes:external-secrets.io/v1:SecretStore", "kubernetes:external-secrets.io/v1:ClusterSecretStore",
        // secret values only in secret stores
        "aws:ssm/parameter:Parameter", "kubernetes:core/v1:ConfigMap", "kubernetes:apps/v1:Deployment",
        // hardened stores
        "azure-native:keyvault:Vault", "gcp:secretmanager/secret:Secret",
        // least privilege
        "aws:iam/rolePolicy:RolePolicy", "azure-native:authorization:RoleAssignment", "gcp:projects/iAMMember:IAMMember",
        // strong generation, rotation configured
        "random:index/randomPassword:RandomPassword", "mlops:secrets:PlatformSecret",
    ];
    const flagged = new Set(bad.flatMap((c) => c.expect.map((e) => e.resourceType)));
    assert.deepEqual(listed.filter((t) => !flagged.has(t)), []);
});

test("a Secret rendered by a YAML component is flagged as the component's child", async () => {
    const yamlCase = bad.find((c) => c.title.includes("YAML ConfigGroup"))!;
    const run = await runProgram(yamlCase.program);
    const [verdict] = await analyzeResources(run.resources);
    const secret = run.resources.find((r) => r.urn === verdict.urn)!;
    const parent = run.resources.find((r) => r.urn === secret.parent);
    assert.equal(parent?.type, "kubernetes:yaml:ConfigGroup");
    assert.match(verdict.message, /Secret "minio\/minio-root"/);
});
