// Child process: a cold start of the AWS platform program; nothing of the package or the SDKs is loaded before it starts.
//   node coldStartChild.js <package|sdk-roots>
import { childMain } from "../child/childMain";
import { ColdStartVariant, parseVariant } from "./coldStartVariant";
import { loadedModules } from "./loadedModules";

childMain(async ([variantName]) => {
    const variant = parseVariant(variantName);
    // performance.now() counts from the process's start: this is Node's own start-up.
    const startedMs = performance.now();
    if (variant === ColdStartVariant.SdkRoots) {
        require("@pulumi/aws");
        require("@pulumi/azure-native");
        require("@pulumi/gcp");
    }
    const { awsPlatformProgram } = require("./awsPlatformProgram") as typeof import("./awsPlatformProgram");
    const importedMs = performance.now();
    const { BenchCloud } = require("../mock/benchCloud") as typeof import("../mock/benchCloud");
    const { evaluateProgram } = require("../mock/evaluateProgram") as typeof import("../mock/evaluateProgram");
    const sample = await evaluateProgram(awsPlatformProgram, new BenchCloud());
    return {
        nodeStartMs: startedMs,
        importMs: importedMs - startedMs,
        programMs: sample.wallMs,
        readyMs: performance.now(),
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        registered: sample.counts.custom + sample.counts.components,
        loaded: loadedModules(),
    };
});
