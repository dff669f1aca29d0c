import assert from "node:assert/strict";
import { CapturedResource, ProgramRun } from "../harness";
import { GCP_SECRET, GCP_SECRET_VERSION } from "./cloudCases";
import { KEY_VAULT_SECRET, ofType, SSM_PARAMETER } from "./runQueries";

/** What the cloud stores hold once the run is applied, by the key an ExternalSecret's `remoteRef.key` names. */
export function storedValues(run: ProgramRun): Map<string, string> {
    const values = new Map<string, string>();
    for (const p of ofType(run, SSM_PARAMETER)) {
        values.set(p.inputs.name, p.inputs.value);
    }
    for (const s of ofType(run, KEY_VAULT_SECRET)) {
        values.set(s.inputs.secretName, s.inputs.properties.value);
    }
    for (const s of ofType(run, GCP_SECRET)) {
        const version = ofType(run, GCP_SECRET_VERSION).find((v) => v.inputs.secret === `projects/${s.inputs.project}/secrets/${s.inputs.secretId}`);
        assert.ok(version, `secret ${s.inputs.secretId} has a version`);
        values.set(s.inputs.secretId, version.inputs.secretData);
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
    const stored = storedValues(run);
    const variables: Record<string, string> = {};
    for (const { extract } of (externalSecret.inputs.spec.dataFrom ?? []) as Array<{ extract: { key: string } }>) {
        const value = stored.get(extract.key);
        assert.ok(value !== undefined, `ESO would fail: nothing is stored under ${extract.key}`);
        Object.assign(variables, JSON.parse(value));
    }
    for (const d of (externalSecret.inputs.spec.data ?? []) as Array<{ secretKey: string; remoteRef: { key: string } }>) {
        const value = stored.get(d.remoteRef.key);
        assert.ok(value !== undefined, `ESO would fail: nothing is stored under ${d.remoteRef.key}`);
        variables[d.secretKey] = value;
    }
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
