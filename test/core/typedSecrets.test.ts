import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { before, describe, test } from "node:test";
import { CloudProvider } from "../../components";
import { assertNoLeaks, isWireSecret, ProgramRun, runProgram } from "../harness";
import { CLOUD_CASES, CloudCase, SM_SECRET_VERSION } from "./cloudCases";
import { COMPONENT_CASES, ComponentCase, PLATFORM_SECRET } from "./componentCases";
import { esoSchemaError, webhookRuleErrors } from "./esoSchema";
import { renderTargetData, storedValues, syncedSecretData } from "./esoSimulation";
import { EXTERNAL_SECRET, only, RANDOM_PASSWORD, registered, ROTATION_SCHEDULE, STACK_URN, TIME_STATIC } from "./runQueries";

const NAME = "platform";
const RFC3339_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const COMMON_OUTPUTS = ["cloudLocation", "kubernetesNamespace", "kubernetesSecretKeys", "kubernetesSecretName", "password",
    "rotatedAt", "rotatedAtUnix", "rotationDays"];

function expectedRegistrations(component: ComponentCase, cloud: CloudCase): string[] {
    const names = component.storesBcryptHash ? [NAME, `${NAME}-bcrypt`] : [NAME];
    return [
        `${component.type}::${NAME}`,
        ...(component.type === PLATFORM_SECRET ? [] : [`${PLATFORM_SECRET}::${NAME}`]),
        `${ROTATION_SCHEDULE}::${NAME}-rotation-schedule`,
        `${TIME_STATIC}::${NAME}-rotated-at`,
        `${RANDOM_PASSWORD}::${NAME}`,
        `${EXTERNAL_SECRET}::${NAME}`,
        ...cloud.storeTypes.flatMap((type) => names.map((name) => `${type}::${name}`)),
        ...component.rotationSteps(NAME),
    ].sort();
}

/** The value a stored resource writes, as sent to the engine. */
function rawStoredValue(run: ProgramRun, cloud: CloudCase, name: string): unknown {
    switch (cloud.args.cloud) {
        case CloudProvider.Aws:
            return cloud.storeTypes.includes(SM_SECRET_VERSION)
                ? only(run, SM_SECRET_VERSION, name).rawInputs.secretString
                : only(run, cloud.storeTypes[0], name).rawInputs.value;
        case CloudProvider.Azure:
            return only(run, cloud.storeTypes[0], name).rawInputs.properties.value;
        case CloudProvider.Gcp:
            return only(run, cloud.storeTypes[1], name).rawInputs.secretData;
        case CloudProvider.Vault:
            return only(run, cloud.storeTypes[0], name).rawInputs.dataJsonWo;
    }
}

for (const component of COMPONENT_CASES) {
    for (const cloud of CLOUD_CASES) {
        describe(`${component.label} on ${cloud.label}`, () => {
            let run: ProgramRun;
            before(async () => {
                run = await runProgram(() => { component.create(NAME, cloud.args); });
            });
            const topOutputs = () => only(run, component.type, NAME).rawOutputs!;
            const passwordKey = cloud.storeName(component.app, component.valueName);
            const hashKey = cloud.storeName(component.app, `${component.valueName}-bcrypt`);

            test("registers the random password, its timestamps, the cloud value, the ExternalSecret and rotation steps under one parent chain", () => {
                assert.deepEqual(registered(run), expectedRegistrations(component, cloud));
                const top = only(run, component.type, NAME);
                const platform = only(run, PLATFORM_SECRET, NAME);
                assert.equal(top.parent, STACK_URN, "the component sits at the top of the stack");
                if (platform !== top) {
                    assert.equal(platform.parent, top.urn, "the PlatformSecret is a child of the typed component");
                }
                for (const child of run.resources.filter((r) => r.custom)) {
                    assert.equal(child.parent, platform.urn, `${child.type}::${child.name} is a child of the PlatformSecret`);
                }
            });

            test("outputs: the password as a secret, where it lives, the Kubernetes Secret's name, namespace and keys", () => {
                const outputs = topOutputs();
                assert.deepEqual(Object.keys(outputs).sort(), [...COMMON_OUTPUTS, ...component.extraOutputs].sort());
                assert.ok(isWireSecret(outputs.password), "the password output is secret");
                assert.equal(outputs.password.value, run.cloud.generatedSecrets[0]);
                assert.equal(outputs.cloudLocation, cloud.location(component.app, component.valueName));
                assert.equal(outputs.kubernetesSecretName, component.kubernetesSecretName);
                assert.equal(outputs.kubernetesNamespace, component.namespace);
                assert.deepEqual(outputs.kubernetesSecretKeys, component.keys);
                assert.match(outputs.rotatedAt, RFC3339_SECONDS);
                assert.equal(outputs.rotatedAtUnix, Date.parse(outputs.rotatedAt) / 1000);
                assert.equal(outputs.rotationDays, 90);
                if ("bcryptHash" in outputs) {
                    assert.ok(isWireSecret(outputs.bcryptHash), "the bcrypt hash output is secret");
                }
            });

            test("the cloud store holds the value under the documented name, sent as a secret", () => {
                const [password, bcryptHash] = run.cloud.generatedSecrets;
                const stored = storedValues(run);
                assert.deepEqual([...stored.keys()].sort(), (component.storesBcryptHash ? [passwordKey, hashKey] : [passwordKey]).sort());
                assert.equal(stored.get(passwordKey), password);
                assert.ok(isWireSecret(rawStoredValue(run, cloud, NAME)), "the stored password is sent as a secret");
                if (component.storesBcryptHash) {
                    assert.equal(stored.get(hashKey), bcryptHash);
                    assert.ok(isWireSecret(rawStoredValue(run, cloud, `${NAME}-bcrypt`)), "the stored hash is sent as a secret");
                }
            });

            test("the ExternalSecret renders exactly the chart's keys from the store, after the value is written", () => {
                const [password, bcryptHash] = run.cloud.generatedSecrets;
                const es = only(run, EXTERNAL_SECRET, NAME);
                assert.equal(es.inputs.apiVersion, "external-secrets.io/v1");
                assert.equal(es.inputs.kind, "ExternalSecret");
                assert.deepEqual([es.inputs.metadata.namespace, es.inputs.metadata.name], [component.namespace, component.kubernetesSecretName]);
                const spec = es.inputs.spec;
                assert.deepEqual(spec.secretStoreRef, { name: "platform-secrets", kind: "SecretStore" });
                assert.equal(spec.refreshInterval, "24h");
                assert.equal(spec.target.name, component.kubernetesSecretName);
                assert.deepEqual([spec.target.creationPolicy, spec.target.deletionPolicy],
                    component.mergesIntoExistingSecret ? ["Merge", "Retain"] : ["Owner", "Delete"]);
                assert.equal(spec.target.template.engineVersion, "v2");
                assert.deepEqual(spec.target.template.metadata.labels, component.targetLabels);
                assert.deepEqual(Object.keys(spec.target.template.data).sort(), component.keys, "exactly the chart's keys");
                assert.deepEqual(spec.data.map((d: { remoteRef: { key: string } }) => d.remoteRef.key),
                    [component.storesBcryptHash ? hashKey : passwordKey], "reads only the value its templates use");
                assert.deepEqual(renderTargetData(run, es), component.expectedData({ password, bcryptHash, rotatedAt: topOutputs().rotatedAt }));
                const storeUrns = run.resources.filter((r) => cloud.storeTypes.includes(r.type)).map((r) => r.urn);
                assert.deepEqual(storeUrns.filter((urn) => !es.dependencies.includes(urn)), [], "ESO reads only after the value is written");
            });

            test("the ExternalSecret validates against the ESO v1 schema and the webhook's rules", async () => {
                const manifest = only(run, EXTERNAL_SECRET, NAME).inputs;
                assert.equal(await esoSchemaError(manifest), undefined);
                assert.deepEqual(webhookRuleErrors(manifest as never), []);
            });

            test("the leak scan finds no generated value in plain text", () => {
                assertNoLeaks(run);
            });
        });
    }
}

test("ArgoAdminSecret: the plaintext never reaches the cluster, only a bcrypt hash and an RFC 3339 mtime", async () => {
    const run = await runProgram(() => { COMPONENT_CASES.find((c) => c.label === "ArgoAdminSecret")!.create(NAME, CLOUD_CASES[0].args); });
    const [password, bcryptHash] = run.cloud.generatedSecrets;
    const es = only(run, EXTERNAL_SECRET, NAME);
    assert.deepEqual(es.inputs.spec.data, [{ secretKey: "bcryptHash", remoteRef: { key: "/mlops-platform-dev/argocd/admin-password-bcrypt" } }]);
    const rendered = renderTargetData(run, es);
    assert.ok(!Object.values(rendered).some((v) => v.includes(password)), "the plaintext is in the rendered Secret");
    assert.match(rendered["admin.password"], /^\$2a\$10\$/);
    assert.equal(rendered["admin.password"], bcryptHash);
    assert.match(rendered["admin.passwordMtime"], RFC3339_SECONDS);
    assert.equal(es.inputs.spec.target.creationPolicy, "Merge");
    assert.equal(es.inputs.spec.target.template.mergePolicy, undefined, "template mergePolicy Merge would copy the raw bcryptHash key");
    assert.equal(es.inputs.spec.target.template.type, undefined, "the type of the Secret Argo CD's chart created is kept");
    // Synced into the chart's argocd-secret: Argo CD's own keys stay, exactly the two documented keys are added or replaced.
    const existing = { "server.secretkey": "argo-own-key", "admin.password": "$2a$10$chart-generated", "webhook.github.secret": "gh" };
    const synced = syncedSecretData(run, es, existing);
    assert.deepEqual(Object.keys(synced).sort(), ["admin.password", "admin.passwordMtime", "server.secretkey", "webhook.github.secret"]);
    assert.equal(synced["admin.password"], bcryptHash);
    assert.equal(synced["server.secretkey"], "argo-own-key");
    // The mtime is the rotation time (time.Static), not the render time: Argo CD's sessions end exactly when the password changes.
    assert.equal(rendered["admin.passwordMtime"], only(run, "secrets:index:ArgoAdminSecret", NAME).rawOutputs!.rotatedAt);
});

test("MinioRootSecret: config.env is shell the MinIO operator can source, giving back the exact credentials", async () => {
    const run = await runProgram(() => { COMPONENT_CASES.find((c) => c.label === "MinioRootSecret")!.create(NAME, CLOUD_CASES[0].args); });
    const [password] = run.cloud.generatedSecrets;
    const configEnv = renderTargetData(run, only(run, EXTERNAL_SECRET, NAME))["config.env"];
    assert.deepEqual(configEnv.trimEnd().split("\n").map((line) => line.split("=")[0]), ["export MINIO_ROOT_USER", "export MINIO_ROOT_PASSWORD"]);
    // The rendered file goes in on stdin, never argv.
    const sourced = execFileSync("bash", ["-c", 'set -eu; eval "$(cat)"; printf "%s\\n%s" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"'],
        { input: configEnv, encoding: "utf8" });
    assert.deepEqual(sourced.split("\n"), ["minio-admin", password]);
});
