import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CodeBlock, codeBlocks, documentationFiles, isTypeScript, looksLikeUntaggedTypeScript, ROOT } from "./markdown";

// The package as a user gets it: `npm pack`, installed with ONE cloud SDK into a fresh project outside this repository
// (so nothing resolves from the repo's node_modules), compiled with `strict` and without `skipLibCheck`. Every TypeScript
// block of the README and docs/ is compiled in the project of the cloud it imports (all four when it imports none;
// Vault/OpenBao counts as a cloud here: its project has only @pulumi/vault).

const CLOUDS = {
    aws: { sdk: "@pulumi/aws", entry: "@mlops-platform/secrets/aws" },
    azure: { sdk: "@pulumi/azure-native", entry: "@mlops-platform/secrets/azure" },
    gcp: { sdk: "@pulumi/gcp", entry: "@mlops-platform/secrets/gcp" },
    vault: { sdk: "@pulumi/vault", entry: "@mlops-platform/secrets/vault" },
} as const;
type Cloud = keyof typeof CLOUDS;
/** Entry points that load an optional peer dependency, and that peer. */
const OPTIONAL_PEERS: Record<string, string> = { "@mlops-platform/secrets/pulumi-cloud": "@pulumi/pulumiservice" };
const CLOUD_NAMES = Object.keys(CLOUDS) as Cloud[];

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const work = fs.mkdtempSync(path.join(os.tmpdir(), "secrets-consumers-"));
let tarball = "";

function run(cmd: string, args: string[], cwd: string): Promise<{ status: number | null; output: string }> {
    return new Promise((resolve) => {
        const child = spawn(cmd, args, { cwd, env: { ...process.env, npm_config_update_notifier: "false" } });
        let output = "";
        child.stdout.on("data", (d) => (output += d));
        child.stderr.on("data", (d) => (output += d));
        child.on("close", (status) => resolve({ status, output }));
    });
}

/** Which single-cloud projects a block compiles in: the cloud it imports, or all of them. */
function cloudsOf(block: CodeBlock): Cloud[] {
    const used = CLOUD_NAMES.filter((c) => {
        const { sdk, entry } = CLOUDS[c];
        return [sdk, entry].some((m) => new RegExp(`from "${m}(/[^"]*)?"`).test(block.code));
    });
    assert.ok(used.length <= 1, `${block.file}:${block.line} imports ${used.join(" and ")}: a documented program uses one cloud`);
    return used.length ? used : CLOUD_NAMES;
}

const blocks = documentationFiles().flatMap(codeBlocks);
const typescript = blocks.filter(isTypeScript);
const compiled = typescript.filter((b) => b.notCompiledReason === undefined);

before(async () => {
    const packed = await run("npm", ["pack", "--json", "--pack-destination", work], ROOT);
    assert.equal(packed.status, 0, packed.output);
    const [info] = JSON.parse(packed.output.slice(packed.output.indexOf("[")));
    tarball = path.join(work, info.filename);
    fs.writeFileSync(path.join(work, "files.json"), JSON.stringify(info.files.map((f: { path: string }) => f.path)));
});

test("npm pack: the tarball holds the built entry points, their typings and runtime scripts, and nothing of the repo's tests or tools", () => {
    const files: string[] = JSON.parse(fs.readFileSync(path.join(work, "files.json"), "utf8"));
    for (const [entry, target] of Object.entries(pkg.exports as Record<string, string | { types: string; default: string }>)) {
        const targets = typeof target === "string" ? [target] : [target.types, target.default];
        for (const t of targets) {
            assert.ok(files.includes(t.replace(/^\.\//, "")), `export ${entry} → ${t} is not in the tarball`);
        }
    }
    for (const script of fs.readdirSync(path.join(ROOT, "components/rotation/kubernetes")).filter((f) => f.endsWith(".sh"))) {
        assert.ok(files.includes(`dist/components/rotation/kubernetes/${script}`), `rotation script ${script} is not in the tarball`);
    }
    for (const f of ["package.json", "README.md", "LICENSE", "PulumiPlugin.yaml", "index.ts"]) {
        assert.ok(files.includes(f), `${f} missing`);
    }
    const stray = files.filter((f) => /^(test|bench|scripts|programs|policy|node_modules|plan-out)\/|^Pulumi\..*\.yaml$|\.test\./.test(f));
    assert.deepEqual(stray, [], "the tarball ships files only the repository needs");
});

for (const cloud of CLOUD_NAMES) {
    test(`${cloud}-only project: the packed package installs with only ${CLOUDS[cloud].sdk}, loads, and every documentation block for it compiles (strict, no skipLibCheck)`, { timeout: 15 * 60_000 }, async () => {
        const dir = path.join(work, cloud);
        fs.mkdirSync(path.join(dir, "blocks"), { recursive: true });
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: `consumer-${cloud}`, private: true }, null, 2));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({
            compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", strict: true, noEmit: true, types: ["node"] },
            include: ["blocks/*.ts"],
        }, null, 2));
        const dev = pkg.devDependencies as Record<string, string>;
        const mine = compiled.filter((b) => cloudsOf(b).includes(cloud));
        // An entry point that needs an optional peer gets it only where a documented block imports that entry point.
        const peers = Object.entries(OPTIONAL_PEERS).filter(([entry]) => mine.some((b) => b.code.includes(`from "${entry}"`)));
        // README "Install": `npm install <tarball> @pulumi/<cloud>`; the compiler and Node types as a Pulumi project has them.
        const install = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball,
            `${CLOUDS[cloud].sdk}@${dev[CLOUDS[cloud].sdk]}`, ...peers.map(([, sdk]) => `${sdk}@${dev[sdk]}`),
            `typescript@${dev.typescript}`, `@types/node@${dev["@types/node"]}`], dir);
        assert.equal(install.status, 0, install.output);
        const others = CLOUD_NAMES.filter((c) => c !== cloud).map((c) => CLOUDS[c].sdk);
        for (const sdk of others) {
            assert.ok(!fs.existsSync(path.join(dir, "node_modules", sdk)), `${sdk} got installed into the ${cloud}-only project`);
        }

        // The package loads at run time from the tarball's own dependencies, root and cloud entry point.
        const entries = ["@mlops-platform/secrets", CLOUDS[cloud].entry, ...peers.map(([entry]) => entry)];
        const load = spawnSync(process.execPath, ["-e", entries.map((e) => `require("${e}");`).join(" ")], { cwd: dir, encoding: "utf8" });
        assert.equal(load.status, 0, load.stderr);

        // Typings: the root and this cloud's entry point, and every documentation block for this cloud.
        const sources = new Map<string, string>();
        sources.set("entry_points.ts", `import * as secrets from "@mlops-platform/secrets";\nimport * as ${cloud} from "${CLOUDS[cloud].entry}";\nexport const used = [secrets, ${cloud}];\n`);
        for (const b of mine) {
            sources.set(`${b.file.replace(/[^\w]+/g, "_")}_${b.line}.ts`, b.code.includes("import ") || b.code.includes("export ") ? b.code : `${b.code}export {};\n`);
        }
        for (const [name, code] of sources) {
            fs.writeFileSync(path.join(dir, "blocks", name), code);
        }
        const tsc = await run(process.execPath, [path.join(dir, "node_modules/typescript/bin/tsc"), "-p", "."], dir);
        // Name each error by the documentation line it comes from.
        const located = tsc.output.replace(/blocks\/(\w+)_(\d+)\.ts\((\d+),(\d+)\)/g, (all, _f, start, line) => {
            const block = mine.find((b) => `${b.file.replace(/[^\w]+/g, "_")}_${b.line}.ts` === `${_f}_${start}.ts`);
            return block ? `${block.file}:${block.line + Number(line) - 1}` : all;
        });
        assert.equal(tsc.status, 0, `documentation code does not compile in the ${cloud}-only project:\n${located}`);
        console.log(`${cloud}: compiled ${mine.length} documentation blocks and both entry points against the packed tarball`);
    });
}

test("every TypeScript block is compiled or explicitly marked, and untagged TypeScript is refused", () => {
    const untagged = blocks.filter(looksLikeUntaggedTypeScript).map((b) => `${b.file}:${b.line}`);
    assert.deepEqual(untagged, [], "tag these blocks ```ts so they are compiled");
    const marked = typescript.filter((b) => b.notCompiledReason !== undefined);
    for (const b of marked) {
        assert.ok(b.notCompiledReason!.length > 10, `${b.file}:${b.line}: say why the block is not compiled`);
    }
    const perFile = [...new Set(compiled.map((b) => b.file))].map((f) => `${f}: ${compiled.filter((b) => b.file === f).length}`);
    console.log(`TypeScript blocks: ${typescript.length}, compiled ${compiled.length} (${perFile.join(", ")}), marked not compiled ${marked.length}`
        + marked.map((b) => `\n  ${b.file}:${b.line} — ${b.notCompiledReason}`).join(""));
    assert.ok(compiled.some((b) => b.file === "README.md" && b.heading.startsWith("Quick start")), "the README's Quick start is compiled");
});
