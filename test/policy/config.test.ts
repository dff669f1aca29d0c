import { test } from "node:test";
import assert from "node:assert/strict";
import * as ssm from "@pulumi/aws/ssm";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import {
    analyzeRequest, analyzeResources, EnforcementLevel, inProcessTransport, parsePolicyConfig, PolicyConfig, PolicyConfigError,
} from "../../scripts/policyAnalyzer";
import { isWireSecret, runProgram } from "../harness";

const SECRETS = "no-plain-kubernetes-secrets";
const LENGTH = "random-password-min-length";
const SSM = "ssm-secure-string-for-secrets";

/** Four Secrets that differ in namespace, name and type, and a short password: something for every config below. */
async function capture() {
    return runProgram(() => {
        new k8s.core.v1.Secret("tls", { metadata: { name: "ingress-tls", namespace: "ingress" }, type: "kubernetes.io/tls", stringData: { "tls.crt": "", "tls.key": "" } });
        new k8s.core.v1.Secret("registry", { metadata: { name: "registry-pull", namespace: "ci" }, type: "kubernetes.io/dockerconfigjson", stringData: { ".dockerconfigjson": "{}" } });
        new k8s.core.v1.Secret("db", { metadata: { name: "mlflow-db", namespace: "mlflow" }, stringData: { password: "x" } });
        new k8s.core.v1.Secret("autonamed", { metadata: { namespace: "mlflow" }, stringData: { token: "x" } });
        new random.RandomPassword("short", { length: 12 });
    });
}

const flaggedSecrets = (verdicts: { policyName: string; resourceName: string }[]) =>
    verdicts.filter((v) => v.policyName === SECRETS).map((v) => v.resourceName).sort();

test("allow-list entries match on every field they give: namespace, name, type, or a combination", async () => {
    const { resources } = await capture();
    const analyze = async (allow: object[]) => flaggedSecrets(await analyzeResources(resources, { config: { [SECRETS]: { allow } } }));
    assert.deepEqual(await analyze([]), ["autonamed", "db", "registry", "tls"]);
    assert.deepEqual(await analyze([{ namespace: "ingress" }]), ["autonamed", "db", "registry"]);
    assert.deepEqual(await analyze([{ type: "kubernetes.io/dockerconfigjson" }]), ["autonamed", "db", "tls"]);
    assert.deepEqual(await analyze([{ namespace: "mlflow", name: "mlflow-db" }]), ["autonamed", "registry", "tls"]);
    // Without metadata.name, the name Pulumi autonames from (the resource name) is what an entry matches.
    assert.deepEqual(await analyze([{ namespace: "mlflow", name: "autonamed" }]), ["db", "registry", "tls"]);
    // All fields must match: the right name in the wrong namespace is still flagged.
    assert.deepEqual(await analyze([{ namespace: "ci", name: "mlflow-db" }]), ["autonamed", "db", "registry", "tls"]);
    assert.deepEqual(await analyze([{ namespace: "ingress" }, { namespace: "ci" }, { namespace: "mlflow" }]), []);
});

test("enforcement levels: per policy, `all`, `all` with a per-policy override, and disabled", async () => {
    const { resources } = await capture();
    const levels = async (config: Record<string, PolicyConfig>) => {
        const verdicts = await analyzeResources(resources, { config });
        return [...new Set(verdicts.map((v) => `${v.policyName}=${v.enforcementLevel}`))].sort();
    };
    assert.deepEqual(await levels({}), [`${SECRETS}=mandatory`, `${LENGTH}=mandatory`]);
    assert.deepEqual(await levels({ [SECRETS]: { enforcementLevel: EnforcementLevel.Advisory } }), [`${SECRETS}=advisory`, `${LENGTH}=mandatory`]);
    assert.deepEqual(await levels({ all: { enforcementLevel: EnforcementLevel.Advisory } }), [`${SECRETS}=advisory`, `${LENGTH}=advisory`]);
    assert.deepEqual(
        await levels({ all: { enforcementLevel: EnforcementLevel.Advisory }, [LENGTH]: { enforcementLevel: EnforcementLevel.Mandatory } }),
        [`${SECRETS}=advisory`, `${LENGTH}=mandatory`],
    );
    assert.deepEqual(await levels({ [SECRETS]: { enforcementLevel: EnforcementLevel.Disabled } }), [`${LENGTH}=mandatory`]);
    // Config properties keep the policy's level.
    assert.deepEqual(await levels({ [LENGTH]: { minLength: 8 } }), [`${SECRETS}=mandatory`]);
});

test("config is validated against each policy's schema before Configure, naming the policy and the problem", async () => {
    const { resources } = await capture();
    const rejects = (config: Record<string, object>, pattern: RegExp) =>
        assert.rejects(analyzeResources(resources, { config: config as never }), (e: unknown) => {
            assert.ok(e instanceof PolicyConfigError, String(e));
            assert.match(e.message, pattern);
            return true;
        });
    await rejects({ [LENGTH]: { minLength: "long" } }, /random-password-min-length: \/minLength must be integer/);
    await rejects({ [LENGTH]: { minLength: 0 } }, /random-password-min-length: \/minLength must be >= 1/);
    await rejects({ [SECRETS]: { allow: [{ namespaces: "ci" }] } }, /no-plain-kubernetes-secrets: \/allow\/0 must NOT have additional properties/);
    await rejects({ [SECRETS]: { allow: [{}] } }, /no-plain-kubernetes-secrets: \/allow\/0 must NOT have fewer than 1 properties/);
    await rejects({ [SECRETS]: { enforcementLevel: "blocking" } }, /no-plain-kubernetes-secrets: enforcementLevel "blocking" is not one of advisory, mandatory, remediate, disabled/);
    await rejects({ "no-plain-secrets": { enforcementLevel: "advisory" } }, /no-plain-secrets: no such policy in mlops-platform-secrets \(policies: no-plain-kubernetes-secrets, /);
    await rejects({ "hardened-gcp-secret-replication": { regions: ["eu"] } }, /hardened-gcp-secret-replication: takes no config properties, got regions/);
    // After a rejected config the pack still runs with the next one.
    assert.equal(flaggedSecrets(await analyzeResources(resources)).length, 4);
});

test("concurrent analyses with different configs do not see each other's config", async () => {
    const { resources } = await capture();
    const [advisory, mandatory] = await Promise.all([
        analyzeResources(resources, { config: { all: { enforcementLevel: EnforcementLevel.Advisory } } }),
        analyzeResources(resources),
    ]);
    assert.ok(advisory.length > 0 && advisory.every((v) => v.enforcementLevel === EnforcementLevel.Advisory));
    assert.ok(mandatory.length > 0 && mandatory.every((v) => v.enforcementLevel === EnforcementLevel.Mandatory));
});

test("remediate: a String parameter named like a credential becomes SecureString, its insecureValue a secret value", async () => {
    const run = await runProgram(() => {
        new ssm.Parameter("api-key", { name: "/mlops-platform-dev/grafana/api-key", type: "String", insecureValue: "glsa-remediate-me" });
    });
    const verdicts = await analyzeResources(run.resources, { config: { [SSM]: { enforcementLevel: EnforcementLevel.Remediate } } });
    // Remediated before analysis, so the analysis finds nothing left to report.
    assert.deepEqual(verdicts.map((v) => `${v.policyName}=${v.enforcementLevel}`), [`${SSM}=remediate`]);

    // What the engine would register instead: the remediation's properties, as the pack returns them.
    const transport = inProcessTransport();
    const [parameter] = run.resources;
    const response = await transport.remediate(analyzeRequest(parameter, new Map()));
    const [remediation] = response.getRemediationsList();
    const properties = remediation.getProperties()!.toJavaScript() as Record<string, unknown>;
    assert.equal(properties.type, "SecureString");
    assert.equal(properties.insecureValue, undefined);
    assert.ok(isWireSecret(properties.value), `value must be sent back as a secret: ${JSON.stringify(properties.value)}`);
});

test("a --policy-pack-config file: level shorthand and objects, bad shapes rejected", () => {
    assert.deepEqual(parsePolicyConfig(JSON.stringify({ all: "advisory", [SECRETS]: { enforcementLevel: "mandatory", allow: [{ namespace: "ci" }] } })), {
        all: { enforcementLevel: "advisory" },
        [SECRETS]: { enforcementLevel: "mandatory", allow: [{ namespace: "ci" }] },
    });
    assert.throws(() => parsePolicyConfig("[]"), /must be a JSON object keyed by policy name/);
    assert.throws(() => parsePolicyConfig(JSON.stringify({ [SECRETS]: 3 })), /no-plain-kubernetes-secrets: must be an enforcement level or an object, got 3/);
});
