/**
 * MlflowDbSecret with `credentials: VaultDynamic` under the mock runtime: the whole path from Vault's database engine
 * to the Kubernetes Secret the MLflow chart reads, as the engine receives it; manifests against ESO's CRDs; the
 * creds policy parsed; the policy pack's verdict; bad input refused before anything registers.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { CloudProvider, DatabaseCredentials, MlflowDbSecret, MlflowDbSecretArgs, SecretsInputError } from "../../../components";
import { parseVaultPolicy } from "../../../policy/lib/vault/vaultPolicy";
import { analyzeResources } from "../../../scripts/policyAnalyzer";
import { crdSchemaErrors } from "../../harness/crdSchema";
import { attemptProgram, type CapturedResource, isWireSecret, type ProgramRun, runProgram } from "../../harness";

const VAULT_ADDRESS = "https://vault.example.com:8200";
const ROOT_PASSWORD = "initial-root-pw-Zq81";

function dynamicArgs(extra: Partial<MlflowDbSecretArgs> = {}): MlflowDbSecretArgs {
    return {
        cloud: CloudProvider.Vault,
        vault: { address: VAULT_ADDRESS },
        credentials: DatabaseCredentials.VaultDynamic,
        vaultDynamic: { host: "mlflow-db.internal", rootPassword: pulumi.secret(ROOT_PASSWORD) },
        cluster: { clusterName: "mlops-dev", vault: {} },
        ...extra,
    };
}

const ofType = (run: ProgramRun, type: string) => run.resources.filter((r) => r.type === type);
const single = (run: ProgramRun, type: string): CapturedResource => {
    const found = ofType(run, type);
    assert.equal(found.length, 1, `one ${type}, got ${found.length}`);
    return found[0];
};

const TYPES = {
    generator: "kubernetes:generators.external-secrets.io/v1alpha1:VaultDynamicSecret",
    externalSecret: "kubernetes:external-secrets.io/v1:ExternalSecret",
    role: "vault:database/secretBackendRole:SecretBackendRole",
    connection: "vault:database/secretBackendConnection:SecretBackendConnection",
    rotateRoot: "vault:generic/endpoint:Endpoint",
    policy: "vault:index/policy:Policy",
    entityPolicies: "vault:identity/entityPolicies:EntityPolicies",
    authRole: "vault:kubernetes/authBackendRole:AuthBackendRole",
};

describe("MlflowDbSecret with Vault dynamic credentials", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runProgram(() => { new MlflowDbSecret("mlflow-db", dynamicArgs()); });
    });

    it("creates no password, schedule, command or stored value: only Vault's engine and ESO's generator", () => {
        const types = new Set(run.resources.map((r) => r.type));
        for (const absent of ["random:index/randomPassword:RandomPassword", "command:local:Command", "vault:kv/secretV2:SecretV2", "time:index/static:Static"]) {
            assert.equal(types.has(absent), false, absent);
        }
        assert.equal(ofType(run, "pulumi-nodejs:dynamic:Resource").length, 0, "no rotation schedule");
        for (const present of Object.values(TYPES)) {
            assert.ok(types.has(present), present);
        }
    });

    it("the generator logs in as the namespace's reader through its Kubernetes auth role, and reads only the creds path", () => {
        const generator = single(run, TYPES.generator);
        const authRole = single(run, TYPES.authRole);
        assert.deepEqual(crdSchemaErrors(generator.inputs), []);
        assert.equal(generator.inputs.metadata.namespace, "mlflow");
        assert.equal(generator.inputs.spec.path, "database/creds/mlflow");
        assert.equal(generator.inputs.spec.provider.server, VAULT_ADDRESS);
        assert.deepEqual(generator.inputs.spec.provider.auth.kubernetes, {
            mountPath: "kubernetes",
            role: authRole.inputs.roleName,
            serviceAccountRef: { name: authRole.inputs.boundServiceAccountNames[0], audiences: [authRole.inputs.audience] },
        });
        assert.deepEqual(authRole.inputs.boundServiceAccountNamespaces, ["mlflow"]);
        // Vault must have the role, its rotated password and the grant before ESO asks for a login.
        for (const type of [TYPES.role, TYPES.rotateRoot, TYPES.entityPolicies]) {
            assert.ok(generator.dependencies.includes(single(run, type).urn), `the generator waits for ${type}`);
        }
    });

    it("the namespace's reader may read exactly database/creds/mlflow, nothing else (policy parsed)", () => {
        const policies = ofType(run, TYPES.policy).map((p) => parseVaultPolicy(p.inputs.policy));
        assert.equal(policies.length, 1, "one policy: the creds path (no KV value is stored)");
        assert.deepEqual(policies[0].paths.map((p) => [p.path, [...p.capabilities].sort()]), [["database/creds/mlflow", ["read"]]]);
        const attached = single(run, TYPES.entityPolicies);
        assert.equal(attached.inputs.exclusive, false);
    });

    it("the ExternalSecret reads the generator every 12h (half the 24h lease) into the chart's keys; valid against ESO's CRD", () => {
        const es = single(run, TYPES.externalSecret).inputs;
        const generator = single(run, TYPES.generator).inputs;
        assert.deepEqual(crdSchemaErrors(es), []);
        assert.equal(es.spec.refreshInterval, "12h");
        assert.equal(es.spec.secretStoreRef, undefined);
        assert.deepEqual(es.spec.dataFrom, [{ sourceRef: { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "VaultDynamicSecret", name: generator.metadata.name } } }]);
        assert.equal(es.spec.target.name, "mlflow-db-credentials");
        assert.deepEqual(es.spec.target.template.data, { password: "{{ .password }}", username: "{{ .username }}" });
    });

    it("outputs say where the login comes from; nothing secret leaks; the shipped resources pass the policy pack", async () => {
        const component = run.resources.find((r) => r.type.endsWith(":MlflowDbSecret"))!;
        const outputs = JSON.parse(JSON.stringify(component.rawOutputs));
        assert.equal(outputs.cloudLocation, "vault:database/creds/mlflow");
        assert.deepEqual(outputs.kubernetesSecretKeys, ["password", "username"]);
        assert.equal(outputs.rotationDays, 1);
        // The only secret of this program is Vault's initial root password: secret-wrapped where it goes, nowhere else.
        const strip = (value: unknown): unknown => isWireSecret(value) ? "<secret>"
            : Array.isArray(value) ? value.map(strip)
            : value && typeof value === "object" ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v)])) : value;
        for (const resource of run.resources) {
            assert.equal(JSON.stringify(strip([resource.rawInputs, resource.rawOutputs ?? {}])).includes(ROOT_PASSWORD), false, resource.urn);
        }
        assert.equal(JSON.stringify(run.resources.map((r) => r.inputs)).split(ROOT_PASSWORD).length - 1, 1, "the root password reaches only the connection");
        assert.deepEqual((await analyzeResources(run.resources)).map((v) => `${v.policyName}: ${v.message}`), []);
    });

    it("a second `pulumi up` with nothing changed registers the same inputs", async () => {
        const again = await runProgram(() => { new MlflowDbSecret("mlflow-db", dynamicArgs()); }, { cloud: run.cloud });
        assert.deepEqual(again.resources.map((r) => [r.urn, r.inputs]), run.resources.map((r) => [r.urn, r.inputs]));
    });
});

describe("credentials VaultDynamic is checked before anything is created", () => {
    const cases: Array<[string, MlflowDbSecretArgs, string, RegExp]> = [
        ["on AWS", { ...dynamicArgs(), cloud: CloudProvider.Aws, vault: undefined }, "credentials", /CloudProvider\.Vault/],
        ["an unknown credentials value", dynamicArgs({ credentials: "vault" as DatabaseCredentials }), "credentials", /stored-password, vault-dynamic/],
        ["vaultDynamic without VaultDynamic", dynamicArgs({ credentials: DatabaseCredentials.StoredPassword }), "vaultDynamic", /only with credentials/],
        ["without cluster", dynamicArgs({ cluster: undefined }), "cluster", /Kubernetes auth role/],
        ["with database", dynamicArgs({ database: { host: "db" } }), "database", /Vault makes and drops the logins/],
        ["with rotationDays", dynamicArgs({ rotationDays: 30 }), "rotationDays", /credentialTtlSeconds/],
        ["with revokePrevious", dynamicArgs({ revokePrevious: true }), "revokePrevious", /vault lease revoke -prefix/],
        ["with restartWorkloads", dynamicArgs({ restartWorkloads: ["deployment/mlflow"] }), "restartWorkloads", /Reloader/],
        ["a refresh longer than half the lease", dynamicArgs({ refreshInterval: "20h" }), "refreshInterval", /at most half the lease \(12h\)/],
        ["without vaultDynamic", dynamicArgs({ vaultDynamic: undefined }), "vaultDynamic", /Describe the PostgreSQL server/],
    ];
    for (const [what, args, argument, message] of cases) {
        it(`refuses it ${what}, naming ${argument}`, async () => {
            const { error, run } = await attemptProgram(() => new MlflowDbSecret("mlflow-db", args));
            assert.ok(error instanceof SecretsInputError, String(error));
            assert.equal(error.argument, argument);
            assert.match(error.message, message);
            assert.deepEqual(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type), []);
        });
    }

    it("syncToCluster is refused with a fix", async () => {
        const { error } = await attemptProgram(() => {
            const secret = new MlflowDbSecret("mlflow-db", dynamicArgs());
            secret.syncToCluster({ clusterName: "mlops-dr", vault: {} }, new (require("@pulumi/kubernetes").Provider)("dr", {}));
        });
        assert.ok(error instanceof SecretsInputError && /another MlflowDbSecret/.test(error.message), String(error));
    });
});
