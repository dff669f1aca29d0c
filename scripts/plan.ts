/**
 * Offline plan of a stack: runs the platform program with the stack's config under the mock engine (no cloud, no
 * Pulumi CLI, no credentials), prints the resources as a tree, the secrets, who may read them (trust and grant
 * documents), and the policy pack's verdicts through the policy SDK's analyzer path; optionally writes every
 * Kubernetes object as YAML and every identity/access document as JSON. `npm run plan -- --help` explains it all.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as YAML from "yaml";
import { platformSecrets } from "../programs/platform";
import { CapturedResource, isWireSecret, MockCloud, ProgramRun, runProgram, unwrapSecrets } from "../test/harness";
import { FAKE_AWS_ACCOUNT, FAKE_AWS_REGION, FAKE_AZURE_SUBSCRIPTION, FAKE_AZURE_TENANT, FAKE_GCP_PROJECT_NUMBER } from "../test/harness/fakeIds";
import { analyzeResources, EnforcementLevel, inProcessTransport, PolicyVerdict } from "./policyAnalyzer";
import { parseVaultPolicy } from "../policy/lib/vault/vaultPolicy";

const ROOT = path.resolve(__dirname, "..");
/** The default output fits a terminal of this width; `--wide` prints everything in full. */
export const DEFAULT_COLUMNS = 100;
/** In an --out directory: the files the plan wrote there, so the next plan replaces exactly those and nothing else. */
export const OUT_MARKER = ".mlops-secrets-plan.json";
const USAGE = "usage: npm run plan -- --stack <dev-aws|dev-azure|dev-gcp|...> [--out DIR] [--wide]   (--help)";

export const HELP = `${USAGE}

Runs a stack's program (programs/platform with Pulumi.<stack>.yaml) under Pulumi's mock engine — no
cloud, no Pulumi CLI, no credentials — and prints what \`pulumi up\` would create. Exits 1 when a
mandatory policy of the pack refuses something, so it can gate a pull request.

Options:
  -s, --stack NAME  the stack to plan; NAME has a Pulumi.NAME.yaml at the repository root
  -o, --out DIR     also write files into DIR (created if missing). DIR must be new, empty, or
                    written by an earlier plan: the plan then replaces exactly its own files and
                    refuses a directory holding files it did not write
  -w, --wide        print lines in full (the default cuts them at ${DEFAULT_COLUMNS} columns) and the
                    secrets as one table
  -h, --help        this text

Printed:
  Planned resources  every resource as a tree under its component: type, name, and the name the
                     cloud or the cluster will know it by
  Secrets            per secret: cloud value, synced Kubernetes Secret and keys, workloads restarted
                     on rotation, rotation period, the identity ESO reads it as
  Access             every trust and grant document: who may assume or act as each identity, and
                     what each identity may read (in full with --wide or in DIR/access/)
  Policies           the pack's policies that ran, their enforcement level, and each verdict

Written with --out DIR:
  <namespace>_<kind>_<name>.yaml  each Kubernetes object, secret values redacted
  access/<resource>.json          each trust and grant document (IAM policies, federated
                                  credentials, role assignments, IAM members)
  summary.json                    resources, secrets, policies and verdicts, as data
  ${OUT_MARKER}        the files this plan wrote (its claim on DIR)

Values only a real cloud knows (account, subscription, tenant, project number, ids the cloud
assigns) are shown as <placeholders>.

Exit status: 0 planned; 1 a mandatory policy violation or a program error; 2 bad usage.`;

export class PlanUsageError extends Error {}

export interface PlanOptions {
    /** Write Kubernetes objects, access documents and summary.json here. */
    readonly outDir?: string;
    /** Print lines in full instead of cutting them at DEFAULT_COLUMNS. */
    readonly wide?: boolean;
}

export interface PlanResult {
    readonly run: ProgramRun;
    readonly verdicts: PolicyVerdict[];
    readonly mandatoryViolations: number;
    readonly policies: PolicyRan[];
    readonly report: string;
}

/** A policy of the pack and the level it ran at. */
export interface PolicyRan {
    readonly name: string;
    readonly enforcementLevel: string;
}

/** Values only a real cloud knows, and the placeholders shown instead. */
class Placeholders {
    private readonly pairs: Array<[string, string]> = [
        [FAKE_AWS_ACCOUNT, "<aws-account-id>"],
        [FAKE_AZURE_SUBSCRIPTION, "<azure-subscription-id>"],
        [FAKE_AZURE_TENANT, "<azure-tenant-id>"],
        [FAKE_GCP_PROJECT_NUMBER, "<gcp-project-number>"],
    ];

    constructor(private readonly awsRegion: string | undefined) {}

    /** An id the mock cloud made up for an output (a GUID, a unique id): shown as `<field of resource>`. */
    add(value: string, shown: string): void {
        if (!this.pairs.some(([v]) => v === value)) {
            this.pairs.push([value, shown]);
        }
    }

    apply(text: string): string {
        // ARNs name the provider's region, which the mock does not know: the stack's `aws:region`, or a placeholder.
        const region = text.replace(new RegExp(`(arn:aws:[\\w-]+:)${FAKE_AWS_REGION}:`, "g"), `$1${this.awsRegion ?? "<aws-region>"}:`);
        return this.pairs.reduce((t, [fake, shown]) => t.split(fake).join(shown), region);
    }
}

const SECRET_ARN_SUFFIX = /^arn:aws[\w-]*:secretsmanager:[^:]*:[^:]*:secret:.+(-[A-Za-z0-9]{6})$/;
const MADE_UP_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32}|[A-Z]{4}[A-Z0-9]{17}|a-[0-9a-f]{17}|auth_[a-z]+_[0-9a-f]{8})$/;

/** Records every id the mock cloud invents (a string output that is no input), to show it as a placeholder. */
function recordMadeUpIds(cloud: MockCloud, placeholders: Placeholders): MockCloud {
    const record = (state: Record<string, unknown>, inputs: Record<string, unknown>, owner: string) => {
        for (const [key, value] of Object.entries(state ?? {})) {
            if (typeof value === "string" && inputs?.[key] !== value && MADE_UP_ID.test(value)) {
                placeholders.add(value, `<${key} of ${owner}>`);
            }
            // The six random characters Secrets Manager appends to a secret's name in its ARN.
            const suffix = typeof value === "string" && inputs?.[key] !== value ? SECRET_ARN_SUFFIX.exec(value)?.[1] : undefined;
            if (suffix !== undefined) {
                placeholders.add(suffix, "-<random>");
            }
        }
    };
    const newResource = cloud.newResource.bind(cloud);
    cloud.newResource = (args) => {
        const answer = newResource(args);
        record(answer.state, args.inputs, args.name);
        return answer;
    };
    const call = cloud.call.bind(cloud);
    cloud.call = (args) => {
        const answer = call(args);
        record(answer, args.inputs, "the deployer");
        // The identity that will run `pulumi up` (named in Secrets Manager resource policies): the mock's is made up.
        const deployer = typeof answer?.issuerArn === "string" ? /:(?:user|role)\/.+$/.exec(answer.issuerArn)?.[0] : undefined;
        if (deployer !== undefined) {
            placeholders.add(deployer, ":<identity running pulumi up>");
        }
        return answer;
    };
    return cloud;
}

/** Reads `Pulumi.<stack>.yaml` into the flat config map the engine hands a program (objects as JSON). */
export function readStackConfig(stack: string, root = ROOT): Record<string, string> {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!/^[\w.-]+$/.test(stack) || !fs.existsSync(file)) {
        const known = fs.readdirSync(root).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => f.slice(7, -5));
        throw new PlanUsageError(`Unknown stack ${JSON.stringify(stack)}: no Pulumi.${stack}.yaml. Known stacks: ${known.join(", ")}.`);
    }
    const config = (YAML.parse(fs.readFileSync(file, "utf8"))?.config ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** A type token as the tree shows it: in full with --wide, else without the SDKs' module paths. */
function shortType(r: CapturedResource, wide: boolean): string {
    if (r.type.startsWith("kubernetes:external-secrets.io/v1:")) {
        return r.type.replace("kubernetes:external-secrets.io/v1:", "eso:");
    }
    if (wide || !r.custom) {
        return r.type;
    }
    const [pkg, mod, type] = r.type.split(":");
    if (type === undefined) {
        return r.type;
    }
    if (pkg === "kubernetes") {
        return `k8s:${type}`;
    }
    return mod === undefined ? r.type : `${pkg}:${type}`;
}

function label(r: CapturedResource, wide: boolean): string {
    const meta = r.inputs.metadata;
    const k8s = meta?.name ? ` → ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name}` : "";
    // The name the cloud will know the resource by, under whichever input each provider calls it.
    const cloudName = [r.inputs.name, r.inputs.secretName, r.inputs.secretId, r.inputs.resourceName, r.inputs.vaultName, r.inputs.accountId]
        .find((n) => typeof n === "string");
    return `${shortType(r, wide)} ${r.name}${k8s}${r.custom && !k8s && cloudName ? ` → ${cloudName}` : ""}`;
}

/** The resources as a tree by component. */
export function renderTree(resources: CapturedResource[], wide = true): string {
    const children = new Map<string | undefined, CapturedResource[]>();
    const urns = new Set(resources.map((r) => r.urn));
    for (const r of resources) {
        const parent = r.parent && urns.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const lines: string[] = [];
    const walk = (parent: string | undefined, indent: string) => {
        const list = (children.get(parent) ?? []).sort((a, b) => a.urn.localeCompare(b.urn));
        list.forEach((r, i) => {
            const last = i === list.length - 1;
            lines.push(`${indent}${last ? "└─ " : "├─ "}${label(r, wide)}`);
            walk(r.urn, indent + (last ? "   " : "│  "));
        });
    };
    walk(undefined, "");
    return lines.join("\n");
}

interface SecretRow {
    readonly component: string;
    readonly cloudLocation: string;
    readonly externalSecret: string;
    readonly kubernetesSecret: string;
    readonly keys: string;
    readonly consumers: string;
    readonly rotation: string;
    readonly identity: string;
}

/** One row per managed secret: cloud location → ExternalSecret → Kubernetes Secret and keys → consumers. */
export function secretRows(resources: CapturedResource[]): SecretRow[] {
    // PlatformSecrets, and typed secrets without one beneath: MLflow's Vault dynamic credentials (a generator, no value).
    const generatorOf = (r: CapturedResource) => resources.find((g) => g.parent === r.urn && g.type.endsWith(":VaultDynamicSecret"));
    const managed = resources.filter((r) => r.rawOutputs && (r.type === "secrets:index:PlatformSecret" || generatorOf(r) !== undefined));
    const access = resources.filter((r) => /^secrets:index:\w+NamespaceAccess$/.test(r.type) && r.rawOutputs);
    return managed.map((r) => {
        const out = unwrapSecrets(r.rawOutputs) as Record<string, any>;
        const generator = generatorOf(r);
        const typed = generator ? r : resources.find((p) => p.urn === r.parent);
        const es = resources.find((e) => e.parent === r.urn && e.type === "kubernetes:external-secrets.io/v1:ExternalSecret");
        const store = es?.inputs.spec?.secretStoreRef;
        const reader = access.find((a) => {
            const o = unwrapSecrets(a.rawOutputs) as Record<string, any>;
            return generator
                ? o.namespace === out.kubernetesNamespace && o.roleName === generator.inputs.spec?.provider?.auth?.kubernetes?.role
                : o.secretStoreName === store?.name && (store?.kind === "ClusterSecretStore" || o.namespace === out.kubernetesNamespace);
        });
        const readerOut = reader ? (unwrapSecrets(reader.rawOutputs) as Record<string, any>) : undefined;
        const identity = readerOut
            ? `${readerOut.roleArn ?? readerOut.clientId ?? readerOut.member ?? readerOut.googleServiceAccountEmail ?? (readerOut.roleName ? `Vault role ${readerOut.roleName}` : "?")} as ${readerOut.namespace}/${readerOut.serviceAccountName}`
            : `existing store ${store?.kind}/${store?.name}`;
        return {
            component: `${typed?.type.replace("secrets:index:", "") ?? "PlatformSecret"} ${typed?.name ?? r.name}`,
            cloudLocation: String(out.cloudLocation),
            externalSecret: `${es?.inputs.metadata?.namespace}/${es?.inputs.metadata?.name}`,
            kubernetesSecret: `${out.kubernetesNamespace}/${out.kubernetesSecretName}${es?.inputs.spec?.target?.creationPolicy === "Merge" ? " (merged)" : ""}`,
            keys: (out.kubernetesSecretKeys as string[]).join(", "),
            consumers: generator ? "by Reloader, when the Secret changes" : (out.restartWorkloads as string[] | undefined)?.join(", ") || "-",
            // The rotation time is set at deployment; under the mock it would be this machine's clock, so it is not shown.
            rotation: generator
                ? `a new Vault login every ${es?.inputs.spec?.refreshInterval}, each dropped after its lease ` +
                    `(${resources.find((x) => x.parent === r.urn && x.type === "vault:database/secretBackendRole:SecretBackendRole")?.inputs.defaultTtl} s)`
                : `every ${out.rotationDays} days, counted from the first deployment`,
            identity,
        };
    });
}

/** --wide: one table, a row per secret. */
function renderTable(rows: SecretRow[]): string {
    const headers: Array<[keyof SecretRow, string]> = [
        ["component", "secret"], ["cloudLocation", "cloud value"], ["kubernetesSecret", "Kubernetes Secret"], ["keys", "keys"],
        ["consumers", "restarted on rotation"], ["rotation", "rotation"], ["identity", "read by"],
    ];
    const widths = headers.map(([k, h]) => Math.max(h.length, ...rows.map((r) => r[k].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" │ ").trimEnd();
    return [line(headers.map(([, h]) => h)), widths.map((w) => "─".repeat(w)).join("─┼─"), ...rows.map((r) => line(headers.map(([k]) => r[k])))].join("\n");
}

/** Default: a short block per secret, one fact per line. */
function renderCards(rows: SecretRow[]): string {
    return rows.map((r) => {
        const es = r.externalSecret === r.kubernetesSecret.replace(" (merged)", "") ? "" : ` (ExternalSecret ${r.externalSecret})`;
        return [
            r.component,
            `  cloud value  ${r.cloudLocation}`,
            `  synced to    ${r.kubernetesSecret}${es}: ${r.keys}`,
            `  restarts     ${r.consumers}`,
            `  rotation     ${r.rotation}`,
            ...r.identity.split(" as ").map((part, i) => (i === 0 ? `  read by      ${part}` : `               as ${part}`)),
        ].join("\n");
    }).join("\n");
}

/** IAM and RBAC resources whose documents say who may act as an identity (trust) or read a secret (grant). */
const ACCESS_TYPES = [
    "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy", "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation", "aws:kms/key:Key", "aws:secretsmanager/secretPolicy:SecretPolicy",
    "azure-native:managedidentity:FederatedIdentityCredential", "azure-native:authorization:RoleAssignment",
    "gcp:serviceaccount/iAMMember:IAMMember", "gcp:secretmanager/secretIamMember:SecretIamMember", "gcp:projects/iAMMember:IAMMember",
    "kubernetes:rbac.authorization.k8s.io/v1:Role", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "vault:kubernetes/authBackendRole:AuthBackendRole", "vault:identity/entityAlias:EntityAlias", "vault:index/policy:Policy",
];

const parsed = (v: unknown): any => {
    if (typeof v !== "string") {
        return v;
    }
    try {
        return JSON.parse(v);
    } catch {
        return v;
    }
};

interface AccessDocument {
    readonly resource: CapturedResource;
    /** The document itself: IAM policy JSON parsed, or the resource's access-relevant inputs. */
    readonly document: Record<string, unknown>;
    /** The identity the document is about (a role, a managed identity, a Google service account). */
    readonly identity: string;
    /** What it says, one fact per line: `trust …` (who may act as the identity) or `read …` (what it may read). */
    readonly lines: string[];
}

const KEY_VAULT_ROLES: Record<string, string> = { "4633458b-17de-408a-b874-0445c86b69e6": "Key Vault Secrets User" };

/** The Vault identity entity of an access set (the sibling of its role, alias and policies). */
function vaultEntityOf(resources: CapturedResource[], r: CapturedResource): string {
    const entity = resources.find((e) => e.type === "vault:identity/entity:Entity" && e.parent === r.parent);
    return `Vault entity ${entity?.inputs.name ?? "?"}`;
}

export function accessDocuments(resources: CapturedResource[]): AccessDocument[] {
    const statements = (doc: any): any[] => (Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : []);
    const list = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));
    return resources.filter((r) => r.custom && ACCESS_TYPES.includes(r.type)).map((r): AccessDocument => {
        const i = r.inputs;
        switch (r.type) {
            case "aws:iam/role:Role": {
                const doc = parsed(i.assumeRolePolicy);
                const lines = statements(doc).flatMap((s) => {
                    const federated = s.Principal?.Federated ? `OIDC ${String(s.Principal.Federated).replace(/^arn:aws:iam::[^:]+:oidc-provider\//, "")}` : undefined;
                    const conditions = Object.values(s.Condition ?? {}).flatMap((c: any) => Object.entries(c).map(([k, v]) => `${k.split(":").pop()} = ${list(v)}`));
                    return [
                        `trust  ${list(s.Action)}`,
                        `       by ${federated ?? s.Principal?.Service ?? JSON.stringify(s.Principal)}`,
                        ...conditions.map((c) => `       if ${c}`),
                    ];
                });
                return { resource: r, identity: `AWS role ${i.name ?? r.name}`, document: { roleName: i.name, assumeRolePolicy: doc }, lines };
            }
            case "aws:iam/rolePolicy:RolePolicy":
            case "aws:iam/policy:Policy": {
                const doc = parsed(i.policy);
                const lines = statements(doc).flatMap((s) => [`${s.Effect === "Deny" ? "deny " : "read "}  ${list(s.Action)}`, `       on ${list(s.Resource)}`]);
                return { resource: r, identity: `AWS role ${i.role ?? i.name ?? r.name}`, document: { role: i.role, name: i.name, policy: doc }, lines };
            }
            case "aws:secretsmanager/secretPolicy:SecretPolicy": {
                // Deny statements that except principals by aws:PrincipalArn: who is NOT denied each action.
                const doc = parsed(i.policy);
                const lines = statements(doc).flatMap((s) => {
                    const except = Object.values(s.Condition ?? {}).flatMap((c: any) => Object.entries(c).filter(([k]) => /PrincipalArn$/i.test(k)).map(([, v]) => list(v)));
                    const actions = s.NotAction !== undefined ? `all but ${list(s.NotAction)}` : list(s.Action);
                    return [`${s.Effect === "Deny" ? "deny " : "allow"}  ${actions}`, ...except.map((e) => `       to all but ${e}`)];
                });
                return { resource: r, identity: `Secrets Manager secret ${String(i.secretArn).split(":secret:").pop()}`, document: { secretArn: i.secretArn, policy: doc }, lines };
            }
            case "azure-native:managedidentity:FederatedIdentityCredential":
                return {
                    resource: r,
                    identity: `Azure identity ${i.resourceName}`,
                    document: { identity: i.resourceName, issuer: i.issuer, subject: i.subject, audiences: i.audiences },
                    lines: [`trust  ${i.subject}`, `       audience ${list(i.audiences)}`, `       issuer ${String(i.issuer).replace(/^https:\/\//, "")}`],
                };
            case "azure-native:authorization:RoleAssignment": {
                const roleId = String(i.roleDefinitionId).split("/").pop() ?? "";
                const scope = /\/vaults\/([^/]+)\/secrets\/([^/]+)$/.exec(String(i.scope));
                return {
                    resource: r,
                    identity: `Azure principal ${i.principalId}`,
                    document: { principalId: i.principalId, principalType: i.principalType, roleDefinitionId: i.roleDefinitionId, scope: i.scope },
                    lines: [`read   ${KEY_VAULT_ROLES[roleId] ?? roleId}`, `       on ${scope ? `secret ${scope[2]} of vault ${scope[1]}` : i.scope}`],
                };
            }
            case "gcp:serviceaccount/iAMMember:IAMMember":
                return {
                    resource: r,
                    identity: `Google service account ${String(i.serviceAccountId).split("/").pop()}`,
                    document: { serviceAccountId: i.serviceAccountId, role: i.role, member: i.member },
                    lines: [`trust  ${i.role}`, `       for ${i.member}`],
                };
            case "gcp:secretmanager/secretIamMember:SecretIamMember":
                return {
                    resource: r,
                    identity: `Google ${String(i.member).replace(/^serviceAccount:/, "service account ")}`,
                    document: { secretId: i.secretId, role: i.role, member: i.member },
                    lines: [`read   ${i.role}`, `       on ${i.secretId}`],
                };
            case "vault:kubernetes/authBackendRole:AuthBackendRole":
                return {
                    resource: r,
                    identity: vaultEntityOf(resources, r),
                    document: {
                        backend: i.backend, roleName: i.roleName, boundServiceAccountNames: i.boundServiceAccountNames,
                        boundServiceAccountNamespaces: i.boundServiceAccountNamespaces, audience: i.audience, aliasNameSource: i.aliasNameSource,
                        tokenPolicies: i.tokenPolicies, tokenTtl: i.tokenTtl, tokenMaxTtl: i.tokenMaxTtl,
                    },
                    lines: [
                        `trust  login to auth/${i.backend}/role/${i.roleName}`,
                        `       by ServiceAccount ${list(i.boundServiceAccountNamespaces)}/${list(i.boundServiceAccountNames)}, audience ${i.audience}`,
                        `       token ${i.tokenTtl}s, policies ${list(i.tokenPolicies) || "none"} (+ the entity's)`,
                    ],
                };
            case "vault:identity/entityAlias:EntityAlias":
                return {
                    resource: r,
                    identity: vaultEntityOf(resources, r),
                    document: { name: i.name, mountAccessor: i.mountAccessor },
                    lines: [`trust  logins named ${i.name} on auth mount ${i.mountAccessor}`],
                };
            case "vault:index/policy:Policy": {
                const paths = parseVaultPolicy(i.policy).paths;
                return {
                    resource: r,
                    identity: vaultEntityOf(resources, r),
                    document: { name: i.name, policy: parsed(i.policy) },
                    lines: paths.flatMap((p) => [`read   ${p.capabilities.join(", ")}`, `       on ${p.path}`]),
                };
            }
            default: {
                const document = Object.fromEntries(Object.entries(i).map(([k, v]) => [k, parsed(v)]));
                return { resource: r, identity: `${shortType(r, true)} ${r.name}`, document, lines: [`       ${JSON.stringify(document)}`] };
            }
        }
    });
}

/** The documents grouped by the identity they are about. */
function renderAccess(docs: AccessDocument[]): string {
    const identities = [...new Set(docs.map((d) => d.identity))];
    return identities.map((id) => [id, ...docs.filter((d) => d.identity === id).flatMap((d) => d.lines.map((l) => `  ${l}`))].join("\n")).join("\n");
}

function renderVerdicts(verdicts: PolicyVerdict[]): string {
    if (verdicts.length === 0) {
        return "no policy violations";
    }
    return verdicts.map((v) => `[${v.enforcementLevel}] ${v.policyName} on ${v.resourceType} ${v.resourceName}\n    ${v.message.split("\n").pop()}`).join("\n");
}

/** The pack's policies as the analyzer reports them (what the engine would list), with their levels. */
export async function policiesThatRun(): Promise<{ pack: string; policies: PolicyRan[] }> {
    const info = await inProcessTransport().getAnalyzerInfo();
    const levels = [EnforcementLevel.Advisory, EnforcementLevel.Mandatory, EnforcementLevel.Disabled, EnforcementLevel.Remediate];
    const policies = info.getPoliciesList().map((p) => ({ name: p.getName(), enforcementLevel: levels[p.getEnforcementlevel()] ?? String(p.getEnforcementlevel()) }));
    return { pack: `${info.getName()} ${info.getVersion()}`.trim(), policies };
}

/** Words joined into lines of at most `width` columns. */
function wrap(words: string[], width: number, indent: string): string {
    const lines: string[] = [];
    let line = indent;
    for (const w of words) {
        if (line.trim() && line.length + w.length + 1 > width) {
            lines.push(line.trimEnd());
            line = indent;
        }
        line += `${w} `;
    }
    lines.push(line.trimEnd());
    return lines.join("\n");
}

/** Kubernetes objects the program would apply, with any secret-wrapped value redacted. */
export function kubernetesManifests(resources: CapturedResource[]): Array<{ file: string; object: Record<string, unknown> }> {
    const redact = (value: unknown): unknown => {
        if (isWireSecret(value)) {
            return "<redacted secret>";
        }
        if (Array.isArray(value)) {
            return value.map(redact);
        }
        if (typeof value === "object" && value !== null) {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
        }
        return value;
    };
    return resources
        .filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.rawInputs.kind)
        .map((r) => {
            const object = redact(r.rawInputs) as Record<string, any>;
            const ns = object.metadata?.namespace ?? "cluster";
            return { file: `${ns}_${String(object.kind).toLowerCase()}_${object.metadata?.name ?? r.name}.yaml`, object };
        });
}

/**
 * Makes `dir` ready for this plan's files: creates it, or, when an earlier plan wrote it (its marker lists what it
 * wrote), removes exactly those files. Refuses a directory holding anything the plan did not write.
 */
export function claimOutDir(dir: string): void {
    if (!fs.existsSync(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        return;
    }
    if (!fs.statSync(dir).isDirectory()) {
        throw new PlanUsageError(`--out ${dir} is a file, not a directory.`);
    }
    const marker = path.join(dir, OUT_MARKER);
    if (!fs.existsSync(marker)) {
        if (fs.readdirSync(dir).length > 0) {
            throw new PlanUsageError(
                `--out ${dir} holds files the plan did not write (no ${OUT_MARKER}). Name a new or empty directory, `
                + "or one an earlier plan wrote: the plan then replaces exactly its own files.");
        }
        return;
    }
    const previous = JSON.parse(fs.readFileSync(marker, "utf8")) as { files?: string[] };
    for (const file of previous.files ?? []) {
        const target = path.resolve(dir, file);
        // Only files inside the directory: a hand-edited marker must not make the plan delete anything else.
        if (target.startsWith(path.resolve(dir) + path.sep)) {
            fs.rmSync(target, { force: true });
        }
    }
    fs.rmSync(marker, { force: true });
    const accessDir = path.join(dir, "access");
    if (fs.existsSync(accessDir) && fs.readdirSync(accessDir).length === 0) {
        fs.rmdirSync(accessDir);
    }
}

/** Runs the plan of one stack; `log` receives progress and the report. */
export async function plan(
    stack: string, options: PlanOptions = {}, log: (line: string) => void = console.log, program: () => unknown = platformSecrets,
): Promise<PlanResult> {
    const { outDir, wide = false } = options;
    const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")).name as string;
    log(`[1/4] reading stack ${stack} (Pulumi.${stack}.yaml)`);
    const config = readStackConfig(stack);
    if (outDir) {
        claimOutDir(outDir);
    }
    log("[2/4] running the program under the mock engine (no cloud, no CLI)");
    const placeholders = new Placeholders(config["aws:region"]);
    const run = await runProgram(program, { project, stack, config, cloud: recordMadeUpIds(new MockCloud(), placeholders) });
    log("[3/4] running the policy pack through the analyzer");
    const verdicts = await analyzeResources(run.resources);
    const { pack, policies } = await policiesThatRun();
    const mandatoryViolations = verdicts.filter((v) => v.enforcementLevel === EnforcementLevel.Mandatory).length;
    const rows = secretRows(run.resources);
    const access = accessDocuments(run.resources);
    const byLevel = (level: string) => policies.filter((p) => p.enforcementLevel === level).map((p) => p.name);
    const levels = [...new Set(policies.map((p) => p.enforcementLevel))];
    const report = placeholders.apply([
        `Planned resources (${run.resources.length}):`,
        renderTree(run.resources, wide),
        "",
        `Secrets (${rows.length}):`,
        wide ? renderTable(rows) : renderCards(rows),
        "",
        `Access (${access.length} trust and grant documents${outDir ? `, each in ${path.join(outDir, "access")}/` : ""}):`,
        renderAccess(access),
        "",
        `Policies that ran: pack ${pack}, ${policies.length} policies`,
        ...levels.map((level) => `  ${level} (${byLevel(level).length}):\n${wrap(byLevel(level), wide ? Infinity : DEFAULT_COLUMNS, "    ")}`),
        "",
        `Policy verdicts (${verdicts.length}, ${mandatoryViolations} mandatory):`,
        renderVerdicts(verdicts),
        "",
        "Values in <angle brackets> are known only to a real cloud (account, subscription, tenant,",
        "project number, ids the cloud assigns). Rotation times are set at deployment: not shown.",
    ].join("\n"));
    log(wide ? report : report.split("\n").map((l) => (l.length > DEFAULT_COLUMNS ? `${l.slice(0, DEFAULT_COLUMNS - 1)}…` : l)).join("\n"));
    if (outDir) {
        log(`[4/4] writing Kubernetes objects, access documents and summary.json to:\n      ${outDir}`);
        const written: string[] = [];
        const write = (file: string, text: string) => {
            fs.mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
            fs.writeFileSync(path.join(outDir, file), placeholders.apply(text));
            written.push(file);
        };
        const manifests = kubernetesManifests(run.resources);
        for (const m of manifests) {
            // YAML 1.1 quoting: strings a 1.1 reader would take for a date, a boolean or a number (RFC 3339 rotation
            // times in annotations, "yes", "on") are quoted, since annotations and labels must be strings.
            write(m.file, YAML.stringify(m.object, { version: "1.1" }));
        }
        for (const a of access) {
            write(`access/${a.resource.name}.json`, JSON.stringify({ type: a.resource.type, name: a.resource.name, ...a.document }, null, 2) + "\n");
        }
        const summary = { stack, resources: run.resources.length, secrets: rows, policyPack: pack, policies, verdicts, files: [...written] };
        write("summary.json", JSON.stringify(summary, null, 2) + "\n");
        fs.writeFileSync(path.join(outDir, OUT_MARKER), JSON.stringify({ writtenBy: "npm run plan", stack, files: written }, null, 2) + "\n");
    } else {
        log("[4/4] no --out DIR given: nothing written");
    }
    return { run, verdicts, mandatoryViolations, policies, report };
}

async function main(argv: string[]): Promise<number> {
    let values: { stack?: string; out?: string; wide?: boolean; help?: boolean };
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", short: "s" },
                out: { type: "string", short: "o" },
                wide: { type: "boolean", short: "w" },
                help: { type: "boolean", short: "h" },
            },
        }));
    } catch (err) {
        console.error(`${(err as Error).message}\n${USAGE}`);
        return 2;
    }
    if (values.help) {
        console.log(HELP);
        return 0;
    }
    if (!values.stack) {
        console.error(`--stack is required.\n${USAGE}`);
        return 2;
    }
    try {
        const result = await plan(values.stack, { outDir: values.out, wide: values.wide });
        if (result.mandatoryViolations > 0) {
            console.error(`plan failed: ${result.mandatoryViolations} mandatory policy violation(s)`);
            return 1;
        }
        return 0;
    } catch (err) {
        console.error(err instanceof PlanUsageError ? `${err.message}\n${USAGE}` : `plan failed: ${(err as Error).message}`);
        return err instanceof PlanUsageError ? 2 : 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code));
}
