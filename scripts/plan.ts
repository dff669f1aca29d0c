/**
 * Offline plan of a stack: runs the platform program with the stack's config under the mock engine (no cloud, no
 * Pulumi CLI, no credentials), prints the resources as a tree and the secrets as a table, runs the policy pack over
 * them through the policy SDK's analyzer path, and optionally writes every Kubernetes object as YAML.
 *
 *   npm run plan -- --stack dev-aws [--out DIR]
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as YAML from "yaml";
import { platformSecrets } from "../programs/platform";
import { CapturedResource, isWireSecret, MockCloud, ProgramRun, runProgram, unwrapSecrets } from "../test/harness";
import { FAKE_AWS_ACCOUNT, FAKE_AZURE_SUBSCRIPTION, FAKE_AZURE_TENANT, FAKE_GCP_PROJECT_NUMBER } from "../test/harness/fakeIds";
import { analyzeResources, EnforcementLevel, PolicyVerdict } from "./policyAnalyzer";

const ROOT = path.resolve(__dirname, "..");
const USAGE = "usage: npm run plan -- --stack <dev-aws|dev-azure|dev-gcp|...> [--out DIR]";

/** Values only a real cloud knows, shown as placeholders. */
const PLACEHOLDERS: Array<[string, string]> = [
    [FAKE_AWS_ACCOUNT, "<aws-account-id>"],
    [FAKE_AZURE_SUBSCRIPTION, "<azure-subscription-id>"],
    [FAKE_AZURE_TENANT, "<azure-tenant-id>"],
    [FAKE_GCP_PROJECT_NUMBER, "<gcp-project-number>"],
];

export class PlanUsageError extends Error {}

export interface PlanResult {
    readonly run: ProgramRun;
    readonly verdicts: PolicyVerdict[];
    readonly mandatoryViolations: number;
    readonly report: string;
}

function placeholders(text: string): string {
    return PLACEHOLDERS.reduce((t, [fake, shown]) => t.split(fake).join(shown), text);
}

/** Reads `Pulumi.<stack>.yaml` into the flat config map the engine hands a program (objects as JSON). */
export function readStackConfig(stack: string, root = ROOT): Record<string, string> {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!/^[\w.-]+$/.test(stack) || !fs.existsSync(file)) {
        const known = fs.readdirSync(root).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => f.slice(7, -5));
        throw new PlanUsageError(`Unknown stack ${JSON.stringify(stack)}: no Pulumi.${stack}.yaml. Known stacks: ${known.join(", ")}.\n${USAGE}`);
    }
    const config = (YAML.parse(fs.readFileSync(file, "utf8"))?.config ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

function shortType(r: CapturedResource): string {
    return r.type.replace(/^kubernetes:external-secrets.io\/v1:/, "eso:");
}

function label(r: CapturedResource): string {
    const meta = r.inputs.metadata;
    const k8s = meta?.name ? ` → ${meta.namespace ? `${meta.namespace}/` : ""}${meta.name}` : "";
    // The name the cloud will know the resource by, under whichever input each provider calls it.
    const cloudName = [r.inputs.name, r.inputs.secretName, r.inputs.secretId, r.inputs.resourceName, r.inputs.vaultName, r.inputs.accountId]
        .find((n) => typeof n === "string");
    return `${shortType(r)} ${r.name}${k8s}${r.custom && !k8s && cloudName ? ` → ${cloudName}` : ""}`;
}

/** The resources as a tree by component. */
export function renderTree(resources: CapturedResource[]): string {
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
            lines.push(`${indent}${last ? "└─ " : "├─ "}${label(r)}`);
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
    const managed = resources.filter((r) => r.type === "mlops:secrets:PlatformSecret" && r.rawOutputs);
    const access = resources.filter((r) => r.type.startsWith("mlops:access:") && r.rawOutputs);
    return managed.map((r) => {
        const out = unwrapSecrets(r.rawOutputs) as Record<string, any>;
        const typed = resources.find((p) => p.urn === r.parent);
        const es = resources.find((e) => e.parent === r.urn && e.type === "kubernetes:external-secrets.io/v1:ExternalSecret");
        const store = es?.inputs.spec?.secretStoreRef;
        const reader = access.find((a) => {
            const o = unwrapSecrets(a.rawOutputs) as Record<string, any>;
            return o.secretStoreName === store?.name && (store?.kind === "ClusterSecretStore" || o.namespace === out.kubernetesNamespace);
        });
        const readerOut = reader ? (unwrapSecrets(reader.rawOutputs) as Record<string, any>) : undefined;
        const identity = readerOut
            ? `${reader!.type.replace("mlops:access:", "")}: ${readerOut.roleArn ?? readerOut.clientId ?? readerOut.member ?? readerOut.googleServiceAccountEmail ?? "?"} as ${readerOut.namespace}/${readerOut.serviceAccountName}`
            : `existing store ${store?.kind}/${store?.name}`;
        return {
            component: `${typed?.type.replace("mlops:secrets:", "") ?? "PlatformSecret"} ${typed?.name ?? r.name}`,
            cloudLocation: String(out.cloudLocation),
            externalSecret: `${es?.inputs.metadata?.namespace}/${es?.inputs.metadata?.name}`,
            kubernetesSecret: `${out.kubernetesNamespace}/${out.kubernetesSecretName}${es?.inputs.spec?.target?.creationPolicy === "Merge" ? " (merged)" : ""}`,
            keys: (out.kubernetesSecretKeys as string[]).join(", "),
            consumers: (out.restartWorkloads as string[] | undefined)?.join(", ") || "-",
            rotation: `every ${out.rotationDays} d, last ${out.rotatedAt}`,
            identity,
        };
    });
}

function renderTable(rows: SecretRow[]): string {
    const headers: Array<[keyof SecretRow, string]> = [
        ["component", "secret"], ["cloudLocation", "cloud location"], ["externalSecret", "ExternalSecret"],
        ["kubernetesSecret", "Kubernetes Secret"], ["keys", "keys"], ["consumers", "restarted on rotation"], ["rotation", "rotation"], ["identity", "read by"],
    ];
    const widths = headers.map(([k, h]) => Math.max(h.length, ...rows.map((r) => r[k].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(" │ ").trimEnd();
    return [line(headers.map(([, h]) => h)), widths.map((w) => "─".repeat(w)).join("─┼─"), ...rows.map((r) => line(headers.map(([k]) => r[k])))].join("\n");
}

function renderVerdicts(verdicts: PolicyVerdict[]): string {
    if (verdicts.length === 0) {
        return "no policy violations";
    }
    return verdicts.map((v) => `[${v.enforcementLevel}] ${v.policyName} on ${v.resourceType} ${v.resourceName}\n    ${v.message.split("\n").pop()}`).join("\n");
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

/** Runs the plan of one stack; `log` receives progress and the report. */
export async function plan(
    stack: string, outDir: string | undefined, log: (line: string) => void = console.log, program: () => unknown = platformSecrets,
): Promise<PlanResult> {
    const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")).name as string;
    log(`[1/4] reading stack ${stack} (Pulumi.${stack}.yaml)`);
    const config = readStackConfig(stack);
    log("[2/4] running the program under the mock engine (no cloud, no CLI)");
    const run = await runProgram(program, { project, stack, config, cloud: new MockCloud() });
    log("[3/4] running the policy pack through the analyzer");
    const verdicts = await analyzeResources(run.resources);
    const mandatoryViolations = verdicts.filter((v) => v.enforcementLevel === EnforcementLevel.Mandatory).length;
    const report = placeholders([
        `Planned resources (${run.resources.length}):`,
        renderTree(run.resources),
        "",
        "Secrets:",
        renderTable(secretRows(run.resources)),
        "",
        `Policy verdicts (${verdicts.length}, ${mandatoryViolations} mandatory):`,
        renderVerdicts(verdicts),
        "",
        "Values in <angle brackets> (account, subscription, tenant, project number) and the ids derived from them are known",
        "only to a real cloud; timestamps are this machine's clock.",
    ].join("\n"));
    log(report);
    if (outDir) {
        log(`[4/4] writing Kubernetes objects and summary.json to ${outDir}`);
        fs.mkdirSync(outDir, { recursive: true });
        const manifests = kubernetesManifests(run.resources);
        for (const m of manifests) {
            fs.writeFileSync(path.join(outDir, m.file), placeholders(YAML.stringify(m.object)));
        }
        const summary = { stack, resources: run.resources.length, secrets: secretRows(run.resources), verdicts, manifests: manifests.map((m) => m.file) };
        fs.writeFileSync(path.join(outDir, "summary.json"), placeholders(JSON.stringify(summary, null, 2)) + "\n");
    } else {
        log("[4/4] no --out DIR given: nothing written");
    }
    return { run, verdicts, mandatoryViolations, report };
}

async function main(argv: string[]): Promise<number> {
    let values: { stack?: string; out?: string; help?: boolean };
    try {
        ({ values } = parseArgs({ args: argv, options: { stack: { type: "string" }, out: { type: "string" }, help: { type: "boolean" } } }));
    } catch (err) {
        console.error(`${(err as Error).message}\n${USAGE}`);
        return 2;
    }
    if (values.help) {
        console.log(USAGE);
        return 0;
    }
    if (!values.stack) {
        console.error(`--stack is required.\n${USAGE}`);
        return 2;
    }
    try {
        const result = await plan(values.stack, values.out);
        if (result.mandatoryViolations > 0) {
            console.error(`plan failed: ${result.mandatoryViolations} mandatory policy violation(s)`);
            return 1;
        }
        return 0;
    } catch (err) {
        console.error(err instanceof PlanUsageError ? err.message : `plan failed: ${(err as Error).message}`);
        return err instanceof PlanUsageError ? 2 : 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => process.exit(code));
}
