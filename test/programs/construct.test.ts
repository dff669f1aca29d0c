import { test } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider, getPulumiComponents } from "@pulumi/pulumi/provider/experimental";
import { serializeResourceProperties } from "@pulumi/pulumi/runtime/rpc";
import { runProgram } from "../harness";
import { isWireSecret } from "../harness/secretMarker";

// What a Python, Go, C# or YAML program gets: its generated SDK asks the engine for `secrets:index:<Component>`; the
// engine calls Construct on this package's component provider, which is Pulumi's own ComponentProvider built the way
// the Node plugin host builds it (name and namespace from package.json). Here its `construct` is driven in-process
// under the mock runtime, and the response is serialized as the provider server serializes it. The components come
// from `require(ROOT)`, i.e. package.json's `main` (the built dist/), exactly what the plugin host loads.

const ROOT = path.resolve(__dirname, "../..");
const pkg = require(path.join(ROOT, "package.json")) as { name: string };
// As @pulumi/pulumi's cmd/run-plugin derives them: "@mlops-platform/secrets" → namespace "mlops-platform", name "secrets".
const [, scope, bare] = /^(?:@(.*?)\/)?(.+)$/.exec(pkg.name)!;
const providerName = bare.replace(/[^-a-zA-Z0-9_]/g, "-");

/** The value of an Output (the mock runtime runs apply callbacks, as an update does). */
function resolved<T>(output: pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((v) => {
        resolve(v as T);
        return v;
    }));
}

/** One provider for the file: its first schema analysis (the TypeScript compiler over the sources) is the slow part. */
const sharedProvider = new ComponentProvider({ components: getPulumiComponents(require(ROOT)), dirname: ROOT, name: providerName, namespace: scope });
const componentProvider = () => sharedProvider;

const EKS = {
    clusterName: "mlops-dev",
    aws: {
        region: "eu-west-1",
        oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E",
        oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E",
    },
};
/** Minimal inputs per component, as the engine hands them over (enums as their string values). */
const INPUTS: Record<string, Record<string, unknown>> = {
    MlflowDbSecret: { cloud: "aws", aws: { parameterPrefix: "/mlops-platform-dev" }, cluster: EKS, namespace: "mlflow" },
    MinioRootSecret: { cloud: "aws", cluster: EKS },
    ArgoAdminSecret: { cloud: "aws", cluster: EKS },
    GrafanaSecret: { cloud: "aws", cluster: EKS },
    PlatformSecret: { cloud: "aws", namespace: "apps", app: "app", valueName: "api-key", templateData: { "api-key": "{{ .password }}" } },
    EsoInstall: {},
    SecretAlerts: {},
    ReloaderInstall: { watchNamespaces: ["mlflow", "minio"] },
    WorkloadReloadPatch: { namespace: "mlflow", workload: "deployment/mlflow", secretNames: ["mlflow-db-credentials"] },
};
const CONFIG = { "aws:region": "eu-west-1" };

test(`the component provider is named as the Node plugin host names it: ${providerName} (namespace ${scope})`, async () => {
    assert.equal(providerName, "secrets");
    const schema = JSON.parse(await componentProvider().getSchema());
    assert.equal(schema.name, "secrets");
    assert.deepEqual(Object.keys(schema.resources).sort(), Object.keys(INPUTS).map((c) => `secrets:index:${c}`).sort());
});

test("construct MlflowDbSecret as another language would: the URN has the requested type, outputs are the schema's, the password is secret", async () => {
    const provider = componentProvider();
    const schema = JSON.parse(await provider.getSchema());
    const aliases = new Map<string, unknown[]>();
    let response: { urn: string; state: Record<string, any>; secret: Record<string, boolean> } | undefined;
    const run = await runProgram(async () => {
        const monitor = pulumi.runtime.getMonitor() as any;
        const register = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req: any, callback: unknown) => {
            aliases.set(req.getType(), req.getAliasesList().map((a: any) => a.toObject()));
            return register(req, callback);
        };
        const result = await provider.construct("mlflow-db", "secrets:index:MlflowDbSecret", INPUTS.MlflowDbSecret, {});
        // As provider/server.ts answers Construct: the URN, and the state serialized with secrets kept.
        const [state] = await serializeResourceProperties("construct(secrets:index:MlflowDbSecret, mlflow-db)", result.state);
        const secret = Object.fromEntries(await Promise.all(Object.entries(result.state).map(async ([k, v]) => [k, await pulumi.isSecret(v as any)])));
        response = { urn: await resolved(result.urn), state, secret };
    }, { config: CONFIG });

    // The URN names the type the engine asked for: one token in every language. (The mock monitor also writes the
    // stack's type into a top-level URN's parent chain, which the engine leaves out.)
    assert.match(response!.urn, /^urn:pulumi:dev::mlops-platform::(?:pulumi:pulumi:Stack\$)?secrets:index:MlflowDbSecret::mlflow-db$/);
    const component = run.resources.find((r) => r.urn === response!.urn);
    assert.ok(component && !component.custom, "the component itself is registered");
    // Stacks deployed with the former token keep their resources: the component carries an alias from it.
    assert.match(JSON.stringify(aliases.get("secrets:index:MlflowDbSecret")), /mlops:secrets:MlflowDbSecret/);
    assert.match(JSON.stringify(aliases.get("secrets:index:PlatformSecret")), /mlops:secrets:PlatformSecret/);
    // Its children are built under it: the stored value, the ExternalSecret, the identity.
    const parameter = run.resources.find((r) => r.type === "aws:ssm/parameter:Parameter");
    assert.equal(parameter?.inputs.name, "/mlops-platform-dev/mlflow/db-password");
    const platformSecret = run.resources.find((r) => r.urn === parameter!.parent);
    assert.equal(platformSecret?.type, "secrets:index:PlatformSecret");
    assert.equal(platformSecret?.parent, response!.urn);

    // The state holds exactly the outputs the schema declares.
    const declared = Object.keys(schema.resources["secrets:index:MlflowDbSecret"].properties).sort();
    assert.deepEqual(Object.keys(response!.state).sort(), declared);
    // Secretness crosses the language boundary: the password travels as a secret, the locations in the clear.
    assert.equal(response!.secret.password, true);
    assert.ok(isWireSecret(response!.state.password), "the serialized password is not marked secret");
    for (const plain of ["cloudLocation", "kubernetesSecretName", "kubernetesNamespace", "kubernetesSecretKeys", "rotationDays", "username"]) {
        assert.equal(response!.secret[plain], false, `${plain} should not be secret`);
    }
    assert.equal(response!.state.cloudLocation, "ssm:/mlops-platform-dev/mlflow/db-password");
    assert.equal(response!.state.kubernetesSecretName, "mlflow-db-credentials");
    assert.deepEqual(response!.state.kubernetesSecretKeys, ["password", "username"]);
    assert.equal(response!.state.rotationDays, 90);
});

test("construct every component: each class registers the token the schema and other languages use", async () => {
    const urns: Record<string, string> = {};
    await runProgram(async () => {
        for (const [component, inputs] of Object.entries(INPUTS)) {
            const result = await componentProvider().construct(`${component.toLowerCase()}-1`, `secrets:index:${component}`, inputs, {});
            urns[component] = await resolved(result.urn);
        }
    }, { config: CONFIG });
    for (const component of Object.keys(INPUTS)) {
        assert.equal(urns[component].split("::")[2].split("$").pop(), `secrets:index:${component}`);
    }
});

test("construct refuses a type outside the package's index module, naming it", async () => {
    const provider = componentProvider();
    await assert.rejects(provider.construct("x", "mlops:secrets:MlflowDbSecret", INPUTS.MlflowDbSecret, {}), /Invalid package name mlops/);
    await assert.rejects(provider.construct("x", "secrets:index:NoSuchSecret", {}, {}), /NoSuchSecret/);
});
