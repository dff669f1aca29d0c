import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";

// What `pulumi package add` gives Python, Go, C# and YAML programs: the schema Pulumi infers from the TypeScript.
test("the package schema is inferred from the components, with the typed secrets and their documented args", async () => {
    const root = path.resolve(__dirname, "../..");
    const provider = new ComponentProvider({
        components: getPulumiComponents(require(root)),
        dirname: root,
        name: "secrets",
        namespace: "mlops-platform",
    });
    const schema = JSON.parse(await provider.getSchema());
    for (const component of ["MlflowDbSecret", "MinioRootSecret", "ArgoAdminSecret", "GrafanaSecret", "PlatformSecret"]) {
        const resource = schema.resources[`secrets:index:${component}`];
        assert.ok(resource?.isComponent, `${component} missing from the schema`);
        assert.deepEqual(resource.requiredInputs.filter((i: string) => i === "cloud"), ["cloud"], `${component} must require cloud`);
        for (const input of ["rotationDays", "rotationTrigger", "cluster", "aws", "azure", "gcp"]) {
            assert.ok(resource.inputProperties[input]?.description, `${component}.${input} has no documentation`);
        }
        for (const output of ["password", "cloudLocation", "kubernetesSecretName", "kubernetesSecretKeys", "rotatedAt"]) {
            assert.ok(resource.properties[output], `${component} lacks output ${output}`);
        }
    }
    assert.ok(schema.resources["secrets:index:MlflowDbSecret"].inputProperties.username);
    assert.ok(schema.resources["secrets:index:MinioRootSecret"].inputProperties.rootUser);
    assert.deepEqual(schema.types["secrets:index:CloudProvider"].enum.map((e: { value: string }) => e.value), ["aws", "azure", "gcp"]);
    // Only Outputs and plain data cross the language boundary: no internal handles leak into the schema.
    assert.equal(Object.keys(schema.types).filter((t) => /StoredSecret|Resource$/.test(t)).length, 0, Object.keys(schema.types).join(", "));
});
