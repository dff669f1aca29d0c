import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import { analyzeResources, analyzeWith, AnalyzerTransport, inProcessTransport } from "../../scripts/policyAnalyzer";
import { runProgram } from "../harness";
import * as corpus from "./corpus";
import { CorpusCase } from "./corpus";

/**
 * The path `pulumi preview --policy-pack policy` takes: the Node.js language host runs `run-policy-pack` in the pack's
 * directory, which compiles `policy/index.ts` with the SDK's TypeScript loader; `new PolicyPack` serves on a port it
 * prints; the engine calls the analyzer service over gRPC.
 */
const POLICY_DIR = path.resolve(__dirname, "../../policy");
const RUN_POLICY_PACK = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
// The gRPC and protobuf runtimes the generated client was built against (dependencies of @pulumi/pulumi).
const protoRequire = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"));
const grpc: typeof grpcTypes = protoRequire("@grpc/grpc-js");
const emptypb: typeof emptyTypes = protoRequire("google-protobuf/google/protobuf/empty_pb");

let pack: ChildProcess;
let client: AnalyzerClient;
let transport: AnalyzerTransport;

function startPack(): Promise<number> {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    pack = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:0", "."], { cwd: POLICY_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    pack.stderr!.on("data", (chunk) => (stderr += chunk));
    return new Promise((resolve, reject) => {
        pack.stdout!.once("data", (chunk) => resolve(Number(String(chunk).trim())));
        pack.once("exit", (code) => reject(new Error(`run-policy-pack exited with ${code} before serving:\n${stderr}`)));
    });
}

function unary<Req, Res>(method: (request: Req, callback: (error: grpcTypes.ServiceError | null, response: Res) => void) => unknown) {
    return (request: Req) => new Promise<Res>((resolve, reject) =>
        method.call(client, request, (error, response) => (error ? reject(error) : resolve(response))));
}

before(async () => {
    const port = await startPack();
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    transport = {
        getAnalyzerInfo: () => unary<emptyTypes.Empty, analyzerpb.AnalyzerInfo>(client.getAnalyzerInfo)(new emptypb.Empty()),
        configure: async (request) => {
            await unary(client.configure)(request);
        },
        analyze: unary(client.analyze),
        analyzeStack: unary(client.analyzeStack),
        remediate: unary(client.remediate),
    };
}, { timeout: 180_000 });

after(async () => {
    client?.close();
    if (pack && pack.exitCode === null) {
        const exited = new Promise((resolve) => pack.once("exit", resolve));
        pack.kill();
        await exited;
    }
});

test("the served pack (policy/index.ts) describes the same policies as the in-process one", async () => {
    const describe = async (t: AnalyzerTransport) => {
        const info = await t.getAnalyzerInfo();
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel(), p.getPolicyType(), p.getDescription(), p.getConfigschema()?.toObject()]),
        };
    };
    assert.deepEqual(await describe(transport), await describe(inProcessTransport()));
});

const cases = Object.values(corpus).filter(Array.isArray).flat() as CorpusCase[];
for (const c of cases) {
    test(`over gRPC, same verdicts as in-process: ${c.title}`, async () => {
        const run = await runProgram(c.program, c.run);
        const overGrpc = await analyzeWith(transport, run.resources, { config: c.config });
        assert.deepEqual(overGrpc, await analyzeResources(run.resources, { config: c.config }));
        assert.equal(overGrpc.length, c.expect.length);
    });
}
