import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import * as k8s from "@pulumi/kubernetes";
import { ArgoAdminSecret, CloudProvider, MlflowDbSecret } from "../../components";
import { assertNoLeaks, findLeaks, runProgram } from "../harness";

// The typed components pass the scan on every cloud in typedSecrets.test.ts; here the scan itself is put to the test
// with leaks planted the ways a program could really leak a password.
const aws = { cloud: CloudProvider.Aws };

/** A component that passes a password on without pulumi.secret. */
class LeakyWrapper extends pulumi.ComponentResource {
    constructor(password: pulumi.Output<string>) {
        super("test:leaky:Wrapper", "wrapper");
        this.registerOutputs({ connection: { password: pulumi.unsecret(password) } });
    }
}

const leakLocations = async (program: () => unknown) => findLeaks(await runProgram(program)).map((l) => l.where);

describe("the leak scan reports a planted leak with its location", () => {
    test("the password exported as a plain stack output (pulumi.unsecret)", async () => {
        const where = await leakLocations(() => {
            const secret = new MlflowDbSecret("mlflow-db", aws);
            return { dbPassword: pulumi.unsecret(secret.password) };
        });
        assert.deepEqual(where, ["stack output.dbPassword"]);
    });

    test("Argo CD's bcrypt hash exported in plain text counts as a leak too", async () => {
        const where = await leakLocations(() => {
            const secret = new ArgoAdminSecret("argocd-admin", aws);
            return { hash: pulumi.unsecret(secret.bcryptHash) };
        });
        assert.deepEqual(where, ["stack output.hash"]);
    });

    test("the password in a ConfigMap's data, whether unwrapped or still secret-wrapped", async () => {
        const where = await leakLocations(() => {
            const secret = new MlflowDbSecret("mlflow-db", aws);
            new k8s.core.v1.ConfigMap("plain", { metadata: { namespace: "mlflow" }, data: { DB_PASSWORD: pulumi.unsecret(secret.password) } });
            // Secret-wrapped only encrypts Pulumi's state: the ConfigMap in the cluster holds plain text.
            new k8s.core.v1.ConfigMap("wrapped", { metadata: { namespace: "mlflow" }, data: { url: pulumi.interpolate`postgres://mlflow:${secret.password}@db/mlflow` } });
        });
        assert.deepEqual(where.sort(), [
            "urn:pulumi:dev::mlops-platform::pulumi:pulumi:Stack$kubernetes:core/v1:ConfigMap::plain input data.DB_PASSWORD",
            "urn:pulumi:dev::mlops-platform::pulumi:pulumi:Stack$kubernetes:core/v1:ConfigMap::wrapped input data.url",
        ]);
    });

    test("the password in a command's command line, even secret-wrapped; env and stdin are fine", async () => {
        const where = await leakLocations(() => {
            const secret = new MlflowDbSecret("mlflow-db", aws);
            new command.local.Command("argv", { create: pulumi.interpolate`psql -c "ALTER ROLE mlflow PASSWORD '${secret.password}'"` });
            new command.local.Command("env-and-stdin", {
                create: "psql -v ON_ERROR_STOP=1",
                environment: { PGPASSWORD: secret.password },
                stdin: pulumi.interpolate`\\password ${secret.password}`,
                logging: "none",
            });
        });
        assert.deepEqual(where, ["urn:pulumi:dev::mlops-platform::pulumi:pulumi:Stack$command:local:Command::argv input create"]);
    });

    test("a component output registered without pulumi.secret", async () => {
        const where = await leakLocations(() => {
            const secret = new MlflowDbSecret("mlflow-db", aws);
            new LeakyWrapper(secret.password);
        });
        assert.deepEqual(where, ["urn:pulumi:dev::mlops-platform::pulumi:pulumi:Stack$test:leaky:Wrapper::wrapper output.connection.password"]);
    });

    test("assertNoLeaks fails naming every location, and refuses a run that generated nothing", async () => {
        const run = await runProgram(() => {
            const secret = new MlflowDbSecret("mlflow-db", aws);
            return { dbPassword: pulumi.unsecret(secret.password) };
        });
        assert.throws(() => assertNoLeaks(run), /Secret values leaked in plain text:\n {2}- stack output\.dbPassword$/);
        const empty = await runProgram(() => { new pulumi.ComponentResource("test:empty:Thing", "nothing"); });
        assert.throws(() => assertNoLeaks(empty), /generated no secret/);
    });
});

test("the stored value itself is not a leak: it goes to the store secret-wrapped", async () => {
    const run = await runProgram(() => { new MlflowDbSecret("mlflow-db", aws); });
    const parameter = run.resources.find((r) => r.type === "aws:ssm/parameter:Parameter")!;
    assert.equal(parameter.inputs.value, run.cloud.generatedSecrets[0], "the scan looks at a resource that does hold the password");
    assert.deepEqual(findLeaks(run), []);
});
