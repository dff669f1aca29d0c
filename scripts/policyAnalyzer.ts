import { createRequire } from "node:module";
import * as path from "node:path";
import * as fs from "node:fs";
import Ajv, { ValidateFunction } from "ajv";
import { PolicyPackArgs } from "@pulumi/policy";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import type { CapturedResource } from "../test/harness";
import { packArgs, packName } from "../policy/pack";

// The protobuf runtime the generated analyzer messages use (a dependency of @pulumi/pulumi), so the Struct and Empty
// messages built here are the classes those messages expect.
const protoRequire = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_pb"));
const structpb: typeof structTypes = protoRequire("google-protobuf/google/protobuf/struct_pb");
const emptypb: typeof emptyTypes = protoRequire("google-protobuf/google/protobuf/empty_pb");

/** What the engine does with a violation. */
export enum EnforcementLevel {
    /** Reported, the deployment goes on. */
    Advisory = "advisory",
    /** Reported, the deployment stops. */
    Mandatory = "mandatory",
    /** The policy rewrote the resource's inputs before it was analyzed. */
    Remediate = "remediate",
    /** The policy does not run. */
    Disabled = "disabled",
}

/** One policy's config, as in a `--policy-pack-config` file: an enforcement level and the policy's own properties. */
export interface PolicyConfig {
    readonly enforcementLevel?: EnforcementLevel;
    readonly [property: string]: unknown;
}

export interface AnalyzeOptions {
    /**
     * Config per policy name, plus `all` for an enforcement level applied to every policy (the same keys as a
     * `--policy-pack-config` file). Properties are validated against each policy's config schema.
     * @default {} (every policy at its default level with its schema defaults)
     */
    readonly config?: Readonly<Record<string, PolicyConfig>>;
}

/** A diagnostic of the pack about one resource (or the stack), as `pulumi preview` would print it. */
export interface PolicyVerdict {
    readonly policyName: string;
    readonly enforcementLevel: EnforcementLevel;
    /** The policy's description, a newline, then what is wrong with this resource and what to do. */
    readonly message: string;
    /** The resource the diagnostic is about; the stack's URN for a stack-wide one. */
    readonly urn: string;
    readonly resourceType: string;
    readonly resourceName: string;
}

/** The policy analyzer gRPC service, whether served in this process or by a spawned policy pack. */
export interface AnalyzerTransport {
    getAnalyzerInfo(): Promise<analyzerpb.AnalyzerInfo>;
    configure(request: analyzerpb.ConfigureAnalyzerRequest): Promise<void>;
    analyze(request: analyzerpb.AnalyzeRequest): Promise<analyzerpb.AnalyzeResponse>;
    analyzeStack(request: analyzerpb.AnalyzeStackRequest): Promise<analyzerpb.AnalyzeResponse>;
    remediate(request: analyzerpb.AnalyzeRequest): Promise<analyzerpb.RemediateResponse>;
}

/** Bad analyzer input (an unknown policy, an invalid enforcement level, config the policy's schema rejects). */
export class PolicyConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`Invalid policy pack config:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "PolicyConfigError";
    }
}

const LEVELS: Record<EnforcementLevel, analyzerpb.EnforcementLevel> = {
    [EnforcementLevel.Advisory]: analyzerpb.EnforcementLevel.ADVISORY,
    [EnforcementLevel.Mandatory]: analyzerpb.EnforcementLevel.MANDATORY,
    [EnforcementLevel.Remediate]: analyzerpb.EnforcementLevel.REMEDIATE,
    [EnforcementLevel.Disabled]: analyzerpb.EnforcementLevel.DISABLED,
};
const LEVEL_NAMES = new Map(Object.entries(LEVELS).map(([name, level]) => [level, name as EnforcementLevel]));
const ALL = "all";

/**
 * Runs the policy pack on resources captured from a program, the way `pulumi preview --policy-pack policy` does:
 * GetAnalyzerInfo, Configure with the reconciled config, Remediate (when a policy is set to remediate) and Analyze for
 * every resource with its inputs, then AnalyzeStack with every resource's outputs. The pack is served in this process
 * through the policy SDK's own gRPC service implementation, without opening a port.
 */
export async function analyzeResources(resources: readonly CapturedResource[], opts: AnalyzeOptions = {}): Promise<PolicyVerdict[]> {
    return analyzeWith(inProcessTransport(), resources, opts);
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * `analyzeResources` over any transport (the gRPC client of a spawned pack, in tests). Runs one analysis at a time,
 * because a policy pack holds a single configuration, as the engine's one analyzer per deployment does.
 */
export function analyzeWith(
    transport: AnalyzerTransport,
    resources: readonly CapturedResource[],
    opts: AnalyzeOptions = {},
): Promise<PolicyVerdict[]> {
    const run = queue.then(() => analyzeExclusive(transport, resources, opts));
    queue = run.catch(() => undefined);
    return run;
}

async function analyzeExclusive(
    transport: AnalyzerTransport,
    resources: readonly CapturedResource[],
    opts: AnalyzeOptions,
): Promise<PolicyVerdict[]> {
    const info = await transport.getAnalyzerInfo();
    const config = reconcileConfig(info, opts.config ?? {});
    await transport.configure(configureRequest(config));
    const remediating = [...config.values()].some((c) => c.enforcementLevel === EnforcementLevel.Remediate);

    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const verdictsPerResource = await Promise.all(
        resources.map(async (resource) => {
            const request = analyzeRequest(resource, byUrn);
            const verdicts: PolicyVerdict[] = [];
            if (remediating) {
                const response = await transport.remediate(request);
                for (const remediation of response.getRemediationsList()) {
                    const properties = remediation.getProperties();
                    if (properties) {
                        // The engine analyzes the remediated inputs, as it would register them.
                        request.setProperties(properties);
                        verdicts.push(verdict(resource, remediation.getPolicyname(), EnforcementLevel.Remediate,
                            `${remediation.getDescription()}\nRemediated: the policy rewrote this resource's inputs.`));
                    } else {
                        // No properties: the remediation could not run (e.g. an unknown value in preview).
                        verdicts.push(verdict(resource, remediation.getPolicyname(), EnforcementLevel.Advisory, remediation.getDiagnostic()));
                    }
                }
            }
            const response = await transport.analyze(request);
            for (const d of response.getDiagnosticsList()) {
                verdicts.push(verdict(resource, d.getPolicyname(), levelName(d.getEnforcementlevel()), d.getMessage()));
            }
            return verdicts;
        }),
    );

    const stackResponse = await transport.analyzeStack(analyzeStackRequest(resources, byUrn));
    const stackVerdicts = stackResponse.getDiagnosticsList().map((d) => {
        const resource = byUrn.get(d.getUrn()) ?? stackResource(resources);
        return verdict(resource, d.getPolicyname(), levelName(d.getEnforcementlevel()), d.getMessage());
    });
    return [...verdictsPerResource.flat(), ...stackVerdicts];
}

function verdict(
    resource: Pick<CapturedResource, "urn" | "type" | "name">,
    policyName: string,
    enforcementLevel: EnforcementLevel,
    message: string,
): PolicyVerdict {
    return { policyName, enforcementLevel, message, urn: resource.urn, resourceType: resource.type, resourceName: resource.name };
}

function levelName(level: analyzerpb.EnforcementLevel): EnforcementLevel {
    const name = LEVEL_NAMES.get(level);
    if (name === undefined) {
        throw new Error(`The policy pack answered with an unknown enforcement level ${level}`);
    }
    return name;
}

/** The stack resource a stack-wide diagnostic is attributed to, derived from any resource's URN. */
function stackResource(resources: readonly CapturedResource[]): Pick<CapturedResource, "urn" | "type" | "name"> {
    const [, stack, project] = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(resources[0]?.urn ?? "") ?? ["", "", ""];
    const type = "pulumi:pulumi:Stack";
    const name = `${project}-${stack}`;
    return { urn: `urn:pulumi:${stack}::${project}::${type}::${name}`, type, name };
}

// ----------------------------------------------------------------------------------------------------------------
// Config: what the engine does before Configure (pkg/resource/analyzer/config.go, ReconcilePolicyPackConfig):
// start from every policy's default level and schema defaults, apply `all`, apply each policy's config, validate.
// ----------------------------------------------------------------------------------------------------------------

interface ReconciledConfig {
    enforcementLevel: EnforcementLevel;
    properties: Record<string, unknown>;
}

interface PolicySchema {
    readonly properties: Record<string, any>;
    readonly required: string[];
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new Map<string, ValidateFunction>();

function validatorFor(schema: PolicySchema): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = validators.get(key);
    if (!validate) {
        validate = ajv.compile({ type: "object", properties: schema.properties, required: schema.required });
        validators.set(key, validate);
    }
    return validate;
}

function isLevel(value: unknown): value is EnforcementLevel {
    return Object.values(EnforcementLevel).includes(value as EnforcementLevel);
}

function reconcileConfig(info: analyzerpb.AnalyzerInfo, given: Readonly<Record<string, PolicyConfig>>): Map<string, ReconciledConfig> {
    const problems: string[] = [];
    const schemas = new Map<string, PolicySchema | undefined>();
    const result = new Map<string, ReconciledConfig>();
    for (const policy of info.getPoliciesList()) {
        const schema = policy.getConfigschema();
        const properties = schema?.getProperties()?.toJavaScript() ?? {};
        schemas.set(policy.getName(), schema ? { properties, required: schema.getRequiredList() } : undefined);
        const defaults = Object.fromEntries(
            Object.entries(properties).filter(([, s]) => (s as any)?.default !== undefined).map(([k, s]) => [k, structuredClone((s as any).default)]),
        );
        result.set(policy.getName(), { enforcementLevel: levelName(policy.getEnforcementlevel()), properties: defaults });
    }

    for (const [name, config] of Object.entries(given)) {
        if (config.enforcementLevel !== undefined && !isLevel(config.enforcementLevel)) {
            problems.push(`${name}: enforcementLevel ${JSON.stringify(config.enforcementLevel)} is not one of ${Object.values(EnforcementLevel).join(", ")}`);
        }
        if (name !== ALL && !result.has(name)) {
            problems.push(`${name}: no such policy in ${info.getName()} (policies: ${[...result.keys()].join(", ")})`);
        }
    }
    const all = given[ALL]?.enforcementLevel;
    if (all !== undefined) {
        for (const c of result.values()) {
            c.enforcementLevel = all;
        }
    }
    for (const [name, { enforcementLevel, ...properties }] of Object.entries(given)) {
        const c = result.get(name);
        if (name === ALL || c === undefined) {
            continue;
        }
        c.enforcementLevel = enforcementLevel ?? c.enforcementLevel;
        Object.assign(c.properties, properties);
    }

    for (const [name, c] of result) {
        const schema = schemas.get(name);
        const validate = schema ? validatorFor(schema) : undefined;
        if (validate && !validate(c.properties)) {
            for (const e of validate.errors ?? []) {
                problems.push(`${name}: ${e.instancePath || "config"} ${e.message}`);
            }
        }
        if (!schema && Object.keys(c.properties).length > 0) {
            problems.push(`${name}: takes no config properties, got ${Object.keys(c.properties).join(", ")}`);
        }
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return result;
}

function configureRequest(config: Map<string, ReconciledConfig>): analyzerpb.ConfigureAnalyzerRequest {
    const request = new analyzerpb.ConfigureAnalyzerRequest();
    const map = request.getPolicyconfigMap();
    for (const [name, c] of config) {
        const policyConfig = new analyzerpb.PolicyConfig();
        policyConfig.setEnforcementlevel(LEVELS[c.enforcementLevel]);
        policyConfig.setProperties(structpb.Struct.fromJavaScript(c.properties as Record<string, structTypes.JavaScriptValue>));
        map.set(name, policyConfig);
    }
    return request;
}

/**
 * Reads a `--policy-pack-config` JSON file's content: per policy either an enforcement level string or an object of
 * `enforcementLevel` and properties.
 */
export function parsePolicyConfig(json: string): Record<string, PolicyConfig> {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new PolicyConfigError(["the config must be a JSON object keyed by policy name"]);
    }
    return Object.fromEntries(
        Object.entries(parsed).map(([name, value]) => {
            if (typeof value === "string") {
                return [name, { enforcementLevel: value as EnforcementLevel }];
            }
            if (typeof value !== "object" || value === null || Array.isArray(value)) {
                throw new PolicyConfigError([`${name}: must be an enforcement level or an object, got ${JSON.stringify(value)}`]);
            }
            return [name, value as PolicyConfig];
        }),
    );
}

// ----------------------------------------------------------------------------------------------------------------
// Requests: what the engine sends (sdk/go/common/resource/plugin/analyzer_plugin.go). Properties keep secrets in the
// engine's secret wrapper and unknowns as sentinels; keys starting with "__" are internal and left out.
// ----------------------------------------------------------------------------------------------------------------

// Converting to a Struct is most of the cost of a request; a custom resource's inputs serve both Analyze and
// AnalyzeStack, so each value is converted once (requests never mutate a Struct; remediation replaces it).
const structs = new WeakMap<object, structTypes.Struct>();

function engineProperties(values: Record<string, unknown>): structTypes.Struct {
    let struct = structs.get(values);
    if (!struct) {
        const visible = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith("__")));
        struct = structpb.Struct.fromJavaScript(visible as Record<string, structTypes.JavaScriptValue>);
        structs.set(values, struct);
    }
    return struct;
}

function resourceOptions(resource: CapturedResource): analyzerpb.AnalyzerResourceOptions {
    const options = new analyzerpb.AnalyzerResourceOptions();
    options.setProtect(resource.options.protect ?? false);
    options.setIgnorechangesList(resource.options.ignoreChanges);
    options.setDeletebeforereplacedefined(resource.options.deleteBeforeReplace !== undefined);
    options.setDeletebeforereplace(resource.options.deleteBeforeReplace ?? false);
    options.setAdditionalsecretoutputsList(resource.options.additionalSecretOutputs);
    options.setAliasesList([]);
    options.setCustomtimeouts(new analyzerpb.AnalyzerResourceOptions.CustomTimeouts());
    options.setParent(resource.parent ?? "");
    return options;
}

/** A provider reference is `<provider urn>::<provider id>`; the URN's last two parts are its type and name. */
function providerResource(reference: string | undefined, byUrn: Map<string, CapturedResource>): analyzerpb.AnalyzerProviderResource | undefined {
    if (!reference) {
        return undefined;
    }
    const urn = reference.slice(0, reference.lastIndexOf("::"));
    const registered = byUrn.get(urn);
    const parts = urn.split("::");
    const provider = new analyzerpb.AnalyzerProviderResource();
    provider.setUrn(urn);
    provider.setType(registered?.type ?? parts[2].split("$").pop() ?? "");
    provider.setName(registered?.name ?? parts[3] ?? "");
    provider.setProperties(engineProperties(registered?.rawInputs ?? {}));
    return provider;
}

/** Analyze (and Remediate) get a resource's inputs, as the program registered them. */
export function analyzeRequest(resource: CapturedResource, byUrn: Map<string, CapturedResource>): analyzerpb.AnalyzeRequest {
    const request = new analyzerpb.AnalyzeRequest();
    request.setUrn(resource.urn);
    request.setType(resource.type);
    request.setName(resource.name);
    request.setProperties(engineProperties(resource.rawInputs));
    request.setOptions(resourceOptions(resource));
    const provider = providerResource(resource.provider, byUrn);
    if (provider) {
        request.setProvider(provider);
    }
    return request;
}

/**
 * AnalyzeStack gets every resource with its outputs: a component's registered outputs; for a custom resource the
 * inputs stand in for the provider's outputs (the mock runtime has no provider to compute the rest).
 */
export function analyzeStackRequest(resources: readonly CapturedResource[], byUrn: Map<string, CapturedResource>): analyzerpb.AnalyzeStackRequest {
    const request = new analyzerpb.AnalyzeStackRequest();
    request.setResourcesList(resources.map((r) => {
        const resource = new analyzerpb.AnalyzerResource();
        resource.setUrn(r.urn);
        resource.setType(r.type);
        resource.setName(r.name);
        resource.setProperties(engineProperties(r.rawOutputs ?? r.rawInputs));
        resource.setOptions(resourceOptions(r));
        const provider = providerResource(r.provider, byUrn);
        if (provider) {
            resource.setProvider(provider);
        }
        resource.setParent(r.parent ?? "");
        resource.setDependenciesList(r.dependencies);
        const propertyDependencies = resource.getPropertydependenciesMap();
        for (const [key, urns] of Object.entries(r.propertyDependencies)) {
            if (urns.length > 0) {
                propertyDependencies.set(key, new analyzerpb.AnalyzerPropertyDependencies().setUrnsList(urns));
            }
        }
        return resource;
    }));
    return request;
}

// ----------------------------------------------------------------------------------------------------------------
// In-process transport: the policy SDK's own service implementation (the object `serve` hands to gRPC), captured
// without binding a port. Requests and responses are the same protobuf messages the gRPC server would decode and encode.
// ----------------------------------------------------------------------------------------------------------------

type UnaryHandler = (call: { request: unknown }, callback: (error: unknown, response?: unknown) => void) => void;

interface AnalyzerServiceImplementation {
    getAnalyzerInfo: UnaryHandler;
    configure: UnaryHandler;
    analyze: UnaryHandler;
    analyzeStack: UnaryHandler;
    remediate: UnaryHandler;
}

interface PolicyServer {
    serve(name: string, version: string, enforcementLevel: string, args: PolicyPackArgs, initialConfig?: unknown): void;
}

interface GrpcServerPrototype {
    addService(service: unknown, implementation: unknown): void;
    bindAsync(...args: unknown[]): void;
}

let service: AnalyzerServiceImplementation | undefined;

/** The pack version the engine would report: PolicyPack reads it from the pack's package.json. */
function packVersion(): string {
    const manifest = path.join(__dirname, "..", "policy", "package.json");
    return JSON.parse(fs.readFileSync(manifest, "utf8")).version;
}

/**
 * `serve` is what `new PolicyPack` calls: it validates the pack, builds the service implementation and binds it to
 * a port. The service object is taken as it is handed to the gRPC server, and binding is skipped, so nothing listens
 * and nothing keeps the process alive. `serve` accepts one pack per process, hence the cache.
 */
function servePackInProcess(): AnalyzerServiceImplementation {
    if (service) {
        return service;
    }
    // The SDK copy the pack itself resolves (policy/node_modules after `cd policy && npm install`, else the root's):
    // policies build values with its classes (a remediation's `new Secret(...)`), which only its own server serializes.
    const packRequire = createRequire(path.join(__dirname, "..", "policy", "pack.ts"));
    const policyRequire = createRequire(packRequire.resolve("@pulumi/policy/server"));
    const server: PolicyServer = policyRequire("./server");
    const grpcServer: GrpcServerPrototype = policyRequire("@grpc/grpc-js").Server.prototype;
    const { addService, bindAsync } = grpcServer;
    let captured: AnalyzerServiceImplementation | undefined;
    grpcServer.addService = (_definition, implementation) => {
        captured = implementation as AnalyzerServiceImplementation;
    };
    grpcServer.bindAsync = () => undefined;
    try {
        server.serve(packName, packVersion(), packArgs.enforcementLevel ?? EnforcementLevel.Advisory, packArgs);
    } finally {
        grpcServer.addService = addService;
        grpcServer.bindAsync = bindAsync;
    }
    if (!captured) {
        throw new Error("@pulumi/policy did not register its analyzer service; its serve() has changed");
    }
    service = captured;
    return service;
}

function call<Res>(handler: UnaryHandler, request: unknown): Promise<Res> {
    return new Promise((resolve, reject) => {
        handler({ request }, (error, response) => (error ? reject(error) : resolve(response as Res)));
    });
}

/** The pack served in this process: the SDK's handlers called directly, no server, no port. */
export function inProcessTransport(): AnalyzerTransport {
    const s = servePackInProcess();
    return {
        getAnalyzerInfo: () => call(s.getAnalyzerInfo, new emptypb.Empty()),
        configure: async (request) => {
            await call(s.configure, request);
        },
        analyze: (request) => call(s.analyze, request),
        analyzeStack: (request) => call(s.analyzeStack, request),
        remediate: (request) => call(s.remediate, request),
    };
}
