import * as fs from "node:fs";
import * as path from "node:path";
import { ResourceValidationArgs } from "@pulumi/policy";
import * as YAML from "yaml";

/** The fields every Kubernetes object shares that the policies read. */
export interface KubernetesObject {
    readonly apiVersion?: string;
    readonly kind?: string;
    readonly metadata?: {
        readonly name?: string;
        readonly namespace?: string;
    };
    readonly [field: string]: unknown;
}

/** A Kubernetes object a resource declares, and where in the resource's inputs it sits. */
export interface DeclaredObject {
    readonly object: KubernetesObject;
    /** Property path of the object inside the resource (`""` for the resource itself, `items[2]`, `yaml document 3`). */
    readonly path: string;
    /** kind without a `Patch` suffix: what the object is once applied. */
    readonly kind: string;
    /** API group (`""` for core, `apps`, `external-secrets.io`). */
    readonly group: string;
}

/**
 * `namespace/name` of an object as Kubernetes will see it: a missing namespace is the provider's default
 * (`default` unless the provider sets one), a missing name is Pulumi's autoname prefix (the resource name).
 */
export function objectRef(obj: KubernetesObject, resourceName: string): { namespace: string; name: string } {
    return {
        namespace: obj.metadata?.namespace ?? "default",
        name: obj.metadata?.name ?? resourceName,
    };
}

/** Kinds without a namespace (the ones this pack looks at). */
const CLUSTER_SCOPED = /^(Cluster[A-Z]\w*|Namespace|PersistentVolume|Node|CustomResourceDefinition)$/;

/** `Secret "mlflow/mlflow-db"`, `ClusterSecretStore "platform"` (`at items[1]` when not the resource itself). */
export function describeObject(declared: DeclaredObject, resourceName: string): string {
    const { namespace, name } = objectRef(declared.object, resourceName);
    const ref = CLUSTER_SCOPED.test(declared.kind) ? name : `${namespace}/${name}`;
    return `${declared.kind} "${ref}"${declared.path ? ` at ${declared.path}` : ""}`;
}

/** The inputs as deserialized, without the SDK's unknown-checking proxy: the walks here read every field. */
export function rawProps(args: Pick<ResourceValidationArgs, "props">): Record<string, any> {
    return (args.props as any).__getSpecialProxyTarget ?? args.props;
}

/**
 * YAML components whose objects the pack reads from the component's own inputs. v2 renders on the provider side: its
 * children are registered by the provider (and analyzed too in a real run), but only once the provider has run, and
 * never under the mock runtime. v1 renders in the program: the children of `objs` are registered there and analyzed
 * on their own, so only its `yaml` text and `files` are read here (they need the provider's decode call).
 */
const YAML_V2_TYPES = new Set(["kubernetes:yaml/v2:ConfigGroup", "kubernetes:yaml/v2:ConfigFile"]);
const YAML_V1_TYPES = new Set(["kubernetes:yaml:ConfigGroup", "kubernetes:yaml:ConfigFile"]);
/** Resources that are not objects themselves: charts, kustomizations, providers (walked elsewhere or not at all). */
const NOT_OBJECTS = /^kubernetes:(helm\.sh|kustomize)\/|^kubernetes:yaml(\/v2)?:|^pulumi:providers:/;

function groupOf(apiVersion: string): string {
    const slash = apiVersion.indexOf("/");
    const group = slash < 0 ? "" : apiVersion.slice(0, slash);
    return group === "core" ? "" : group;
}

/** `kubernetes:core/v1:SecretPatch` -> `{ apiVersion: "v1", kind: "Secret" }`; also `kubernetes:v1:Secret`. */
function fromTypeToken(type: string): { apiVersion: string; kind: string } | undefined {
    const match = /^kubernetes:([^:]+):([A-Za-z0-9]+)$/.exec(type);
    if (!match) {
        return undefined;
    }
    const apiVersion = match[1].startsWith("core/") ? match[1].slice("core/".length) : match[1];
    return { apiVersion, kind: match[2].replace(/Patch$/, "") };
}

function declared(object: KubernetesObject, path: string, fallback?: { apiVersion: string; kind: string }): DeclaredObject[] {
    const apiVersion = typeof object.apiVersion === "string" ? object.apiVersion : fallback?.apiVersion;
    const rawKind = typeof object.kind === "string" ? object.kind : fallback?.kind;
    if (apiVersion === undefined || rawKind === undefined) {
        return [];
    }
    const kind = rawKind.replace(/Patch$/, "");
    const self: DeclaredObject = { object, path, kind, group: groupOf(apiVersion) };
    // `SecretList`, `ConfigMapList`, `List`: the items are the objects (an empty SecretList is still a SecretList).
    if (kind.endsWith("List") && Array.isArray(object.items)) {
        const itemKind = kind === "List" ? undefined : { apiVersion, kind: kind.slice(0, -"List".length) };
        const items = (object.items as KubernetesObject[]).flatMap((item, i) =>
            typeof item === "object" && item !== null ? declared(item, path ? `${path}.items[${i}]` : `items[${i}]`, itemKind) : []);
        return [self, ...items];
    }
    return [self];
}

/**
 * Where a relative path in a program is found: the pack runs in its own directory, so the program's (the current
 * directory of a test or `npm run plan`, or the project the pack sits in, as `pulumi preview --policy-pack policy`
 * lays it out) are tried in turn. Only local files are read; URLs are left to the provider that renders them.
 */
const PACK_PARENT = path.resolve(__dirname, "..", "..");

export function readLocalFile(file: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) {
        return undefined;
    }
    const candidates = path.isAbsolute(file) ? [file] : [path.resolve(process.cwd(), file), path.resolve(PACK_PARENT, file)];
    for (const candidate of candidates) {
        try {
            return fs.readFileSync(candidate, "utf8");
        } catch {
            // try the next base
        }
    }
    return undefined;
}

// Every policy of the pack asks for the same resource's documents in turn: parse each text once.
const parsedYaml = new Map<string, unknown[]>();
const PARSED_YAML_KEPT = 32;

/** Every document of YAML text, as plain objects; a document that does not parse is skipped. */
export function yamlDocuments(text: string): unknown[] {
    let documents = parsedYaml.get(text);
    if (documents === undefined) {
        try {
            documents = YAML.parseAllDocuments(text, { logLevel: "silent" } as never)
                .filter((d) => !(d as YAML.Document).errors?.length)
                .map((d) => (d as YAML.Document).toJS({ maxAliasCount: 1000 }));
        } catch {
            documents = [];
        }
        if (parsedYaml.size >= PARSED_YAML_KEPT) {
            parsedYaml.delete(parsedYaml.keys().next().value as string);
        }
        parsedYaml.set(text, documents);
    }
    return documents;
}

function asList(value: unknown): unknown[] {
    return value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
}

/** The objects a ConfigGroup / ConfigFile declares: its `objs`, its `yaml` text, and its local `files` / `file`. */
function yamlComponentObjects(props: Record<string, any>, withObjs: boolean): DeclaredObject[] {
    const result: DeclaredObject[] = [];
    asList(withObjs ? props.objs : undefined).forEach((obj, i) => {
        if (typeof obj === "object" && obj !== null) {
            result.push(...declared(obj as KubernetesObject, `objs[${i}]`));
        }
    });
    const texts: Array<[string, string]> = asList(props.yaml).flatMap((text, i) =>
        typeof text === "string" ? [[`yaml${Array.isArray(props.yaml) ? `[${i}]` : ""}`, text] as [string, string]] : []);
    for (const file of [...asList(props.files), ...asList(props.file)]) {
        const text = typeof file === "string" ? readLocalFile(file) : undefined;
        if (text !== undefined) {
            texts.push([`file ${file}`, text]);
        }
    }
    for (const [where, text] of texts) {
        yamlDocuments(text).forEach((doc, i) => {
            if (typeof doc === "object" && doc !== null) {
                result.push(...declared(doc as KubernetesObject, `${where} document ${i + 1}`));
            }
        });
    }
    return result;
}

/**
 * What a resource IS, not what its type token says: every Kubernetes object it declares. A typed resource
 * (`kubernetes:core/v1:Secret`, also under another token such as `kubernetes:v1:Secret`), any resource whose inputs
 * carry `apiVersion` and `kind` (a CustomResource with `kind: Secret`), the items of a List, and the objects inside
 * a YAML ConfigGroup / ConfigFile (v1 or v2: `objs`, `yaml` text, local `files`).
 */
export function declaredObjects(type: string, props: Record<string, any>): DeclaredObject[] {
    if (YAML_V2_TYPES.has(type) || YAML_V1_TYPES.has(type)) {
        return yamlComponentObjects(props, YAML_V2_TYPES.has(type));
    }
    if (NOT_OBJECTS.test(type)) {
        return [];
    }
    const fromToken = fromTypeToken(type);
    const fromProps = typeof props.apiVersion === "string" && typeof props.kind === "string" ? declared(props as KubernetesObject, "") : [];
    // The token decides what the provider creates: a token naming another kind than the inputs counts as that kind too.
    if (fromToken && !fromProps.some((d) => d.kind === fromToken.kind)) {
        return [...fromProps, ...declared({ ...props, apiVersion: fromToken.apiVersion, kind: fromToken.kind } as KubernetesObject, "")];
    }
    return fromProps;
}

/** Whether an object is a core `Secret` (any version spelling of the core group). */
export function isSecret(declaredObject: DeclaredObject): boolean {
    return declaredObject.group === "" && (declaredObject.kind === "Secret" || declaredObject.kind === "SecretList");
}
