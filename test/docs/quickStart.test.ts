import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { assertNoLeaks, runProgram, unwrapSecrets } from "../harness";
import { codeBlocks, isTypeScript, ROOT } from "./markdown";

// The README's Quick start, exactly as written, run as a Pulumi program under the mock runtime: the import of the package
// is pointed at this repository's sources (consumerBuilds.test.ts compiles the same block against the packed tarball).
test("README Quick start runs under the mock runtime and creates what its comments say", async () => {
    const block = codeBlocks("README.md").find((b) => isTypeScript(b) && b.heading.startsWith("Quick start"));
    assert.ok(block, "README has no TypeScript block under a 'Quick start' heading");
    const dir = fs.mkdtempSync(path.join(__dirname, ".quickstart-"));
    try {
        const file = path.join(dir, "index.ts");
        fs.writeFileSync(file, block!.code.replace(/"@mlops-platform\/secrets(\/\w+)?"/g, (_, sub) => JSON.stringify(path.join(ROOT, "components", sub ?? ""))));
        const run = await runProgram(() => require(file), {
            project: "quickstart",
            stack: "dev",
            config: {
                // The AWS provider's region, as `pulumi config set aws:region eu-west-1` gives it: the parameter lands there.
                "aws:region": "eu-west-1",
                kubeconfig: "apiVersion: v1\nkind: Config\n",
                oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E",
                oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E",
            },
        });
        const outputs = unwrapSecrets(run.rawStackOutputs) as Record<string, unknown>;
        // The values the block's comments promise.
        assert.equal(outputs.mlflowDbLocation, "ssm:/mlops-platform-dev/mlflow/db-password");
        assert.equal(outputs.mlflowDbSecretName, "mlflow-db-credentials");
        const parameter = run.resources.find((r) => r.type === "aws:ssm/parameter:Parameter");
        assert.equal(parameter?.inputs.name, "/mlops-platform-dev/mlflow/db-password");
        const es = run.resources.find((r) => r.type === "kubernetes:external-secrets.io/v1:ExternalSecret");
        assert.equal(es?.inputs.metadata?.namespace, "mlflow");
        // The comment on the chart setting: the synced Secret has the keys the MLflow chart is pointed at.
        assert.deepEqual(Object.keys(es?.inputs.spec?.target?.template?.data ?? {}).sort(), ["password", "username"]);
        const role = run.resources.find((r) => r.type === "aws:iam/role:Role");
        assert.match(JSON.stringify(role?.inputs.assumeRolePolicy), /system:serviceaccount:mlflow:external-secrets-reader/);
        // Everything in the cluster goes through the block's provider.
        for (const r of run.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("pulumi:providers"))) {
            assert.match(r.provider ?? "", /pulumi:providers:kubernetes::mlops-dev/, `${r.type} ${r.name} is not on the block's provider`);
        }
        assertNoLeaks(run);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});
