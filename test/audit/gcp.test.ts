import assert from "node:assert/strict";
import { test } from "node:test";
import { GcpSecretManagerAudit } from "../../components/audit/gcpSecretManagerAudit";
import { runProgram } from "../harness";
import { expectInputError } from "../alerts/expectInputError";
import { loadedCloudSdks } from "./loadedSdks";

test("turns on Data Access (DATA_READ) audit logs for Secret Manager in the project", async () => {
    const run = await runProgram(() => new GcpSecretManagerAudit("mlops-secrets-audit", { project: "mlops-platform-dev" }));
    const configs = run.resources.filter((r) => r.type === "gcp:projects/iAMAuditConfig:IAMAuditConfig");
    assert.equal(configs.length, 1);
    assert.deepEqual(configs[0].inputs, {
        project: "mlops-platform-dev",
        service: "secretmanager.googleapis.com",
        auditLogConfigs: [{ logType: "DATA_READ" }],
    });
    const component = run.resources.find((r) => r.type === "secrets:index:GcpSecretManagerAudit")!;
    assert.equal(configs[0].parent, component.urn);
});

test("a domain-scoped project id is accepted", async () => {
    const run = await runProgram(() => new GcpSecretManagerAudit("audit", { project: "example.com:mlops-platform" }));
    assert.equal(run.resources.find((r) => r.type === "gcp:projects/iAMAuditConfig:IAMAuditConfig")!.inputs.project, "example.com:mlops-platform");
});

test("a missing project, a project number or a malformed id is refused before anything is created", async () => {
    await expectInputError(() => new GcpSecretManagerAudit("audit", { project: undefined as unknown as string }), "project", /got nothing \(the argument is missing\)/);
    await expectInputError(() => new GcpSecretManagerAudit("audit", { project: "123456789012" }), "project", /looks like the project number/);
    await expectInputError(() => new GcpSecretManagerAudit("audit", { project: "MLOps_Platform" }), "project", /got "MLOps_Platform"\. Pass the project id/);
});

test("a program using the GCP audit loads neither the AWS nor the Azure SDK, nor the GCP root module", () => {
    assert.deepEqual(loadedCloudSdks(), { sdks: ["gcp"], rootImports: [] });
});
