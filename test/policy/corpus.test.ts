import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeResources, analyzeWith, EnforcementLevel, inProcessTransport, PolicyVerdict } from "../../scripts/policyAnalyzer";
import { runProgram } from "../harness";
import { CorpusCase } from "./corpus/corpusCase";
import { LoadedClass, loadCorpus } from "./corpus/loadCorpus";
import { CaseOutcome, renderCorpusTables, replaceGeneratedSection } from "./corpusReport";
import { SpawnedPack, spawnPack } from "./spawnedPack";

/**
 * The corpus runner: every case of every class in test/policy/corpus/, analyzed by ONE policy pack process started
 * as the CLI starts it, over gRPC. Each verdict list must equal the case's expectation (and the in-process
 * analysis of the same resources); the per-class table in docs/policy.md is generated from these outcomes.
 *
 *   POLICY_CORPUS_WRITE=1 node --import tsx --test test/policy/corpus.test.ts   # rewrites the doc's table
 */
const DOC = path.resolve(__dirname, "../../docs/policy.md");
/** Literal fake credentials in the corpus all contain this marker; no verdict may quote one back. */
const LITERAL_CREDENTIAL_MARKER = "s3cr3t";

const classes: LoadedClass[] = loadCorpus();
const outcomes = new Map<CorpusCase, CaseOutcome>();
let pack: SpawnedPack;

before(async () => {
    pack = await spawnPack();
}, { timeout: 180_000 });

after(async () => {
    await pack?.stop();
});

const key = (policy: string, resourceType: string) => `${policy} on ${resourceType}`;
const describeVerdicts = (verdicts: readonly PolicyVerdict[]) =>
    verdicts.map((v) => `${key(v.policyName, v.resourceType)} (${v.resourceName}): ${v.message}`).join("\n");

test("the served pack (policy/index.ts) describes the same policies as the in-process one", async () => {
    const describe = async (t: typeof pack.transport) => {
        const info = await t.getAnalyzerInfo();
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel(), p.getPolicyType(), p.getDescription(), p.getConfigschema()?.toObject()]),
        };
    };
    assert.deepEqual(await describe(pack.transport), await describe(inProcessTransport()));
});

for (const corpusClass of classes) {
    for (const c of corpusClass.cases) {
        test(`${corpusClass.title}: ${c.title}`, async () => {
            const run = await runProgram(c.program, c.run);
            const verdicts = await analyzeWith(pack.transport, run.resources, { config: c.config });
            const got = verdicts.map((v) => key(v.policyName, v.resourceType)).sort();
            const wanted = c.expect.map((e) => key(e.policy, e.resourceType)).sort();
            const exact = JSON.stringify(got) === JSON.stringify(wanted);
            outcomes.set(c, { exact, verdicts: verdicts.length });

            // The gRPC path and the in-process one (what `npm run plan` and the other tests use) agree.
            assert.deepEqual(verdicts, await analyzeResources(run.resources, { config: c.config }));
            if (c.knownGap !== undefined) {
                assert.ok(!exact, `known gap "${c.knownGap}" is fixed: remove knownGap from the case`);
                return;
            }
            assert.deepEqual(got, wanted, describeVerdicts(verdicts));
            for (const v of verdicts) {
                assert.equal(v.enforcementLevel, EnforcementLevel.Mandatory, describeVerdicts(verdicts));
                assert.ok(!v.message.includes(LITERAL_CREDENTIAL_MARKER), `a verdict quotes a credential: ${v.message}`);
                for (const secret of run.cloud.generatedSecrets) {
                    assert.ok(!v.message.includes(secret), `a verdict quotes a generated secret: ${v.message}`);
                }
                // Every message says what is wrong with this resource, after the policy's description, naming it.
                const [, ...finding] = v.message.split("\n");
                assert.ok(finding.join("\n").includes(`"${v.resourceName}"`), `the finding must name resource "${v.resourceName}": ${v.message}`);
            }
        });
    }
}

test("the corpus has a bad program for every policy in the pack", async () => {
    const info = await inProcessTransport().getAnalyzerInfo();
    const flagged = new Set(classes.flatMap((k) => k.cases).flatMap((c) => c.expect.map((e) => e.policy)));
    for (const policy of info.getPoliciesList()) {
        assert.ok(flagged.has(policy.getName()), `no bad program for ${policy.getName()}`);
    }
});

test("the corpus has at least 150 cases in at least 10 classes: 100 that must be denied, 50 look-alikes", () => {
    const all = classes.flatMap((k) => k.cases);
    assert.ok(classes.length >= 10, `${classes.length} classes`);
    assert.ok(all.length >= 150, `${all.length} cases`);
    assert.ok(all.filter((c) => c.expect.length > 0).length >= 100, "must-deny cases");
    assert.ok(all.filter((c) => c.expect.length === 0).length >= 50, "look-alikes");
    // Look-alikes written the way the platform's real charts render them, each citing the template read upstream.
    const charts = ["kube-prometheus-stack", "argo-helm", "mlflow", "minio", "external-secrets"];
    for (const chart of charts) {
        assert.ok(all.some((c) => c.expect.length === 0 && c.source?.includes(chart)), `a look-alike rendered like ${chart}`);
    }
});

test("docs/policy.md shows the corpus table of this run", () => {
    assert.equal(outcomes.size, classes.reduce((n, k) => n + k.cases.length, 0), "every case ran (run the whole file)");
    const doc = fs.readFileSync(DOC, "utf8");
    const updated = replaceGeneratedSection(doc, renderCorpusTables(classes, outcomes));
    if (process.env.POLICY_CORPUS_WRITE === "1") {
        fs.writeFileSync(DOC, updated);
        return;
    }
    assert.equal(doc, updated,
        "docs/policy.md's corpus table is stale: run POLICY_CORPUS_WRITE=1 node --import tsx --test test/policy/corpus.test.ts");
});
