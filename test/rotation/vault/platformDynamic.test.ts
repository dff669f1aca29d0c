/**
 * The platform program with `mlflowVaultDynamic` (the shipped dev-vault stack): MLflow gets dynamic logins, the other
 * secrets keep stored passwords, the alerts watch the lease instead of a rotation period, and misconfiguration is
 * refused naming the stack config key, before anything registers.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { platformSecrets } from "../../../programs/platform";
import { readStackConfig } from "../../../scripts/plan";
import { attemptProgram, runProgram } from "../../harness";

function config(stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
    const result = { ...readStackConfig(stack) };
    for (const [key, value] of Object.entries(overrides)) {
        const full = `mlops-platform:${key}`;
        if (value === undefined) {
            delete result[full];
        } else {
            result[full] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return result;
}

describe("the dev-vault stack's MLflow dynamic credentials", () => {
    it("MLflow has a generator and no password; the others keep stored, rotated passwords; the alerts watch the lease", async () => {
        const run = await runProgram(platformSecrets, { stack: "dev-vault", config: config("dev-vault") });
        const mlflow = run.resources.find((r) => r.type === "secrets:index:MlflowDbSecret")!;
        const children = run.resources.filter((r) => r.parent === mlflow.urn).map((r) => r.type).sort();
        assert.deepEqual(children, [
            "kubernetes:external-secrets.io/v1:ExternalSecret",
            "kubernetes:generators.external-secrets.io/v1alpha1:VaultDynamicSecret",
            "vault:database/secretBackendConnection:SecretBackendConnection",
            "vault:database/secretBackendRole:SecretBackendRole",
            "vault:generic/endpoint:Endpoint",
            "vault:index/mount:Mount",
        ]);
        assert.equal(run.resources.filter((r) => r.type === "secrets:index:PlatformSecret").length, 3, "MinIO, Argo CD, Grafana");
        const rules = run.resources.filter((r) => r.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule")
            .flatMap((r) => r.inputs.spec.groups).flatMap((g: { rules: Array<{ alert: string; expr: string }> }) => g.rules);
        assert.ok(rules.some((r) => r.alert === "DynamicDbCredentialsLeaseEnding" && r.expr.includes('name="mlflow-db-credentials"')));
        assert.ok(!rules.some((r) => r.alert === "SecretRotationOverdue" && r.expr.includes("mlflow-db-credentials")),
            "no overdue alert for logins pulumi up does not rotate");
    });

    const refused: Array<[string, string, Record<string, unknown>, string, RegExp]> = [
        ["on AWS", "dev-aws", { mlflowVaultDynamic: { host: "db.internal" } }, "mlops-platform:mlflowVaultDynamic", /set mlops-platform:cloud to vault/],
        ["without the root password", "dev-vault", { mlflowVaultDynamicRootPassword: undefined }, "mlops-platform:mlflowVaultDynamicRootPassword", /pulumi config set --secret/],
        ["together with mlflowDatabase", "dev-vault", { mlflowDatabase: { host: "db.internal" } }, "mlops-platform:mlflowDatabase", /remove mlflowDatabase/],
    ];
    for (const [what, stack, overrides, argument, message] of refused) {
        it(`is refused ${what}, naming ${argument}`, async () => {
            const { error, run } = await attemptProgram(platformSecrets, { stack, config: config(stack, overrides) });
            assert.equal((error as { argument?: string })?.argument, argument, String(error));
            assert.match(String(error), message);
            assert.deepEqual(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type), []);
        });
    }
});
