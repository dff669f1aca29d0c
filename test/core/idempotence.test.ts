import assert from "node:assert/strict";
import { after, before, describe, mock, test } from "node:test";
import { CloudProvider } from "../../components";
import { CapturedResource, MockCloud, ProgramRun, runProgram } from "../harness";
import { CLOUD_CASES, GCP_SECRET_VERSION, SM_SECRET, SM_SECRET_POLICY, SM_SECRET_VERSION, VAULT_KV_SECRET } from "./cloudCases";
import { COMPONENT_CASES } from "./componentCases";
import { changedPaths, startsWith, valueAt } from "./inputDiff";
import { EXTERNAL_SECRET, RANDOM_PASSWORD, ROTATION_SCHEDULE, TIME_STATIC } from "./runQueries";

const COMMAND = "command:local:Command";
const DEPLOYED_AT = Date.UTC(2026, 10, 2, 9, 0, 0);
const HOUR_MS = 3_600_000;

/**
 * Inputs whose change makes the provider replace the resource (delete and create) rather than update it in place,
 * from the providers' schemas (`forceNew` / `replaceOnChanges`). RandomPassword and time:Static replace on any input.
 * The mock runtime cannot tell, so the rule is written down here.
 */
const REPLACED_WHEN: Record<string, string[][]> = {
    [RANDOM_PASSWORD]: [[]],
    [TIME_STATIC]: [["triggers"], ["rfc3339"]],
    // Its provider's diff never asks for a replacement.
    [ROTATION_SCHEDULE]: [],
    "aws:ssm/parameter:Parameter": [["name"]],
    "azure-native:keyvault:Secret": [["resourceGroupName"], ["vaultName"], ["secretName"]],
    "gcp:secretmanager/secret:Secret": [["project"], ["secretId"], ["replication"]],
    // Versions are immutable: a new value is a new version.
    [GCP_SECRET_VERSION]: [["secret"], ["secretData"]],
    // hashicorp/terraform-provider-aws internal/service/secretsmanager: the name, a version's secret and value, a policy's secret.
    [SM_SECRET]: [["name"]],
    [SM_SECRET_VERSION]: [["secretId"], ["secretString"]],
    [SM_SECRET_POLICY]: [["secretArn"]],
    [EXTERNAL_SECRET]: [["apiVersion"], ["kind"], ["metadata", "name"], ["metadata", "namespace"]],
    [COMMAND]: [["triggers"]],
};

/** A platform program: every typed secret and a generic one, all rotated by the same trigger. */
const platformProgram = (cloud: (typeof CLOUD_CASES)[number], rotationTrigger: string) => () => {
    for (const component of COMPONENT_CASES) {
        component.create(component.app, cloud.args, { rotationTrigger });
    }
};

// One case per cloud, each with its optional settings set (KMS key, replication): they are supersets of the plain cases,
// and every run here generates ten bcrypt hashes, which is what makes this file slow.
const CLOUDS = CLOUD_CASES.filter((c) => c.label !== "aws" && c.label !== "gcp" && c.label !== "aws secrets manager");

const byUrn = (run: ProgramRun) => new Map(run.resources.map((r) => [r.urn, r]));
const rotationTimes = (run: ProgramRun) => run.resources.flatMap((r) => (r.rawOutputs?.rotatedAt ? [r.rawOutputs.rotatedAt as string] : []));
const label = (r: CapturedResource) => `${r.type}::${r.name}`;

for (const cloud of CLOUDS) {
    describe(`on ${cloud.label}`, () => {
        let first: ProgramRun;
        let again: ProgramRun;
        let rotated: ProgramRun;
        let secretsOfFirstRun: string[];
        let secretsAfterAgain: string[];
        before(async () => {
            mock.timers.enable({ apis: ["Date"], now: DEPLOYED_AT });
            // One MockCloud is one deployment: it remembers its answers as the providers' state would.
            const deployment = new MockCloud();
            first = await runProgram(platformProgram(cloud, ""), { cloud: deployment });
            secretsOfFirstRun = [...deployment.generatedSecrets];
            mock.timers.setTime(DEPLOYED_AT + HOUR_MS);
            again = await runProgram(platformProgram(cloud, ""), { cloud: deployment });
            secretsAfterAgain = [...deployment.generatedSecrets];
            mock.timers.setTime(DEPLOYED_AT + 2 * HOUR_MS);
            rotated = await runProgram(platformProgram(cloud, "rotate-2026-11"), { cloud: deployment });
        });
        after(() => mock.timers.reset());

        test("running the same program again registers identical inputs, options and outputs", () => {
            const firstByUrn = byUrn(first);
            assert.deepEqual([...byUrn(again).keys()].sort(), [...firstByUrn.keys()].sort());
            for (const r of again.resources) {
                const previous = firstByUrn.get(r.urn)!;
                assert.deepEqual(r.rawInputs, previous.rawInputs, `${label(r)} inputs`);
                assert.deepEqual(r.options, previous.options, `${label(r)} options`);
                assert.deepEqual(r.dependencies, previous.dependencies, `${label(r)} dependencies`);
                assert.deepEqual(r.rawOutputs, previous.rawOutputs, `${label(r)} outputs`);
            }
            assert.deepEqual(secretsAfterAgain, secretsOfFirstRun, "no new password or hash was generated");
        });

        test("a new rotationTrigger replaces only the RandomPasswords; everything else keeps its identity", () => {
            const firstByUrn = byUrn(first);
            assert.deepEqual([...byUrn(rotated).keys()].sort(), [...firstByUrn.keys()].sort(), "same resources");
            const oldValues = [...secretsOfFirstRun, ...rotationTimes(first)];
            const newSecrets = rotated.cloud.generatedSecrets.slice(secretsOfFirstRun.length);
            assert.equal(newSecrets.length, 2 * COMPONENT_CASES.length, "a new password and hash for every secret");
            assert.ok(rotationTimes(rotated).every((t) => !rotationTimes(first).includes(t)), "a new rotation time for every secret");
            const newValues = [...newSecrets, ...rotationTimes(rotated)];
            const replaced: string[] = [];
            const changedInPlace: string[] = [];
            for (const r of rotated.resources) {
                const previous = firstByUrn.get(r.urn)!;
                assert.deepEqual(r.options, previous.options, `${label(r)} options`);
                const changes = changedPaths(previous.inputs, r.inputs);
                // The trigger starts a new schedule period: the keepers carry both.
                const keepers = [["periodStart"], ["rotationTrigger"]];
                if (r.type === RANDOM_PASSWORD) {
                    assert.deepEqual(changes, keepers.map((k) => ["keepers", ...k]), `${label(r)} changes only its keepers`);
                } else if (r.type === TIME_STATIC) {
                    assert.deepEqual(changes, r.name.endsWith("-rotated-at") ? keepers.map((k) => ["triggers", ...k]) : [], `${label(r)}`);
                } else if (r.type === ROTATION_SCHEDULE) {
                    assert.deepEqual(changes, [["rotationTrigger"]], `${label(r)} is updated in place with the new trigger`);
                } else {
                    for (const path of changes) {
                        const [was, is] = [valueAt(previous.inputs, path), valueAt(r.inputs, path)];
                        if (r.type === VAULT_KV_SECRET && path.join(".") === "dataJsonWoVersion") {
                            // The write-only value is written only when its version changes: derived from the value.
                            assert.ok(typeof was === "number" && typeof is === "number", `${label(r)} has a numeric write-only version`);
                            continue;
                        }
                        assert.ok(typeof was === "string" && oldValues.some((v) => was.includes(v)) && typeof is === "string" && newValues.some((v) => is.includes(v)),
                            `${label(r)} ${JSON.stringify(path)} changed, but not from the password or rotation time: ${String(was)} -> ${String(is)}`);
                    }
                }
                if (changes.some((path) => (REPLACED_WHEN[r.type] ?? []).some((prefix) => startsWith(path, prefix)))) {
                    replaced.push(label(r));
                } else if (changes.length > 0) {
                    changedInPlace.push(label(r));
                }
            }
            // Besides the password and its timestamp, only an immutable version is replaced, by design: GCP's secret
            // versions and Secrets Manager's (the new one gets AWSCURRENT, the old one keeps AWSPREVIOUS).
            const versions = [GCP_SECRET_VERSION, SM_SECRET_VERSION];
            const versioned = cloud.storeTypes.some((t) => versions.includes(t));
            const expectedReplaced = rotated.resources.filter((r) =>
                r.type === RANDOM_PASSWORD || r.name.endsWith("-rotated-at") || versions.includes(r.type));
            assert.deepEqual(replaced.sort(), expectedReplaced.map(label).sort());
            // What a user sees change in place: the stored values (except GCP versions), the ExternalSecrets, forced to
            // re-sync, the rotation steps (restarts, Grafana's reset), which run again on update, and the schedules.
            const expectedInPlace = rotated.resources.filter((r) =>
                r.type === EXTERNAL_SECRET || r.type === COMMAND || r.type === ROTATION_SCHEDULE || (!versioned && cloud.storeTypes.includes(r.type)));
            assert.deepEqual(changedInPlace.sort(), expectedInPlace.map(label).sort());
            for (const es of rotated.resources.filter((r) => r.type === EXTERNAL_SECRET)) {
                assert.notEqual(es.inputs.metadata.annotations["force-sync"], firstByUrn.get(es.urn)!.inputs.metadata.annotations["force-sync"]);
            }
        });

        if (cloud.args.cloud === CloudProvider.Gcp) {
            test("GCP by design: the new value is a new SecretVersion and the old one is abandoned, not destroyed", () => {
                for (const version of rotated.resources.filter((r) => r.type === GCP_SECRET_VERSION)) {
                    assert.equal(version.inputs.deletionPolicy, "ABANDON", `${label(version)} keeps the old version readable`);
                    assert.deepEqual(changedPaths(byUrn(first).get(version.urn)!.inputs, version.inputs), [["secretData"]]);
                }
            });
        }
    });
}
