import { test } from "node:test";
import assert from "node:assert/strict";
import {
    ArgoAdminSecret, CloudProvider, CloudStoreArgs, GrafanaSecret, MinioRootSecret, MlflowDbSecret, PasswordProfile, PlatformSecret,
    SecretsInputError,
} from "../../components";
import { analyzeResources, inProcessTransport } from "../../scripts/policyAnalyzer";
import * as pulumi from "@pulumi/pulumi";
import { resolveVaultDynamicCredentials } from "../../components/rotation/vault/dynamicCredentialsArgs";
import { createVaultDatabaseEngine } from "../../components/rotation/vault/vaultDatabaseEngine";
import { attemptProgram } from "../harness";

/**
 * Defaults agree with the components: whatever a component accepts with the pack's default config passes the pack,
 * and the first value past the pack's default is refused by the component itself, naming the argument. The
 * boundaries are found by probing the components' own validation, not copied from their source.
 */
const aws: CloudStoreArgs = { cloud: CloudProvider.Aws };
const LENGTH = "random-password-min-length";
const ROTATION = "secret-rotation-configured";

type Make = (overrides: { passwordLength?: number; rotationDays?: number }) => unknown;
const COMPONENTS: Record<string, Make> = {
    "PlatformSecret (url-safe)": (o) => new PlatformSecret("s", { ...aws, namespace: "jupyterhub", app: "jupyterhub", valueName: "cookie-secret", ...o }),
    "PlatformSecret (bcrypt)": (o) => new PlatformSecret("s", { ...aws, namespace: "jupyterhub", app: "jupyterhub", valueName: "cookie-secret", passwordProfile: PasswordProfile.Bcrypt, ...o }),
    MlflowDbSecret: (o) => new MlflowDbSecret("s", { ...aws, ...o }),
    MinioRootSecret: (o) => new MinioRootSecret("s", { ...aws, ...o }),
    ArgoAdminSecret: (o) => new ArgoAdminSecret("s", { ...aws, ...o }),
    GrafanaSecret: (o) => new GrafanaSecret("s", { ...aws, ...o }),
};

async function accepts(make: Make, overrides: { passwordLength?: number; rotationDays?: number }): Promise<boolean> {
    const { error } = await attemptProgram(() => make(overrides));
    if (error !== undefined) {
        assert.ok(error instanceof SecretsInputError, String(error));
        assert.match(error.message, new RegExp(`"${Object.keys(overrides)[0]}"`), "the component's error names the argument");
    }
    return error === undefined;
}

/** The first whole number in [low, high] the component accepts / the last one, by bisection over a monotone predicate. */
async function boundary(ok: (n: number) => Promise<boolean>, low: number, high: number, find: "first" | "last"): Promise<number> {
    while (low < high) {
        const mid = find === "first" ? Math.floor((low + high) / 2) : Math.ceil((low + high) / 2);
        if ((await ok(mid)) === (find === "first")) {
            high = find === "first" ? mid : mid - 1;
        } else {
            low = find === "first" ? mid + 1 : mid;
        }
    }
    return low;
}

async function packDefault(policy: string, property: string): Promise<number> {
    const info = await inProcessTransport().getAnalyzerInfo();
    const schema = info.getPoliciesList().find((p) => p.getName() === policy)!.getConfigschema()!.getProperties()!.toJavaScript() as any;
    return schema[property].default;
}

for (const [component, make] of Object.entries(COMPONENTS)) {
    test(`${component}: the shortest password and the longest rotation it accepts pass the pack's defaults; one past is refused by the component`, async () => {
        // Every profile accepts its default 32; below it the accepted lengths form one range down to the floor.
        const shortest = await boundary((n) => accepts(make, { passwordLength: n }), 1, 32, "first");
        const longest = await boundary((n) => accepts(make, { rotationDays: n }), 1, 100_000, "last");
        const minLength = await packDefault(LENGTH, "minLength");
        const maxDays = await packDefault(ROTATION, "maxRotationDays");
        assert.equal(shortest, minLength, `the component's shortest passwordLength is the pack's default minLength`);
        assert.equal(longest, maxDays, `the component's longest rotationDays is the pack's default maxRotationDays`);

        const { run, error } = await attemptProgram(() => make({ passwordLength: shortest, rotationDays: longest }));
        assert.equal(error, undefined);
        const verdicts = await analyzeResources(run.resources);
        assert.deepEqual(verdicts.map((v) => `${v.policyName}: ${v.message}`), []);
        assert.equal(await accepts(make, { passwordLength: shortest - 1 }), false);
        assert.equal(await accepts(make, { rotationDays: longest + 1 }), false);
    });
}

test("Vault dynamic credentials: the longest lease the component accepts passes the pack's default; one second more is refused by the component", async () => {
    const resolve = (seconds: number) => resolveVaultDynamicCredentials("vaultDynamic",
        { host: "mlflow-db.internal", rootPassword: pulumi.secret("initial-root-pw"), credentialTtlSeconds: seconds, credentialMaxTtlSeconds: seconds },
        { ownerRole: "mlflow", refreshIntervalArgument: "refreshInterval" });
    const accepted = async (seconds: number) => {
        try {
            resolve(seconds);
            return true;
        } catch (error) {
            assert.ok(error instanceof SecretsInputError && error.argument === "vaultDynamic.credentialTtlSeconds", String(error));
            return false;
        }
    };
    const longest = await boundary(accepted, 600, 10_000_000, "last");
    assert.equal(longest, await packDefault("vault-database-role-bounded", "maxTtlSeconds"));
    const { run, error } = await attemptProgram(() => {
        createVaultDatabaseEngine("mlflow-db", resolve(longest), new pulumi.ComponentResource("test:index:Parent", "p"));
    });
    assert.equal(error, undefined);
    assert.deepEqual((await analyzeResources(run.resources)).map((v) => `${v.policyName}: ${v.message}`), []);
});

test("Vault Kubernetes auth: the longest token TTL the component accepts passes the pack's default; one second more is refused by the component", async () => {
    const make = (tokenTtlSeconds: number) => () => new MlflowDbSecret("s", {
        cloud: CloudProvider.Vault, vault: { address: "https://vault.example.com:8200" }, cluster: { clusterName: "mlops-dev", vault: { tokenTtlSeconds } },
    });
    const acceptsTtl = async (n: number) => (await attemptProgram(make(n))).error === undefined;
    const longest = await boundary(acceptsTtl, 1, 1_000_000, "last");
    assert.equal(longest, await packDefault("vault-least-privilege", "maxTokenTtlSeconds"));
    const { run, error } = await attemptProgram(make(longest));
    assert.equal(error, undefined);
    assert.deepEqual((await analyzeResources(run.resources)).map((v) => `${v.policyName}: ${v.message}`), []);
    const refused = await attemptProgram(make(longest + 1));
    assert.ok(refused.error instanceof SecretsInputError && refused.error.argument === "cluster.vault.tokenTtlSeconds", String(refused.error));
});
