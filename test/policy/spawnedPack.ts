import { ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";
import type { AnalyzerTransport } from "../../scripts/policyAnalyzer";

/**
 * The path `pulumi preview --policy-pack policy` takes: the Node.js language host runs `run-policy-pack` in the pack's
 * directory, which compiles `policy/index.ts` with the SDK's TypeScript loader; `new PolicyPack` serves on a port it
 * prints; the engine calls the analyzer service over gRPC.
 */
export const POLICY_DIR = path.resolve(__dirname, "../../policy");
const RUN_POLICY_PACK = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
// The gRPC and protobuf runtimes the generated client was built against (dependencies of @pulumi/pulumi).
const protoRequire = createRequire(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"));
const grpc: typeof grpcTypes = protoRequire("@grpc/grpc-js");
const emptypb: typeof emptyTypes = protoRequire("google-protobuf/google/protobuf/empty_pb");

/** A policy pack process serving the analyzer over gRPC, and a transport that talks to it. */
export interface SpawnedPack {
    readonly transport: AnalyzerTransport;
    stop(): Promise<void>;
}

/** Starts the pack as the CLI does and connects to it; one process serves every request of a test file. */
export async function spawnPack(): Promise<SpawnedPack> {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const pack: ChildProcess = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:0", "."], { cwd: POLICY_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    pack.stderr!.on("data", (chunk) => (stderr += chunk));
    const port = await new Promise<number>((resolve, reject) => {
        pack.stdout!.once("data", (chunk) => resolve(Number(String(chunk).trim())));
        pack.once("exit", (code) => reject(new Error(`run-policy-pack exited with ${code} before serving:\n${stderr}`)));
    });
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const unary = <Req, Res>(method: (request: Req, callback: (error: grpcTypes.ServiceError | null, response: Res) => void) => unknown) =>
        (request: Req) => new Promise<Res>((resolve, reject) =>
            method.call(client, request, (error, response) => (error ? reject(error) : resolve(response))));
    return {
        transport: {
            getAnalyzerInfo: () => unary<emptyTypes.Empty, analyzerpb.AnalyzerInfo>(client.getAnalyzerInfo)(new emptypb.Empty()),
            configure: async (request) => {
                await unary(client.configure)(request);
            },
            analyze: unary(client.analyze),
            analyzeStack: unary(client.analyzeStack),
            remediate: unary(client.remediate),
        },
        stop: async () => {
            client.close();
            if (pack.exitCode === null) {
                const exited = new Promise((resolve) => pack.once("exit", resolve));
                pack.kill();
                await exited;
            }
        },
    };
}
