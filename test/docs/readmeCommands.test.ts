import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { codeBlocks, ROOT } from "./markdown";

// Every command the README shows in a shell block is either run here, run by a named test or by CI, or needs what this
// machine cannot have (a Pulumi CLI, a cloud, a cluster). A command that matches none of these fails the test, so a new
// README command gets a check, and a changed command that stops working fails.

interface Check {
    readonly pattern: RegExp;
    /** How the command is verified; returns a one-line account. */
    readonly verify: (command: string, match: RegExpExecArray) => string;
}

function sh(command: string, cwd: string): { status: number | null; output: string } {
    const r = spawnSync("bash", ["-c", command], { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

const ciScript = fs.readFileSync(path.join(ROOT, ".ci/run"), "utf8");
const consumerTest = fs.readFileSync(path.join(__dirname, "consumerBuilds.test.ts"), "utf8");

const CHECKS: Check[] = [
    {
        pattern: /^npm ci$/,
        verify: () => {
            assert.match(ciScript, /^npm ci\b/m, ".ci/run must install with `npm ci` on its clean clone");
            return "run by .ci/run on a clean clone before these tests";
        },
    },
    {
        pattern: /^bash \.ci\/run$/,
        verify: () => {
            assert.match(ciScript, /^npm test$/m, ".ci/run must end by running `npm test`");
            return "the CI entry point that runs these tests";
        },
    },
    {
        pattern: /^npm run plan -- (.+)$/,
        verify: (command, m) => {
            const out = /--out (\S+)/.exec(m[1])?.[1];
            if (out) {
                fs.rmSync(path.join(ROOT, out), { recursive: true, force: true });
            }
            const r = sh(command.replace("npm run plan", "npm run -s plan"), ROOT);
            assert.equal(r.status, 0, `${command}\n${r.output}`);
            assert.match(r.output, /Planned resources \(\d+\)/, command);
            assert.match(r.output, /Policy verdicts \(\d+, 0 mandatory\)/, command);
            if (out) {
                assert.ok(fs.existsSync(path.join(ROOT, out, "summary.json")), `${command} wrote no summary.json`);
                fs.rmSync(path.join(ROOT, out), { recursive: true, force: true });
            }
            return "run here: exit 0, a plan and no mandatory violation";
        },
    },
    {
        pattern: /^npm pack$/,
        verify: () => {
            assert.match(consumerTest, /"npm", \["pack"/);
            return "run by test/docs/consumerBuilds.test.ts, which installs the tarball";
        },
    },
    {
        pattern: /^npm install \S+\.tgz @pulumi\/(aws|azure-native|gcp)\b.*$/,
        verify: () => {
            assert.match(consumerTest, /"npm", \["install"/);
            return "run by test/docs/consumerBuilds.test.ts for each cloud, into a fresh project";
        },
    },
    {
        pattern: /^cd policy && npm install && cd \.\.$/,
        verify: () => {
            // In a copy of the pack's folder, so this repository's own node_modules stay untouched.
            const copy = fs.mkdtempSync(path.join(os.tmpdir(), "policy-install-"));
            try {
                fs.cpSync(path.join(ROOT, "policy"), path.join(copy, "policy"), { recursive: true, filter: (src) => !src.includes("node_modules") });
                const r = sh("cd policy && npm install --prefer-offline --no-audit --no-fund && cd .. && node -e 'require.resolve(\"@pulumi/policy\", {paths: [\"policy\"]})'", copy);
                assert.equal(r.status, 0, r.output);
            } finally {
                fs.rmSync(copy, { recursive: true, force: true });
            }
            return "run here in a copy of policy/: the pack's dependencies install";
        },
    },
    {
        pattern: /^pulumi\b.*$/,
        verify: () => "needs the Pulumi CLI and a cloud: not run here",
    },
];

test("every command in the README's shell blocks is run or accounted for, and the runnable ones work", { timeout: 10 * 60_000 }, () => {
    const lines = codeBlocks("README.md")
        .filter((b) => b.lang === "bash" || b.lang === "sh" || b.lang === "shell")
        .flatMap((b) => b.code.split("\n").map((l, i) => ({ where: `README.md:${b.line + i}`, command: l.replace(/\s+#.*$/, "").trim() })))
        .filter((l) => l.command && !l.command.startsWith("#"));
    assert.ok(lines.length >= 5, "the README shows its commands in bash blocks");
    const done = new Map<string, string>();
    const report: string[] = [];
    for (const { where, command } of lines) {
        // A line is one checked command, or commands joined with && that are checked one by one.
        const parts = CHECKS.some((c) => c.pattern.test(command)) ? [command] : command.split(/\s*&&\s*/);
        for (const part of parts) {
            const check = CHECKS.find((c) => c.pattern.test(part));
            assert.ok(check, `${where}: no test runs or accounts for \`${part}\`; add one to test/docs/readmeCommands.test.ts`);
            if (!done.has(part)) {
                done.set(part, check!.verify(part, check!.pattern.exec(part)!));
            }
            report.push(`${where}  ${part}  → ${done.get(part)}`);
        }
    }
    console.log(report.join("\n"));
});
