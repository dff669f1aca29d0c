import { test } from "node:test";
import assert from "node:assert/strict";
import { platformSecrets } from "../../programs/platform";
import { readStackConfig } from "../../scripts/plan";
import { analyzeResources } from "../../scripts/policyAnalyzer";
import { attemptProgram, MockCloud, ProgramRun, runProgram } from "../harness";

/** A shipped stack's config changed by `overrides` (objects as the engine passes them; undefined removes a key). */
function stackConfig(stack: string, overrides: Record<string, unknown>): Record<string, string> {
    const config = { ...readStackConfig(stack) };
    for (const [key, value] of Object.entries(overrides)) {
        const full = `mlops-platform:${key}`;
        if (value === undefined) {
            delete config[full];
        } else {
            config[full] = typeof value === "string" ? value : JSON.stringify(value);
        }
    }
    return config;
}

function runStack(stack: string, overrides: Record<string, unknown> = {}) {
    return runProgram(platformSecrets, { stack, config: stackConfig(stack, overrides) });
}

/** Runs the program and returns the error it stops with, caught inside so that what it registered stays visible. */
async function programError(stack: string, overrides: Record<string, unknown>): Promise<{ error?: Error; registered: number }> {
    const { error, run } = await attemptProgram(platformSecrets, { stack, config: stackConfig(stack, overrides) });
    return { error: error as Error | undefined, registered: run.resources.length };
}

const types = (run: Awaited<ReturnType<typeof runStack>>) => run.resources.map((r) => r.type);

test("audit on AWS creates a trail for Parameter Store reads; with an existing trail it creates none", async () => {
    const created = await runStack("dev-aws", { audit: { enabled: true } });
    assert.ok(types(created).includes("aws:cloudtrail/trail:Trail"));
    const existing = await runStack("dev-aws", { audit: { enabled: true, awsExistingTrailArn: "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org" } });
    assert.ok(!types(existing).includes("aws:cloudtrail/trail:Trail"));
    assert.ok(types(existing).includes("secrets:index:AwsParameterStoreAudit"));
});

test("audit on GCP turns on Data Access logs for Secret Manager; on Azure it sends the vault's AuditEvents to the workspace", async () => {
    const gcp = await runStack("dev-gcp", { audit: { enabled: true } });
    const auditConfig = gcp.resources.find((r) => r.type === "gcp:projects/iAMAuditConfig:IAMAuditConfig");
    assert.equal(auditConfig?.inputs.service, "secretmanager.googleapis.com");
    const workspace = "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/ops-logs";
    const azure = await runStack("dev-azure", { audit: { enabled: true, azureLogAnalyticsWorkspaceId: workspace } });
    const setting = azure.resources.find((r) => r.type === "azure-native:monitor:DiagnosticSetting");
    assert.equal(setting?.inputs.workspaceId, workspace);
    assert.match(setting?.inputs.resourceUri, /\/providers\/Microsoft\.KeyVault\/vaults\/mlops-dev-kv$/);
});

test("Azure creates the hardened vault only with azure.createVault, and every secret waits for it", async () => {
    const withVault = await runStack("dev-azure");
    const vault = withVault.resources.find((r) => r.type === "azure-native:keyvault:Vault");
    assert.ok(vault);
    assert.equal(vault!.inputs.properties.enableRbacAuthorization, true);
    assert.equal(vault!.inputs.properties.enablePurgeProtection, true);
    // dependsOn a component reaches the engine as a dependency on its resources: the vault itself.
    for (const secret of withVault.resources.filter((r) => r.type === "secrets:index:MlflowDbSecret" || r.type === "secrets:index:GrafanaSecret")) {
        assert.ok(secret.dependencies.includes(vault!.urn), `${secret.name} must wait for the vault; it waits for ${secret.dependencies.join(", ")}`);
    }
    const existing = await runStack("dev-azure", { azure: { vaultName: "mlops-dev-kv", resourceGroupName: "mlops-dev-rg" } });
    assert.ok(!types(existing).includes("azure-native:keyvault:Vault"));
});

test("alerts can be turned off; namespaces can be moved", async () => {
    const run = await runStack("dev-aws", { alerts: { enabled: false }, namespaces: { grafana: "observability" } });
    assert.ok(!types(run).includes("secrets:index:SecretAlerts"));
    const grafana = run.resources.find((r) => r.type === "kubernetes:external-secrets.io/v1:ExternalSecret" && r.name === "grafana-admin");
    assert.equal(grafana?.inputs.metadata.namespace, "observability");
    assert.ok(run.resources.some((r) => r.type === "secrets:index:AwsNamespaceAccess" && r.name === "mlops-dev-observability"));
});

test("bad stack config stops the program before any resource, naming the key", async () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
        ["dev-aws", { cloud: "openstack" }, /mlops-platform:cloud.*openstack.*aws, azure, gcp/],
        ["dev-aws", { clusterIdentity: undefined }, /mlops-platform:clusterIdentity/],
        ["dev-azure", { audit: { enabled: true } }, /azureLogAnalyticsWorkspaceId/],
        ["dev-gcp", { gcp: { project: "X" } }, /gcp\.project/],
    ];
    for (const [stack, overrides, message] of cases) {
        const { error, registered } = await programError(stack, overrides);
        assert.ok(error, `${JSON.stringify(overrides)} must be refused`);
        assert.match(error!.message, message);
        assert.equal(registered, 0, `${JSON.stringify(overrides)} registered resources before failing`);
    }
});

test("installEso installs the chart first: every namespace's SecretStore waits for it", async () => {
    const run = await runStack("dev-gcp", { installEso: "true" });
    const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
    assert.ok(release, "the ESO chart is not installed");
    assert.equal(release!.inputs.repositoryOpts.repo, "https://charts.external-secrets.io");
    // ESO's ServiceMonitors carry the release label of the Prometheus the alerts go to, so the ESO alerts can fire.
    assert.deepEqual(release!.inputs.values.serviceMonitor.additionalLabels, { release: "kube-prometheus-stack" });
    const access = run.resources.filter((r) => r.type === "secrets:index:GcpNamespaceAccess");
    assert.equal(access.length, 4);
    // Access sets are created outside the secrets, so they must carry the secrets' dependency on the chart themselves.
    for (const a of [...access, ...run.resources.filter((r) => /^secrets:index:(MlflowDbSecret|MinioRootSecret|ArgoAdminSecret|GrafanaSecret|PlatformSecret)$/.test(r.type))]) {
        assert.ok(a.dependencies.includes(release!.urn), `${a.name} (${a.type}) must wait for the ESO chart`);
    }
});

test("breachId: a new id rotates every secret in one run and turns on revoking the previous credentials", async () => {
    const cloud = new MockCloud();
    const deploy = (overrides: Record<string, unknown>) =>
        runProgram(platformSecrets, { stack: "dev-aws", config: stackConfig("dev-aws", overrides), cloud });
    const envOf = (run: ProgramRun, name: string) => run.resources.find((r) => r.type === "command:local:Command" && r.name === name)!.inputs.environment;
    const passwords = (run: ProgramRun) => Object.fromEntries(run.resources
        .filter((r) => r.type === "random:index/randomPassword:RandomPassword").map((r) => [r.name, JSON.stringify(r.inputs.keepers)]));

    const before = await deploy({});
    const after = await deploy({ breachId: "INC-2026-0042" });
    const [old, rotated] = [passwords(before), passwords(after)];
    assert.deepEqual(Object.keys(rotated).sort(), ["argocd-admin", "grafana-admin", "minio-root", "mlflow-db"]);
    for (const name of Object.keys(rotated)) {
        assert.notEqual(rotated[name], old[name], `${name} must rotate`);
    }
    assert.equal(envOf(before, "grafana-admin-admin-reset").MLOPS_REVOKE_SESSIONS, "false");
    assert.equal(envOf(after, "grafana-admin-admin-reset").MLOPS_REVOKE_SESSIONS, "true");
    const revokes = after.resources.filter((r) => r.type === "command:local:Command" && r.inputs.environment?.MLOPS_PG_REVOKE_PREVIOUS !== undefined);
    assert.ok(revokes.length > 0 && revokes.every((r) => r.inputs.environment.MLOPS_PG_REVOKE_PREVIOUS === "true"), "PostgreSQL revokes the previous login");
    // The same id again changes nothing.
    assert.deepEqual(passwords(await deploy({ breachId: "INC-2026-0042" })), rotated);

    const { error } = await programError("dev-aws", { breachId: "INC 42; rm -rf /" });
    assert.match(String(error?.message), /mlops-platform:breachId/);
});

test("mlops-platform:aws service secrets-manager moves the whole stack to Secrets Manager, and the policy pack passes it", async () => {
    const run = await runStack("dev-aws", { aws: { service: "secrets-manager", secretNamePrefix: "mlops-platform-dev" } });
    assert.ok(!types(run).includes("aws:ssm/parameter:Parameter"), "no value stays in Parameter Store");
    const secrets = run.resources.filter((r) => r.type === "aws:secretsmanager/secret:Secret").map((r) => r.inputs.name).sort();
    assert.deepEqual(secrets, ["argocd/admin-password", "argocd/admin-password-bcrypt", "grafana/admin-password", "minio/root-password", "mlflow/db-password"]
        .map((n) => `mlops-platform-dev/${n}`));
    assert.equal(run.resources.filter((r) => r.type === "aws:secretsmanager/secretPolicy:SecretPolicy").length, 5);
    // Per value a Secret, a SecretVersion and a SecretPolicy instead of one parameter: ten more resources (ARCHITECTURE.md).
    assert.equal(run.resources.length, (await runStack("dev-aws")).resources.length + 10);
    const stores = run.resources.filter((r) => r.type === "kubernetes:external-secrets.io/v1:SecretStore");
    assert.deepEqual([...new Set(stores.map((s) => `${s.inputs.metadata.name} ${s.inputs.spec.provider.aws.service}`))], ["aws-secrets-manager SecretsManager"]);
    // MLflow's database is configured in the stack file: its value is AWS's database secret document.
    const mlflow = run.resources.find((r) => r.type === "aws:secretsmanager/secretVersion:SecretVersion" && r.name === "mlflow-db")!;
    assert.deepEqual(Object.keys(JSON.parse(mlflow.inputs.secretString)), ["engine", "host", "port", "username", "password", "dbname", "ssl"]);
    assert.deepEqual(await analyzeResources(run.resources), [], "every policy of the pack passes the Secrets Manager stack");
    // The Parameter Store prefix of the shipped stack file is refused, not ignored, once the service changes.
    const { error } = await programError("dev-aws", { aws: { service: "secrets-manager", parameterPrefix: "/mlops-platform-dev" } });
    assert.match(String(error?.message), /aws\.parameterPrefix.*secretNamePrefix/s);
});

test("mlflowAwsRotation hands MLflow's login to AWS's function: no pulumi-side rotation, no overdue alert, failures reported to SNS", async () => {
    const awsRotation = {
        host: "mlflow.abc123.eu-west-1.rds.amazonaws.com",
        masterSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123abcd-AbCdEf",
        vpcSubnetIds: ["subnet-0123456789abcdef0"],
        vpcSecurityGroupIds: ["sg-0123456789abcdef0"],
    };
    const run = await runStack("dev-aws", {
        aws: { service: "secrets-manager" }, mlflowDatabase: undefined, mlflowAwsRotation: awsRotation,
        awsRotationAlerts: { topicName: "platform-rotation-alerts" }, breachId: "INC-1",
    });
    const rotation = run.resources.find((r) => r.type === "aws:secretsmanager/secretRotation:SecretRotation");
    assert.deepEqual(rotation?.inputs.rotationRules, { scheduleExpression: "rate(90 days)", duration: "4h" });
    const mlflowCommands = run.resources.filter((r) => r.type === "command:local:Command" && r.name.startsWith("mlflow-db"));
    assert.deepEqual(mlflowCommands.map((r) => r.name), [], "no consumer update, restart or hand-off for the secret AWS rotates");
    assert.ok(run.resources.some((r) => r.type === "command:local:Command" && r.name.startsWith("minio-root")), "the other secrets still rotate by pulumi up");
    const overdueForMlflow = (r: ProgramRun) => r.resources.filter((x) => x.type === "kubernetes:monitoring.coreos.com/v1:PrometheusRule")
        .map((x) => JSON.stringify(x.inputs)).some((x) => x.includes("mlflow-db-credentials") && x.includes("SecretRotationOverdue"));
    assert.equal(overdueForMlflow(run), false);
    assert.equal(overdueForMlflow(await runStack("dev-aws")), true, "control: by default MLflow's secret has its overdue alert");
    const alarm = run.resources.find((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.deepEqual(alarm?.inputs.dimensions, { FunctionName: "mlops-platform-dev-aws-mlflow-db-rotation" });
});
