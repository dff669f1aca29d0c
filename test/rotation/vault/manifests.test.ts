/**
 * The VaultDynamicSecret generator and the ExternalSecret that reads it, validated against ESO v2.9.0's real CRD schemas
 * with unknown fields refused; the validator is shown to catch the mistakes that matter.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createExternalSecret, createVaultDynamicSecret, TargetCreationPolicy } from "../../../components/sync";
import { crdSchemaErrors } from "../../harness/crdSchema";
import { runProgram } from "../../harness";

const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";

describe("ESO manifests for dynamic credentials", () => {
    let generator: any;
    let externalSecret: any;
    before(async () => {
        const run = await runProgram(() => {
            createVaultDynamicSecret("mlflow-db-creds", {
                namespace: "mlflow",
                name: "mlflow-db-creds",
                path: "database/creds/mlflow",
                auth: {
                    server: "https://vault.vault.svc:8200",
                    caBundlePem: CA_PEM,
                    authMountPath: "kubernetes",
                    authRole: "mlflow-external-secrets-reader",
                    serviceAccountName: "external-secrets-reader",
                    audiences: ["vault"],
                },
            }, {});
            createExternalSecret("mlflow-db", {
                namespace: "mlflow",
                name: "mlflow-db-credentials",
                refreshInterval: "12h",
                targetName: "mlflow-db-credentials",
                creationPolicy: TargetCreationPolicy.Owner,
                data: [],
                generators: [{ kind: "VaultDynamicSecret", name: "mlflow-db-creds" }],
                templateData: { username: "{{ .username }}", password: "{{ .password }}" },
                targetLabels: {},
                rotationId: "",
            }, {});
        });
        generator = run.resources.find((r) => r.type === "kubernetes:generators.external-secrets.io/v1alpha1:VaultDynamicSecret")!.inputs;
        externalSecret = run.resources.find((r) => r.type === "kubernetes:external-secrets.io/v1:ExternalSecret")!.inputs;
    });

    it("the generator is valid: GET on the creds path through the namespace's Kubernetes auth role, CA base64-encoded", () => {
        assert.deepEqual(crdSchemaErrors(generator), []);
        assert.equal(generator.spec.path, "database/creds/mlflow");
        assert.equal(generator.spec.method, "GET");
        assert.equal(Buffer.from(generator.spec.provider.caBundle, "base64").toString(), CA_PEM);
        assert.deepEqual(generator.spec.provider.auth, {
            kubernetes: { mountPath: "kubernetes", role: "mlflow-external-secrets-reader", serviceAccountRef: { name: "external-secrets-reader", audiences: ["vault"] } },
        });
    });

    it("the ExternalSecret is valid, reads only the generator (dataFrom sourceRef, no store) and writes the chart's keys", () => {
        assert.deepEqual(crdSchemaErrors(externalSecret), []);
        assert.equal(externalSecret.spec.secretStoreRef, undefined);
        assert.equal(externalSecret.spec.data, undefined);
        assert.deepEqual(externalSecret.spec.dataFrom, [
            { sourceRef: { generatorRef: { apiVersion: "generators.external-secrets.io/v1alpha1", kind: "VaultDynamicSecret", name: "mlflow-db-creds" } } },
        ]);
        assert.deepEqual(externalSecret.spec.target.template.data, { password: "{{ .password }}", username: "{{ .username }}" });
    });

    const broken: Array<[string, () => any, RegExp]> = [
        ["a misspelt field the API server would silently prune", () => ({ ...generator, spec: { ...generator.spec, provider: { ...generator.spec.provider, auth: { kubernetes: { ...generator.spec.provider.auth.kubernetes, serviceAcountRef: { name: "x" } } } } } }), /additional properties: serviceAcountRef/],
        ["a Kubernetes auth without role", () => ({ ...generator, spec: { ...generator.spec, provider: { ...generator.spec.provider, auth: { kubernetes: { mountPath: "kubernetes" } } } } }), /must have required property 'role'/],
        ["a CA bundle that is not base64", () => ({ ...generator, spec: { ...generator.spec, provider: { ...generator.spec.provider, caBundle: CA_PEM } } }), /caBundle must match format "byte"/],
        ["an unknown resultType", () => ({ ...generator, spec: { ...generator.spec, resultType: "Lease" } }), /resultType must be equal to one of the allowed values/],
        ["a generator without path", () => ({ ...generator, spec: { provider: generator.spec.provider } }), /must have required property 'path'/],
        ["a generatorRef kind ESO does not know", () => ({ ...externalSecret, spec: { ...externalSecret.spec, dataFrom: [{ sourceRef: { generatorRef: { kind: "VaultDynamic", name: "x" } } }] } }), /kind must be equal to one of the allowed values/],
        ["a generatorRef beside a storeRef in one entry", () => ({ ...externalSecret, spec: { ...externalSecret.spec, dataFrom: [{ sourceRef: { generatorRef: { kind: "VaultDynamicSecret", name: "x" }, storeRef: { name: "s" } } }] } }), /must NOT have more than 1 properties/],
    ];
    for (const [what, make, message] of broken) {
        it(`the schema check refuses ${what}`, () => {
            assert.match(crdSchemaErrors(make()).join("\n"), message);
        });
    }
});
