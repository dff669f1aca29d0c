import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { CloudProvider, MlflowDbSecret, SecretStoreKind } from "../../components";
import { runProgram } from "../harness";
import { esoSchemaError, webhookRuleErrors } from "./esoSchema";
import { EXTERNAL_SECRET, only } from "./runQueries";

// Every generated ExternalSecret is validated in typedSecrets.test.ts; here the validator is shown to reject broken specs,
// so that those checks can fail.
describe("the ESO v1 schema check rejects a broken ExternalSecret", () => {
    let manifest: any;
    before(async () => {
        const run = await runProgram(() => { new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Aws }); });
        manifest = only(run, EXTERNAL_SECRET).inputs;
    });
    const broken = (edit: (spec: any) => void) => {
        const copy = structuredClone(manifest);
        edit(copy.spec);
        return copy;
    };

    test("control: the generated manifest is valid", async () => {
        assert.equal(await esoSchemaError(manifest), undefined);
    });

    const cases: Array<[string, (spec: any) => void, RegExp]> = [
        ["an unknown creationPolicy", (spec) => { spec.target.creationPolicy = "Sometimes"; }, /spec\/target\/creationPolicy must be equal to one of the allowed values/],
        ["an unknown store kind", (spec) => { spec.secretStoreRef.kind = "Vault"; }, /spec\/secretStoreRef\/kind must be equal to one of the allowed values/],
        ["a remoteRef without key", (spec) => { delete spec.data[0].remoteRef.key; }, /spec\/data\/0\/remoteRef must have required property key/],
        ["a data entry without secretKey", (spec) => { delete spec.data[0].secretKey; }, /spec\/data\/0 must have required property secretKey/],
        ["a template engine v3", (spec) => { spec.target.template.engineVersion = "v3"; }, /engineVersion must be equal to one of the allowed values/],
        ["a non-string template value", (spec) => { spec.target.template.data.port = 5432; }, /template\/data\/port must be string/],
    ];
    for (const [what, edit, message] of cases) {
        test(what, async () => {
            assert.match((await esoSchemaError(broken(edit))) ?? "valid", message);
        });
    }

    test("limits: the schema accepts Delete with Merge and an unparsable refreshInterval; the webhook rule check catches the first", async () => {
        const mergeAndDelete = broken((spec) => { spec.target.creationPolicy = "Merge"; spec.target.deletionPolicy = "Delete"; });
        assert.equal(await esoSchemaError(mergeAndDelete), undefined);
        assert.deepEqual(webhookRuleErrors(mergeAndDelete), ["deletionPolicy Delete is refused with creationPolicy Merge"]);
        // Checked instead by the components' own validation (badInputs.test.ts: refreshInterval "banana").
        assert.equal(await esoSchemaError(broken((spec) => { spec.refreshInterval = "banana"; })), undefined);
    });
});

test("sync settings reach the ExternalSecret and it still validates", async () => {
    const run = await runProgram(() => {
        new MlflowDbSecret("mlflow-db", {
            cloud: CloudProvider.Aws,
            secretStoreName: "platform-cluster-store",
            secretStoreKind: SecretStoreKind.ClusterSecretStore,
            refreshInterval: "1h30m",
        });
    });
    const manifest = only(run, EXTERNAL_SECRET).inputs;
    assert.deepEqual(manifest.spec.secretStoreRef, { name: "platform-cluster-store", kind: "ClusterSecretStore" });
    assert.equal(manifest.spec.refreshInterval, "1h30m");
    assert.equal(await esoSchemaError(manifest), undefined);
});
