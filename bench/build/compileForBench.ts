import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

/** The compiled package and bench, in a temporary directory. */
export interface BenchBuild {
    readonly dir: string;
    /** tsc's diagnostics when the tree did not typecheck (the JavaScript is emitted anyway). */
    readonly typeErrors: string;
    /** The compiled file of a bench source, e.g. `bench/evaluation/evaluationChild.ts`. */
    script(source: string): string;
    remove(): void;
}

/**
 * Compiles the package (as `npm run build` does) together with the bench children into a temporary directory, so the
 * children run as plain JavaScript, like an installed package (under tsx the same evaluation takes about twice as long).
 * The files the build copies beside the JavaScript come along, and `node_modules` is linked from the repository.
 */
export function compileForBench(): BenchBuild {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlops-secrets-bench-"));
    const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "bench", "build", "tsconfig.json"), "--outDir", dir], {
        cwd: ROOT,
        encoding: "utf8",
    });
    if (tsc.error) {
        throw tsc.error;
    }
    const kubernetesScripts = path.join("components", "rotation", "kubernetes");
    for (const file of fs.readdirSync(path.join(ROOT, kubernetesScripts)).filter((f) => f.endsWith(".sh"))) {
        fs.copyFileSync(path.join(ROOT, kubernetesScripts, file), path.join(dir, kubernetesScripts, file));
    }
    // The analyzer reports the pack's version from it.
    fs.copyFileSync(path.join(ROOT, "policy", "package.json"), path.join(dir, "policy", "package.json"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    return {
        dir,
        typeErrors: tsc.status === 0 ? "" : tsc.stdout.trim(),
        script(source: string): string {
            const compiled = path.join(dir, source.replace(/\.ts$/, ".js"));
            if (!fs.existsSync(compiled)) {
                throw new Error(`tsc emitted no ${compiled}:\n${tsc.stdout}${tsc.stderr}`);
            }
            return compiled;
        },
        remove: () => fs.rmSync(dir, { recursive: true, force: true }),
    };
}
