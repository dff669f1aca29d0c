import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

// A program for one cloud must not load the other clouds' SDKs (each costs hundreds of MB and ~0.5 s).
const ROOT = join(__dirname, "..", "..");

function cloudSdksLoadedBy(modulePath: string): string[] {
    const script =
        `require(${JSON.stringify(modulePath)});` +
        "const sdks = Object.keys(require.cache).map((k) => /node_modules\\/(@pulumi\\/(?:aws|azure-native|gcp))\\//.exec(k)?.[1]).filter(Boolean);" +
        "process.stdout.write(JSON.stringify([...new Set(sdks)].sort()));";
    const result = spawnSync(process.execPath, ["--import", "tsx", "-e", script], { cwd: ROOT, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
}

const expectations: [string, string[]][] = [
    ["./components/access", []],
    ["./components/access/aws", ["@pulumi/aws"]],
    ["./components/access/azure", ["@pulumi/azure-native"]],
    ["./components/access/gcp", ["@pulumi/gcp"]],
    ["./components/eso", []],
];

for (const [modulePath, sdks] of expectations) {
    test(`${modulePath} loads ${sdks.length ? `only ${sdks.join(", ")}` : "no cloud SDK"}`, () => {
        assert.deepEqual(cloudSdksLoadedBy(modulePath), sdks);
    });
}
