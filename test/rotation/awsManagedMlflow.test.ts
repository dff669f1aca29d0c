/**
 * MlflowDbSecret with `awsManagedRotation`, under Pulumi's mock runtime: AWS's function takes over the secret that the
 * package stores in Secrets Manager, and `pulumi up` stops rotating it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as k8s from "@pulumi/kubernetes";
import { AwsSecretService, CloudProvider, MlflowDbSecret, type MlflowDbSecretArgs } from "../../components";
import { assertNoLeaks, isWireSecret, MockCloud, type ProgramRun, runProgram } from "../harness";
import { expectInputError } from "../alerts/expectInputError";
import { extractedFields, renderTargetData } from "../core/esoSimulation";
import { secretsManagerArn, SM_SECRET_POLICY, SM_SECRET_VERSION } from "../core/cloudCases";
import { ACCOUNT, OIDC_ISSUER_URL, OIDC_PROVIDER_ARN, ofType, REGION, single } from "../access/fixtures";

const MASTER = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-0123abcd-4567-89ef-AbCdEf`;
const HOST = "mlflow.abc123.us-east-1.rds.amazonaws.com";
const FUNCTION = "mlops-platform-dev-mlflow-db-rotation";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/serverlessrepo-${FUNCTION}-SecretsManagerRDSPostgr-0AB1CD2EF3GH`;
const base: MlflowDbSecretArgs = {
    cloud: CloudProvider.Aws,
    aws: { service: AwsSecretService.SecretsManager, region: REGION },
    cluster: { clusterName: "mlops-dev", aws: { region: REGION, oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuerUrl: OIDC_ISSUER_URL } },
    rotationDays: 30,
    awsManagedRotation: {
        host: HOST,
        masterSecretArn: MASTER,
        vpcSubnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
        vpcSecurityGroupIds: ["sg-0123456789abcdef0"],
    },
};
const program = (args: Partial<MlflowDbSecretArgs> = {}) => () =>
    new MlflowDbSecret("mlflow-db", { ...base, ...args }, { provider: new k8s.Provider("cluster", { kubeconfig: "kubeconfig" }) });

const byType = (run: ProgramRun, type: string) => ofType(run, type);

describe("MlflowDbSecret with awsManagedRotation", () => {
    it("stores AWS's database document once, lets AWS's function write it, and runs no rotation of its own", async () => {
        const run = await runProgram(program());
        // Nothing of the package's own rotation: no schedule, no rotation keepers, no command (consumer update, restart, hand-off).
        assert.deepEqual(byType(run, "pulumi-nodejs:dynamic:Resource"), []);
        assert.equal(single(run, "random:index/randomPassword:RandomPassword").inputs.keepers, undefined);
        assert.deepEqual(byType(run, "command:local:Command"), []);

        const version = single(run, SM_SECRET_VERSION);
        assert.ok(isWireSecret(version.rawInputs.secretString));
        assert.deepEqual(version.options.ignoreChanges.sort(), ["secretString", "versionStages"], "pulumi up never writes over AWSCURRENT");
        const password = run.cloud.generatedSecrets[0];
        assert.deepEqual(JSON.parse(version.inputs.secretString), {
            engine: "postgres", host: HOST, port: 5432, username: "mlflow", password, dbname: "mlflow", masterarn: MASTER, ssl: true,
        });

        // AWS's function: deployed, allowed on the secret, and only then scheduled (the first rotation runs at once).
        const rotation = single(run, "aws:secretsmanager/secretRotation:SecretRotation");
        const arn = secretsManagerArn("mlops-platform-dev/mlflow/db-password");
        assert.equal(rotation.inputs.secretId, arn);
        assert.deepEqual(rotation.inputs.rotationRules, { scheduleExpression: "rate(30 days)", duration: "4h" });
        const policy = single(run, SM_SECRET_POLICY);
        assert.ok(rotation.dependencies.includes(policy.urn), "rotation waits for the resource policy that lets the function in");
        const statements = JSON.parse(policy.inputs.policy).Statement as Array<{ Effect: string; Action: string | string[]; NotAction?: string[]; Condition?: Record<string, Record<string, string[]>> }>;
        assert.ok(statements.some((s) => s.Effect === "Deny" && s.NotAction !== undefined && JSON.stringify(s.Condition).includes(ROLE)),
            "the function's role is among the managers (may PutSecretValue and UpdateSecretVersionStage)");
        assert.equal(single(run, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack").inputs.parameters.functionName, FUNCTION);

        // ESO: the document read whole, the chart's two keys, refreshed often enough for the schedule.
        const externalSecret = single(run, "kubernetes:external-secrets.io/v1:ExternalSecret");
        assert.equal(externalSecret.inputs.spec.refreshInterval, "24h");
        assert.deepEqual(externalSecret.inputs.spec.dataFrom, [{ extract: { key: arn } }]);
        assert.deepEqual(renderTargetData(run, externalSecret), { username: "mlflow", password });
        // After AWS rotates, the document names mlflow_clone: the Secret follows it.
        const rotated = extractedFields(JSON.stringify({ ...JSON.parse(version.inputs.secretString), username: "mlflow_clone", password: "next" }));
        assert.equal(externalSecret.inputs.spec.target.template.data.username.replace("{{ .username }}", rotated.username), "mlflow_clone");

        // The Reloader restarts MLflow when ESO writes the Secret; pulumi up restarts nothing.
        const patch = single(run, "kubernetes:apps/v1:DeploymentPatch");
        assert.deepEqual([patch.inputs.metadata.namespace, patch.inputs.metadata.name, patch.inputs.metadata.annotations],
            ["mlflow", "mlflow", { "secret.reloader.stakater.com/reload": "mlflow-db-credentials" }]);
        assertNoLeaks(run);
    });

    it("a second pulumi up, even with another rotation period, keeps the first value", async () => {
        const cloud = new MockCloud();
        const first = await runProgram(program(), { cloud });
        const second = await runProgram(program({ rotationDays: 7 }), { cloud });
        assert.equal(single(second, SM_SECRET_VERSION).inputs.secretString, single(first, SM_SECRET_VERSION).inputs.secretString);
        assert.deepEqual(single(second, "aws:secretsmanager/secretRotation:SecretRotation").inputs.rotationRules, { scheduleExpression: "rate(7 days)", duration: "4h" });
    });

    it("derives ESO's refresh from a short period, and accepts a shorter one", async () => {
        const daily = await runProgram(program({ rotationDays: 1 }));
        assert.equal(single(daily, "kubernetes:external-secrets.io/v1:ExternalSecret").inputs.spec.refreshInterval, "5h");
        const shorter = await runProgram(program({ rotationDays: 1, refreshInterval: "1h" }));
        assert.equal(single(shorter, "kubernetes:external-secrets.io/v1:ExternalSecret").inputs.spec.refreshInterval, "1h");
    });

    const bad: Array<[string, Partial<MlflowDbSecretArgs>, string, RegExp]> = [
        ["Parameter Store", { aws: { region: REGION } }, "awsManagedRotation", /aws.service: AwsSecretService.SecretsManager/],
        ["a second rotator (database)", { database: { host: "mlflow-db.internal.example" } }, "database", /Choose one rotator/],
        ["rotationTrigger", { rotationTrigger: "2" }, "rotationTrigger", /rotate-secret/],
        ["revokePrevious", { revokePrevious: true }, "revokePrevious", /rotate twice/],
        ["a pinned version", { remoteVersion: "AWSPREVIOUS" }, "remoteVersion", /follow AWSCURRENT/],
        ["a refresh longer than the gap", { rotationDays: 1, refreshInterval: "6h" }, "refreshInterval", /"5h" or less/],
        ["a username whose clone exceeds 63 bytes", { username: "u".repeat(60) }, "username", /1 to 57 bytes/],
        ["a host with a scheme", { awsManagedRotation: { ...base.awsManagedRotation!, host: "https://mlflow.example" } }, "awsManagedRotation.host", /host name/],
        ["a subnet name", { awsManagedRotation: { ...base.awsManagedRotation!, vpcSubnetIds: ["private-a"] } }, "awsManagedRotation.vpcSubnetIds", /subnet-/],
    ];
    for (const [what, change, argument, message] of bad) {
        it(`refuses ${what} before registering anything`, async () => {
            // No provider either: nothing at all may be registered.
            await expectInputError(() => new MlflowDbSecret("mlflow-db", { ...base, ...change }), argument, message);
        });
    }
});
