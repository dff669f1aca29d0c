import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";

export interface PromtoolResult {
    readonly status: number | null;
    readonly output: string;
}

/**
 * Why promtool tests cannot run here, or undefined when they can. promtool comes with Debian's `prometheus` package;
 * CI must have it, so a missing promtool fails there instead of skipping.
 */
export function promtoolMissing(): string | undefined {
    const probe = spawnSync("promtool", ["--version"], { encoding: "utf8" });
    if (probe.status === 0) {
        return undefined;
    }
    if (process.env.CI) {
        throw new Error("promtool is not installed; CI needs `apt-get install -y --no-install-recommends prometheus`");
    }
    return "promtool not installed (apt-get install -y --no-install-recommends prometheus)";
}

/** Writes the files (objects become YAML) into a fresh temp folder, runs promtool there and removes the folder. */
export function promtool(args: string[], files: Record<string, unknown>): PromtoolResult {
    const dir = mkdtempSync(join(tmpdir(), "mlops-alerts-"));
    for (const [name, content] of Object.entries(files)) {
        writeFileSync(join(dir, name), stringify(content));
    }
    try {
        const result = spawnSync("promtool", args, { cwd: dir, encoding: "utf8" });
        return { status: result.status, output: `${result.stdout}${result.stderr}` };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
