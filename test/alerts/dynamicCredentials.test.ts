/**
 * Alerts for Vault dynamic database credentials: parsed by the PromQL grammar and promtool, valid PrometheusRule objects,
 * and run in Prometheus' own rule engine (`promtool test rules`) against ESO metrics as a failing generator produces them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { SecretAlerts, SecretAlertsArgs } from "../../components/alerts";
import { SecretsInputError } from "../../components/validation/inputError";
import { attemptProgram, runProgram } from "../harness";
import { prometheusRuleSchemaError } from "./prometheusRuleSchema";
import { promqlSyntaxErrors } from "./promql";
import { promtool, promtoolMissing } from "./promtool";
import { allRules, ruleObjects } from "./ruleObjects";

const RUNBOOK = "https://github.com/mlops-platform/secrets#runbook-";
// A 1-hour lease refreshed every 30 minutes: the lease-end alert fires after 15 minutes without a sync (15 minutes left).
const target = { externalSecretName: "mlflow-db-credentials", namespace: "mlflow", credentialTtlSeconds: 3600, refreshInterval: "30m" };

const alerts = (args: SecretAlertsArgs) => runProgram(() => new SecretAlerts("alerts", args));

describe("dynamic-credential alerts", () => {
    test("two rules per ExternalSecret, valid PromQL and PrometheusRule, the lease-end wait derived from lease and refresh", async () => {
        const run = await alerts({ dynamicCredentials: [target, { ...target, namespace: "mlflow-staging", credentialTtlSeconds: 86400, refreshInterval: "12h" }] });
        const rules = allRules(run).filter((r) => r.alert.startsWith("DynamicDb"));
        assert.deepEqual(rules.map((r) => `${r.alert} ${r.for}`), [
            "DynamicDbCredentialsRefreshFailing 20m", "DynamicDbCredentialsLeaseEnding 15m",
            "DynamicDbCredentialsRefreshFailing 20m", "DynamicDbCredentialsLeaseEnding 6h",
        ]);
        const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
        for (const rule of rules) {
            assert.deepEqual(promqlSyntaxErrors(rule.expr), [], rule.expr);
            const anchor = rule.annotations.runbook_url.slice(RUNBOOK.length - "runbook-".length);
            assert.match(anchor, /^runbook-dynamic-db-credentials-/);
            assert.ok(readme.includes(`<a id="${anchor}"></a>`), `README has the runbook section ${anchor}`);
        }
        for (const object of ruleObjects(run).values()) {
            assert.equal(await prometheusRuleSchemaError(object), undefined);
        }
    });

    test("no targets, no dynamic-credential group", async () => {
        const run = await alerts({});
        assert.equal(allRules(run).some((r) => r.alert.startsWith("DynamicDb")), false);
    });

    const bad: Array<[string, object, string]> = [
        ["a refresh longer than half the lease", { refreshInterval: "45m" }, "dynamicCredentials[0].refreshInterval"],
        ["a lease under 10 minutes", { credentialTtlSeconds: 60 }, "dynamicCredentials[0].credentialTtlSeconds"],
        ["a namespace that is no DNS label", { namespace: "MLflow" }, "dynamicCredentials[0].namespace"],
    ];
    for (const [what, change, argument] of bad) {
        test(`refuses ${what} before anything is created`, async () => {
            const attempt = await attemptProgram(() => new SecretAlerts("alerts", { dynamicCredentials: [{ ...target, ...change }] }));
            assert.ok(attempt.error instanceof SecretsInputError, String(attempt.error));
            assert.equal((attempt.error as SecretsInputError).argument, argument);
            assert.deepEqual(attempt.run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => r.type), []);
        });
    }

    test("in Prometheus' rule engine: a failing generator warns after 20m; the lease-end page comes with a quarter of the lease left", async (t) => {
        const missing = promtoolMissing();
        if (missing) {
            t.skip(missing);
            return;
        }
        const run = await alerts({ dynamicCredentials: [target] });
        const groups = [...ruleObjects(run).values()].flatMap((o) => o.spec.groups).filter((g) => g.name === "mlops-secrets-dynamic-credentials");
        // ESO labels as a ServiceMonitor without honorLabels delivers them; a healthy ExternalSecret in another namespace beside it.
        const es = (extra: string) => `{job="external-secrets",namespace="external-secrets",exported_namespace="mlflow",name="mlflow-db-credentials"${extra}}`;
        const other = (extra: string) => `{job="external-secrets",namespace="external-secrets",exported_namespace="other",name="mlflow-db-credentials"${extra}}`;
        const labels = { severity: "", name: "mlflow-db-credentials", exported_namespace: "mlflow", namespace: "external-secrets", job: "external-secrets" };
        const tests = [{
            interval: "1m",
            input_series: [
                // The sync errors every 5 minutes from minute 0 (Vault refuses the Kubernetes login); Ready goes False.
                { series: `externalsecret_sync_calls_error${es("")}`, values: "0+1x60" },
                { series: `externalsecret_status_condition${es(',condition="Ready",status="False"')}`, values: "1+0x60" },
                { series: `externalsecret_sync_calls_error${other("")}`, values: "0+0x60" },
                { series: `externalsecret_status_condition${other(',condition="Ready",status="False"')}`, values: "0+0x60" },
            ],
            alert_rule_test: [
                { eval_time: "14m", alertname: "DynamicDbCredentialsLeaseEnding", exp_alerts: [] },
                {
                    eval_time: "16m", alertname: "DynamicDbCredentialsLeaseEnding", exp_alerts: [{
                        exp_labels: { ...labels, severity: "critical", condition: "Ready", status: "False" },
                        exp_annotations: {
                            summary: "The database login in use is about to expire",
                            description: "ExternalSecret mlflow-db-credentials in namespace mlflow has not synced for 15m: the database login MLflow uses ends within 15m, and Vault then drops it and ends its sessions.",
                            runbook_url: `${RUNBOOK}dynamic-db-credentials-lease-ending`,
                        },
                    }],
                },
                { eval_time: "19m", alertname: "DynamicDbCredentialsRefreshFailing", exp_alerts: [] },
                {
                    eval_time: "45m", alertname: "DynamicDbCredentialsRefreshFailing", exp_alerts: [{
                        exp_labels: { ...labels, severity: "warning" },
                        exp_annotations: {
                            summary: "Dynamic database credentials cannot be refreshed from Vault",
                            description: "ExternalSecret mlflow-db-credentials in namespace mlflow has failed to get a new database login from Vault for 20 minutes. MLflow keeps its current login, whose lease (1h) Vault does not extend: fix Vault, its Kubernetes auth role or the database connection before that lease ends.",
                            runbook_url: `${RUNBOOK}dynamic-db-credentials-refresh-failing`,
                        },
                    }],
                },
            ],
        }];
        const result = promtool(["test", "rules", "tests.yml"], {
            "rules.yml": { groups },
            "tests.yml": { rule_files: ["rules.yml"], evaluation_interval: "1m", tests },
        });
        assert.equal(result.status, 0, result.output);
    });
});
