import { before, test } from "node:test";
import assert from "node:assert/strict";
import { runDeferredChecks } from "./fixtures";

// Inputs that are Outputs (a cluster's OIDC provider, a stored secret's id) can only be checked when they resolve;
// the deployment must then fail with the same clear error as a plain bad input.
const failures: [scenario: string, argument: string, hint: RegExp][] = [
    ["aws-wildcard-scope", "secret.grantScope", /without wildcards/],
    ["aws-kms-alias", "secret.kmsKeyArn", /alias ARN/],
    ["aws-oidc-mismatch", "AwsNamespaceAccess.oidcProviderArn", /same cluster/],
    ["aws-path-scope", "secret.grantScope", /never a path above it/],
    ["aws-secret-issuer-shown-hidden", "AwsNamespaceAccess.oidcIssuerUrl", /got a secret value \(not shown\)/],
    ["aws-secret-issuer-via-secret", "cluster.aws.oidcIssuerUrl", /got a secret value \(not shown\)/],
    ["aws-cluster-region-differs-from-parameters", "cluster.aws.region", /is in us-east-1, and ESO reads only the store's region/],
    ["azure-vault-scope", "secret.grantScope", /not a vault/],
    ["azure-principal-not-guid", "grantAzureRead.principalId", /GUID/],
    ["gcp-project-scope", "secret.grantScope", /not a project/],
];

let errors: Record<string, string[]>;
before(() => {
    errors = runDeferredChecks();
});

test("the valid scenario with Output inputs deploys without error (the check can tell success from failure)", () => {
    assert.deepEqual(errors["aws-valid"], []);
});

for (const [scenario, argument, hint] of failures) {
    test(`deployment fails clearly: ${scenario}`, () => {
        const messages = errors[scenario];
        assert.ok(messages.length > 0, "the deployment failed");
        for (const message of messages) {
            assert.ok(message.includes(`Invalid argument "${argument}"`), message);
            assert.match(message, hint);
            assert.ok(!message.includes("SECRETVALUE"), `a secret Output's value is never printed: ${message}`);
        }
    });
}
