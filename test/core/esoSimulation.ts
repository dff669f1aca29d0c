import assert from "node:assert/strict";
import { CapturedResource, ProgramRun } from "../harness";
import { GCP_SECRET, GCP_SECRET_VERSION, SM_SECRET, SM_SECRET_VERSION, VAULT_KV_SECRET } from "./cloudCases";
import { KEY_VAULT_SECRET, ofType, SSM_PARAMETER } from "./runQueries";

/** Vault KV v2 secrets once the run is applied: their data maps (fields), by the path inside the mount (`remoteRef.key`). */
export function vaultDocuments(run: ProgramRun): Map<string, Record<string, unknown>> {
    return new Map(ofType(run, VAULT_KV_SECRET).map((s) => [s.inputs.name, JSON.parse(s.inputs.dataJsonWo)]));
}

/**
 * What ESO's Vault provider returns for a key and property (external-secrets/external-secrets:
 * providers/v1/vault/client_get.go, getSecretValue): without a property the whole data map as JSON; with one, that
 * field (a string as is).
 */
function vaultValue(document: Record<string, unknown>, property: string | undefined): string | undefined {
    if (!property) {
        return JSON.stringify(document);
    }
    const field = document[property];
    return typeof field === "string" ? field : field === undefined ? undefined : JSON.stringify(field);
}

/**
 * What the cloud stores hold once the run is applied, by the key an ExternalSecret's `remoteRef.key` names (on Vault,
 * the `value` field every secret of this package keeps its value in).
 */
export function storedValues(run: ProgramRun): Map<string, string> {
    const values = new Map<string, string>();
    for (const p of ofType(run, SSM_PARAMETER)) {
        values.set(p.inputs.name, p.inputs.value);
    }
    for (const s of ofType(run, KEY_VAULT_SECRET)) {
        values.set(s.inputs.secretName, s.inputs.properties.value);
    }
    for (const s of ofType(run, SM_SECRET)) {
        // Keyed by the complete ARN the provider answers, which is what the package gives ESO as remoteRef.key.
        const arn: string = run.cloud.newResource({ type: s.type, name: s.name, inputs: s.inputs, custom: true }).state.arn;
        const version = ofType(run, SM_SECRET_VERSION).find((v) => v.inputs.secretId === arn);
        assert.ok(version, `secret ${s.inputs.name} has a version`);
        values.set(arn, version.inputs.secretString);
    }
    for (const s of ofType(run, GCP_SECRET)) {
        const version = ofType(run, GCP_SECRET_VERSION).find((v) => v.inputs.secret === `projects/${s.inputs.project}/secrets/${s.inputs.secretId}`);
        assert.ok(version, `secret ${s.inputs.secretId} has a version`);
        values.set(s.inputs.secretId, version.inputs.secretData);
    }
    for (const [key, document] of vaultDocuments(run)) {
        values.set(key, vaultValue(document, "value")!);
    }
    return values;
}

/**
 * The data of the Kubernetes Secret an ExternalSecret produces, computed the way ESO does: each `spec.dataFrom[].extract`
 * value is parsed as a JSON object whose fields become variables, each `spec.data` entry is read from the store into its
 * `secretKey`, then every template is filled. Only `{{ .name }}` is supported (all the package
 * emits); anything else fails, so a new template form cannot pass unnoticed.
 */
export function renderTargetData(run: ProgramRun, externalSecret: CapturedResource): Record<string, string> {
    const variables = fetchedData(run, externalSecret);
    const rendered: Record<string, string> = {};
    for (const [key, template] of Object.entries(externalSecret.inputs.spec.target.template.data as Record<string, string>)) {
        rendered[key] = template.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_match, variable: string) => {
            assert.ok(variable in variables, `template of ${key} uses .${variable}, which spec.data does not read`);
            return variables[variable];
        });
        assert.ok(!rendered[key].includes("{{"), `template of ${key} has a form this simulation does not render: ${template}`);
    }
    return rendered;
}

/**
 * What ESO reads from the store for an ExternalSecret (its dataMap): each `spec.dataFrom[].extract` value parsed as a
 * JSON object whose fields become keys, then each `spec.data` entry under its `secretKey`.
 */
function fetchedData(run: ProgramRun, externalSecret: CapturedResource): Record<string, string> {
    const stored = storedValues(run);
    const documents = vaultDocuments(run);
    // A Vault secret is a map of fields read through `property`; the other stores hold one string per key.
    const read = (ref: { key: string; property?: string }) =>
        documents.has(ref.key) ? vaultValue(documents.get(ref.key)!, ref.property) : stored.get(ref.key);
    const fetched: Record<string, string> = {};
    for (const { extract } of (externalSecret.inputs.spec.dataFrom ?? []) as Array<{ extract: { key: string; property?: string } }>) {
        const value = read(extract);
        assert.ok(value !== undefined, `ESO would fail: nothing is stored under ${extract.key}`);
        Object.assign(fetched, extractedFields(value));
    }
    for (const d of (externalSecret.inputs.spec.data ?? []) as Array<{ secretKey: string; remoteRef: { key: string; property?: string } }>) {
        const value = read(d.remoteRef);
        assert.ok(value !== undefined, `ESO would fail: nothing is stored under ${d.remoteRef.key}${d.remoteRef.property ? ` (field ${d.remoteRef.property})` : ""}`);
        fetched[d.secretKey] = value;
    }
    return fetched;
}

/**
 * ESO's `GetSecretMap` for `dataFrom.extract`: the value must be a JSON object; each top-level field becomes a key,
 * a JSON string unquoted, anything else (numbers, booleans, objects) as its raw JSON text, e.g. 5432 → "5432"
 * (external-secrets `providers/v1/aws/secretsmanager/secretsmanager.go` GetSecretMap: json.RawMessage, then
 * json.Unmarshal into a string or the raw bytes). Documents are written compact, so re-serialising gives the raw text.
 */
export function extractedFields(value: string): Record<string, string> {
    const document: unknown = JSON.parse(value);
    assert.ok(typeof document === "object" && document !== null && !Array.isArray(document), "ESO would fail: the value is not a JSON object");
    return Object.fromEntries(Object.entries(document).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/**
 * The whole data of the target Secret after ESO 2.9 syncs into a Secret that holds `existing`, in the order of
 * `ApplyTemplate` (external-secrets/external-secrets: pkg/controllers/externalsecret/externalsecret_controller_template.go):
 * existing keys are kept only under creationPolicy Merge; the fetched keys are written raw only with template
 * mergePolicy Merge or without template data; the templated keys come last and win.
 */
export function syncedSecretData(run: ProgramRun, externalSecret: CapturedResource, existing: Record<string, string>): Record<string, string> {
    const { target } = externalSecret.inputs.spec;
    const data: Record<string, string> = target.creationPolicy === "Merge" ? { ...existing } : {};
    if (target.template?.mergePolicy === "Merge" || Object.keys(target.template?.data ?? {}).length === 0) {
        Object.assign(data, fetchedData(run, externalSecret));
    }
    return Object.assign(data, renderTargetData(run, externalSecret));
}
