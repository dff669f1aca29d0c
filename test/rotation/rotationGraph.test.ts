import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { CloudProvider, GrafanaSecret, MinioRootSecret, MlflowDbSecret, PostgresRotationStrategy } from "../../components";
import { assertNoLeaks, attemptProgram, CapturedResource, isWireSecret, MockCloud, ProgramRun, runProgram } from "../harness";

const cluster = {
    clusterName: "mlops-dev",
    aws: {
        region: "eu-west-1",
        oidcProviderArn: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E",
        oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E",
    },
};

function platform(rotationTrigger: string, strategy = PostgresRotationStrategy.AlternatingUsers) {
    return () => {
        const shared = { cloud: CloudProvider.Aws, aws: { region: cluster.aws.region }, cluster, rotationTrigger };
        new MlflowDbSecret("mlflow-db", {
            ...shared,
            database: { host: "mlflow-db.internal", adminPassword: pulumi.secret("admin-password-from-config"), rotationStrategy: strategy },
        });
        new GrafanaSecret("grafana-admin", shared);
        new MinioRootSecret("minio-root", shared);
    };
}

function find(run: ProgramRun, type: string, name: string): CapturedResource {
    const found = run.resources.find((r) => r.type === type && r.name === name);
    assert.ok(found, `${type} ${name} not registered; got ${run.resources.map((r) => `${r.type} ${r.name}`).join(", ")}`);
    return found!;
}

const COMMAND = "command:local:Command";
const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";

function assertWaitsFor(run: ProgramRun, later: CapturedResource, earlier: CapturedResource): void {
    assert.ok(later.dependencies.includes(earlier.urn), `${later.name} (${later.type}) must wait for ${earlier.name} (${earlier.type})`);
}

test("a rotation runs consumer update → store → forced sync → restart, each step waiting for the previous one", async () => {
    const run = await runProgram(platform("1"));
    // MLflow: PostgreSQL accepts the new password, then the pair is stored, ESO syncs it, then MLflow restarts.
    const parameter = find(run, "aws:ssm/parameter:Parameter", "mlflow-db");
    const postgres = find(run, COMMAND, "mlflow-db-postgres");
    const mlflowSync = find(run, EXTERNAL_SECRET, "mlflow-db");
    const mlflowRestart = find(run, COMMAND, "mlflow-db-restart");
    assertWaitsFor(run, parameter, postgres);
    assert.ok(parameter.propertyDependencies.value?.includes(postgres.urn), "the stored value is derived from the rotation's result");
    assert.ok(!postgres.dependencies.includes(parameter.urn), "the database step must not wait for the store");
    assertWaitsFor(run, mlflowSync, parameter);
    assertWaitsFor(run, mlflowRestart, mlflowSync);
    // ESO reads the login and the password from one version of one value.
    assert.deepEqual(mlflowSync.inputs.spec.dataFrom, [{ extract: { key: "/mlops-platform-dev/mlflow/db-password" } }]);
    assert.equal(mlflowSync.inputs.spec.data, undefined);
    assert.deepEqual(mlflowSync.inputs.spec.target.template.data, { password: "{{ .password }}", username: "{{ .username }}" });
    // Grafana: the running Grafana's admin password is reset before the store changes, then Grafana restarts.
    const grafanaReset = find(run, COMMAND, "grafana-admin-admin-reset");
    const grafanaParameter = find(run, "aws:ssm/parameter:Parameter", "grafana-admin");
    const grafanaSync = find(run, EXTERNAL_SECRET, "grafana-admin");
    assertWaitsFor(run, grafanaParameter, grafanaReset);
    assertWaitsFor(run, grafanaSync, grafanaParameter);
    assertWaitsFor(run, find(run, COMMAND, "grafana-admin-restart"), grafanaSync);
    // MinIO needs only the restart.
    assertWaitsFor(run, find(run, COMMAND, "minio-root-restart"), find(run, EXTERNAL_SECRET, "minio-root"));
    assert.equal(run.resources.filter((r) => r.type === COMMAND && r.name.startsWith("minio-root")).length, 1);

    // The forced sync and the restart wait share one rotation id: the rotation time.
    const rotationId = mlflowSync.inputs.metadata.annotations["force-sync"];
    assert.match(rotationId, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(mlflowSync.inputs.spec.target.template.metadata.annotations["mlops.platform/rotation-id"], rotationId);
    assert.equal(mlflowRestart.inputs.environment.MLOPS_ROTATION_ID, rotationId);
    assert.equal(mlflowRestart.inputs.environment.MLOPS_WORKLOADS, "deployment/mlflow");
});

test("secrets reach commands only through the environment or stdin, never the command line, and are never logged", async () => {
    const run = await runProgram(platform("1"));
    assertNoLeaks(run); // includes create/update/triggers of every command, even secret-wrapped
    const postgres = find(run, COMMAND, "mlflow-db-postgres");
    // Both passwords travel on stdin (read once, then gone), none in the environment (visible in /proc for the process's life).
    assert.ok(isWireSecret(postgres.rawInputs.stdin), "stdin carries secrets: it must be secret");
    assert.deepEqual(Object.keys(JSON.parse(postgres.inputs.stdin)).sort(), ["adminPassword", "newPassword"]);
    assert.ok(!JSON.stringify(postgres.inputs.environment).includes("admin-password-from-config"));
    assert.equal(postgres.inputs.environment.PGPASSWORD, undefined);
    assert.equal(postgres.inputs.environment.MLOPS_PG_ROTATION_STRATEGY, "alternating-users");
    assert.equal(postgres.inputs.environment.PGSSLMODE, "verify-full", "TLS with full verification by default");
    assert.equal(postgres.inputs.logging, "none");
    assert.doesNotMatch(postgres.inputs.create, /PASSWORD|admin-password/);
    // After the restart, the hand-off step records the login in use (and, with revokePrevious, ends the previous one).
    const handOff = find(run, COMMAND, "mlflow-db-postgres-handoff");
    assertWaitsFor(run, handOff, find(run, COMMAND, "mlflow-db-restart"));
    assert.equal(handOff.inputs.environment.MLOPS_PG_ACTION, "hand-off");
    assert.equal(handOff.inputs.environment.MLOPS_PG_REVOKE_PREVIOUS, "false");
    assert.deepEqual(Object.keys(JSON.parse(handOff.inputs.stdin)), ["adminPassword"]);
    const reset = find(run, COMMAND, "grafana-admin-admin-reset");
    assert.ok(isWireSecret(reset.rawInputs.stdin), "Grafana's new password goes on stdin, as a secret");
    assert.equal(reset.inputs.logging, "none");
    assert.deepEqual(reset.options.additionalSecretOutputs.sort(), ["stderr", "stdout"]);
});

test("a plain-text admin password is refused before anything is created, without echoing it", async () => {
    const { error, run } = await attemptProgram(() =>
        new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Aws, database: { host: "db", adminPassword: "hunter2-plain" } }));
    assert.ok(error instanceof Error, "the plain-text password must be refused");
    assert.match(error.message, /database\.adminPassword/);
    assert.match(error.message, /pulumi\.secret/);
    assert.doesNotMatch(error.message, /hunter2-plain/);
    assert.deepEqual(run.resources, []);
});

test("a second run with nothing changed registers identical inputs", async () => {
    const cloud = new MockCloud();
    const first = await runProgram(platform("1"), { cloud });
    const second = await runProgram(platform("1"), { cloud });
    assert.deepEqual(second.resources.map((r) => [r.urn, r.rawInputs]), first.resources.map((r) => [r.urn, r.rawInputs]));
});

test("a rotation replaces only the password; the login alternates and everything downstream updates in place", async () => {
    const cloud = new MockCloud();
    const before = await runProgram(platform("1"), { cloud });
    const after = await runProgram(platform("2"), { cloud });
    assert.deepEqual(after.resources.map((r) => r.urn), before.resources.map((r) => r.urn), "no resource added or removed");

    const changed = after.resources.filter((r, i) => JSON.stringify(r.rawInputs) !== JSON.stringify(before.resources[i].rawInputs));
    for (const r of changed) {
        // What changes must change in place. Commands: an update step and no triggers (the SDK replaces on triggers).
        if (r.type === COMMAND) {
            assert.equal(r.inputs.update, r.inputs.create, `${r.name} would be replaced instead of updated`);
            assert.equal(r.inputs.triggers, undefined, `${r.name} would be replaced by its triggers`);
        } else if (r.type !== "random:index/randomPassword:RandomPassword") {
            assert.deepEqual(r.options.replaceOnChanges, [], `${r.name} would be replaced`);
        }
    }
    // Identity fields a provider replaces on are unchanged.
    for (const type of ["aws:ssm/parameter:Parameter", EXTERNAL_SECRET, "aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"]) {
        for (const r of after.resources.filter((x) => x.type === type)) {
            const old = before.resources.find((x) => x.urn === r.urn)!;
            assert.equal(r.inputs.name ?? r.inputs.metadata?.name, old.inputs.name ?? old.inputs.metadata?.name);
        }
    }
    const passwordBefore = find(before, "random:index/randomPassword:RandomPassword", "mlflow-db");
    const passwordAfter = find(after, "random:index/randomPassword:RandomPassword", "mlflow-db");
    assert.notDeepEqual(passwordAfter.inputs.keepers, passwordBefore.inputs.keepers, "the trigger must reach the password's keepers");
    // Under alternating users the stored pair switches to the other login, which now holds the new password.
    const storedPair = (run: ProgramRun) => JSON.parse(find(run, "aws:ssm/parameter:Parameter", "mlflow-db").inputs.value);
    assert.deepEqual([storedPair(before).username, storedPair(after).username], ["mlflow_a", "mlflow_b"]);
    assert.ok(after.cloud.generatedSecrets.includes(storedPair(after).password), "the stored password is the generated one");
    assert.notEqual(storedPair(after).password, storedPair(before).password);
    assert.ok(isWireSecret(find(after, "aws:ssm/parameter:Parameter", "mlflow-db").rawInputs.value), "the stored pair is secret");
    assertNoLeaks(after);
});

test("single-user rotation stores the configured login with the password", async () => {
    const run = await runProgram(platform("1", PostgresRotationStrategy.SingleUser));
    assert.equal(JSON.parse(find(run, "aws:ssm/parameter:Parameter", "mlflow-db").inputs.value).username, "mlflow");
    assert.equal(find(run, COMMAND, "mlflow-db-postgres").inputs.environment.MLOPS_PG_ROLE, "mlflow");
});
