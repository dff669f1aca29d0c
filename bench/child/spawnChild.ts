import { spawn } from "node:child_process";

export interface ChildRun<T> {
    readonly result: T;
    /** From spawning the process to its exit, as the parent saw it. */
    readonly wallMs: number;
}

/**
 * Runs a compiled bench child in a fresh Node process (so module caches and heap start empty) and parses the JSON it
 * prints. `nodeArgs` go to Node itself (e.g. `--expose-gc`).
 */
export function spawnChild<T>(script: string, args: readonly string[], nodeArgs: readonly string[] = []): Promise<ChildRun<T>> {
    return new Promise((resolve, reject) => {
        const start = performance.now();
        const child = spawn(process.execPath, [...nodeArgs, script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => {
            const wallMs = performance.now() - start;
            if (code !== 0) {
                reject(new Error(`${script} ${args.join(" ")} exited with ${code}:\n${stderr}`));
                return;
            }
            try {
                resolve({ result: JSON.parse(stdout) as T, wallMs });
            } catch {
                reject(new Error(`${script} ${args.join(" ")} printed no JSON result:\n${stdout}\n${stderr}`));
            }
        });
    });
}
