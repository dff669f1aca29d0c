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
        for (const input of ["rotationDays", "rotationTrigger", "cluster", "aws", "azure", "gcp", "vault"]) {
            assert.ok(resource.inputProperties[input]?.description, `${component}.${input} has no documentation`);
        }
        for (const output of ["password", "cloudLocation", "kubernetesSecretName", "kubernetesSecretKeys", "rotatedAt"]) {
            assert.ok(resource.properties[output], `${component} lacks output ${output}`);
        }
    }
    // Types, not just presence: what the generated SDKs declare.
    const mlflow = schema.resources["secrets:index:MlflowDbSecret"];
    assert.deepEqual(mlflow.inputProperties.cloud.$ref, "#/types/secrets:index:CloudProvider");
    assert.equal(mlflow.inputProperties.rotationDays.type, "number");
    assert.equal(mlflow.inputProperties.rotationTrigger.type, "string");
    assert.equal(mlflow.inputProperties.cluster.$ref, "#/types/secrets:index:ClusterAccessArgs");
    assert.equal(mlflow.inputProperties.database.$ref, "#/types/secrets:index:PostgresServerArgs");
    assert.equal(mlflow.inputProperties.username.type, "string");
    assert.deepEqual(mlflow.properties.kubernetesSecretKeys, { type: "array", items: { type: "string" } });
    assert.equal(mlflow.properties.rotatedAtUnix.type, "number");
    assert.equal(mlflow.properties.cloudLocation.type, "string");
    assert.deepEqual(mlflow.required.sort(), Object.keys(mlflow.properties).sort(), "every output is always set");
    const cluster = schema.types["secrets:index:ClusterAccessArgs"];
    assert.deepEqual(cluster.required, ["clusterName"]);
    assert.equal(cluster.properties.aws.$ref, "#/types/secrets:index:AwsClusterAccessArgs");
    assert.equal(cluster.properties.storeScope.$ref, "#/types/secrets:index:SecretStoreScope");
    assert.deepEqual(schema.types["secrets:index:AwsIdentityMode"].enum.map((e: { value: string }) => e.value), ["Irsa", "PodIdentity"]);
    assert.equal(schema.types["secrets:index:PostgresServerArgs"].properties.adminPassword.type, "string");
    // Secret markers: the schema Pulumi infers has none (its analyzer, provider/experimental/analyzer.ts, reads no
    // secretness from TypeScript types), so generated SDKs do not declare `password` secret. The value still arrives
    // secret at run time: construct.test.ts shows the Construct response marks it so. If a future analyzer marks it,
    // this fails and the README's claim must change.
    for (const [token, resource] of Object.entries<any>(schema.resources)) {
        for (const [key, property] of Object.entries<any>(resource.properties ?? {})) {
            assert.equal(property.secret, undefined, `${token}.${key} now carries a secret marker: update the README`);
        }
    }
    assert.equal(schema.resources["secrets:index:MlflowDbSecret"].inputProperties.username.type, "string");
    assert.ok(schema.resources["secrets:index:MinioRootSecret"].inputProperties.rootUser);
    assert.deepEqual(schema.types["secrets:index:CloudProvider"].enum.map((e: { value: string }) => e.value), ["aws", "azure", "gcp", "vault"]);
    assert.equal(mlflow.inputProperties.vault.$ref, "#/types/secrets:index:VaultStoreArgs");
    assert.deepEqual(schema.types["secrets:index:VaultStoreArgs"].required, ["address"]);
    assert.equal(cluster.properties.vault.$ref, "#/types/secrets:index:VaultClusterAccessArgs");
    assert.deepEqual(schema.types["secrets:index:VaultTokenReviewer"].enum.map((e: { value: string }) => e.value), ["VaultServiceAccount", "ClientServiceAccount"]);
    // Only Outputs and plain data cross the language boundary: no internal handles leak into the schema.
    assert.equal(Object.keys(schema.types).filter((t) => /StoredSecret|Resource$/.test(t)).length, 0, Object.keys(schema.types).join(", "));
});
