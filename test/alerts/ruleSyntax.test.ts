import assert from "node:assert/strict";
import { test } from "node:test";
import { SecretAlerts } from "../../components/alerts";
import { runProgram } from "../harness";
import { prometheusRuleSchemaError } from "./prometheusRuleSchema";
import { promqlSyntaxErrors } from "./promql";
import { promtool, promtoolMissing } from "./promtool";
import { allRules, ruleObjects } from "./ruleObjects";

const everyRule = () => runProgram(() => new SecretAlerts("alerts", {
    managedSecrets: [
        { name: "mlflow-db-credentials", namespace: "mlflow", rotationDays: 90, lastRotatedUnix: 1_790_000_000 },
        { name: "argocd-secret", namespace: "argocd", rotationDays: 30, lastRotatedUnix: 1_790_000_000 },
    ],
}));

test("the PromQL check finds syntax errors (so a clean result means something)", () => {
    assert.notDeepEqual(promqlSyntaxErrors("vector(time()) >"), []);
    assert.notDeepEqual(promqlSyntaxErrors("increase(externalsecret_sync_calls_error[20m] > 0"), []);
    assert.notDeepEqual(promqlSyntaxErrors('secretstore_status_condition{condition="Ready",status=} == 1'), []);
    assert.deepEqual(promqlSyntaxErrors("vector(time()) > 1797776000"), []);
});

test("every generated rule expression parses with Prometheus' PromQL grammar", async () => {
    const rules = allRules(await everyRule());
    assert.equal(rules.length, 9);
    for (const r of rules) {
        assert.deepEqual(promqlSyntaxErrors(r.expr), [], `${r.alert}: ${r.expr}`);
    }
});

test("the schema check rejects a malformed PrometheusRule (so a clean result means something)", async () => {
    const valid = { apiVersion: "monitoring.coreos.com/v1", kind: "PrometheusRule", metadata: { name: "x" },
        spec: { groups: [{ name: "g", rules: [{ alert: "A", expr: "up == 0", for: "10m" }] }] } };
    assert.equal(await prometheusRuleSchemaError(valid), undefined);
    const badFor = structuredClone(valid);
    badFor.spec.groups[0].rules[0].for = "10 minutes";
    assert.match((await prometheusRuleSchemaError(badFor))!, /for must match pattern/);
    const noExpr = structuredClone(valid) as { spec: { groups: { rules: Record<string, unknown>[] }[] } };
    delete noExpr.spec.groups[0].rules[0].expr;
    assert.match((await prometheusRuleSchemaError(noExpr))!, /must have required property 'expr'|expr/);
});

test("every generated object validates against the PrometheusRule schema", async () => {
    const objects = [...ruleObjects(await everyRule()).values()];
    assert.equal(objects.length, 2);
    for (const object of objects) {
        assert.equal(await prometheusRuleSchemaError(object), undefined, object.metadata.name);
    }
});

test("promtool check rules accepts the generated groups (Prometheus' own parser, strict fields, templates)", async (t) => {
    const missing = promtoolMissing();
    if (missing) {
        t.skip(missing);
        return;
    }
    const groups = [...ruleObjects(await everyRule()).values()].flatMap((o) => o.spec.groups);
    const checked = promtool(["check", "rules", "rules.yml"], { "rules.yml": { groups } });
    assert.equal(checked.status, 0, checked.output);
    assert.match(checked.output, /SUCCESS: 9 rules found/);
    // The same check fails on a typo'd field and on a scalar comparison Prometheus refuses.
    const typo = promtool(["check", "rules", "rules.yml"], { "rules.yml": { groups: [{ name: "g", rules: [{ alert: "A", expr: "up == 0", fro: "5m" }] }] } });
    assert.notEqual(typo.status, 0, typo.output);
    const scalar = promtool(["check", "rules", "rules.yml"], { "rules.yml": { groups: [{ name: "g", rules: [{ alert: "A", expr: "time() > 5" }] }] } });
    assert.notEqual(scalar.status, 0, scalar.output);
});
