import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, test } from "node:test";

// Each cloud SDK is large and slow to import, so a program on one cloud must not load the others'. Checked in a fresh
// process (this one has loaded whatever other tests needed) running a real program through `components/index.ts`.
const FIXTURE = join(__dirname, "fixtures", "loadedCloudSdks.ts");

function loadedBy(cloud: string): Promise<{ registered: string[]; loaded: Record<string, string[]> }> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", FIXTURE, cloud], { stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk) => (stdout += chunk));
        child.stderr.on("data", (chunk) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`fixture failed (${code}): ${stderr}`))));
    });
}

const CASES = [
    { cloud: "aws", sdk: "@pulumi/aws", service: "ssm", store: "aws:ssm/parameter:Parameter" },
    { cloud: "azure", sdk: "@pulumi/azure-native", service: "keyvault", store: "azure-native:keyvault:Secret" },
    { cloud: "gcp", sdk: "@pulumi/gcp", service: "secretmanager", store: "gcp:secretmanager/secret:Secret" },
    { cloud: "vault", sdk: "@pulumi/vault", service: "kv", store: "vault:kv/secretV2:SecretV2" },
];

describe("cloud SDKs are loaded lazily", { concurrency: true }, () => {
    for (const c of CASES) {
        test(`a program on ${c.cloud} loads only ${c.sdk}, and of it only the ${c.service} module`, async () => {
            const { registered, loaded } = await loadedBy(c.cloud);
            assert.ok(registered.includes(c.store), `the program stored its value on ${c.cloud}: ${registered.join(", ")}`);
            // The program's own SDK shows up: the check does see loaded SDK modules.
            assert.deepEqual(Object.keys(loaded), [c.sdk]);
            const outsideService = loaded[c.sdk].filter((file) =>
                !file.startsWith(`${c.service}/`) && file !== `types/enums/${c.service}/index.js` && file !== "utilities.js" && file !== "package.json");
            assert.deepEqual(outsideService, [], "the SDK's root index (every service namespace) stays unloaded");
        });
    }
});
