/**
 * Validates a rendered object against the real CRD schema of its kind and version (vendored under test/fixtures/crds),
 * the way the API server would see it: every object schema that lists `properties` and does not say
 * `x-kubernetes-preserve-unknown-fields` refuses unknown fields (the server prunes them: a misspelt field is silently
 * lost), required fields, enums, patterns and `format: byte` (base64) are checked. `metadata` is not checked.
 */
import Ajv, { type ValidateFunction } from "ajv";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const CRD_DIR = join(__dirname, "..", "fixtures", "crds");

type Schema = Record<string, any>;

/** Closes every object schema that lists properties; drops Kubernetes extensions ajv does not know. */
function strict(schema: Schema): Schema {
    if (schema === null || typeof schema !== "object") {
        return schema;
    }
    if (Array.isArray(schema)) {
        return schema.map(strict);
    }
    const out: Schema = {};
    for (const [key, value] of Object.entries(schema)) {
        if (key.startsWith("x-kubernetes-")) {
            continue;
        }
        out[key] = key === "properties"
            ? Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, strict(v as Schema)]))
            : strict(value as Schema);
    }
    if (schema["x-kubernetes-int-or-string"]) {
        delete out.type;
        out.anyOf = [{ type: "integer" }, { type: "string" }];
    }
    if (out.properties && out.additionalProperties === undefined && !schema["x-kubernetes-preserve-unknown-fields"]) {
        out.additionalProperties = false;
    }
    return out;
}

const validators = new Map<string, ValidateFunction>();

function load(): void {
    if (validators.size > 0) {
        return;
    }
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addFormat("byte", /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/);
    ajv.addFormat("date-time", true);
    ajv.addFormat("duration", true);
    for (const dir of readdirSync(CRD_DIR, { withFileTypes: true }).filter((d) => d.isDirectory())) {
        for (const file of readdirSync(join(CRD_DIR, dir.name)).filter((f) => f.endsWith(".yaml"))) {
            const crd = parse(readFileSync(join(CRD_DIR, dir.name, file), "utf8"));
            for (const version of crd.spec.versions) {
                const schema = strict(version.schema.openAPIV3Schema);
                schema.properties.metadata = { type: "object" };
                validators.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
            }
        }
    }
}

/** The schema errors of `object` (`apiVersion` and `kind` pick the schema); an empty list when it is valid. */
export function crdSchemaErrors(object: { apiVersion?: string; kind?: string }): string[] {
    load();
    const validate = validators.get(`${object.apiVersion}/${object.kind}`);
    if (!validate) {
        return [`no vendored CRD schema for ${object.apiVersion} ${object.kind}`];
    }
    return validate(object) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? `: ${e.params.additionalProperty}` : ""}`);
}
