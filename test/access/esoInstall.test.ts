import { test } from "node:test";
import assert from "node:assert/strict";
import { Provider } from "@pulumi/kubernetes/provider";
import { EsoInstall } from "../../components/eso";
import { runProgram } from "../harness";
import { single } from "./fixtures";

const RELEASE = "kubernetes:helm.sh/v3:Release";

test("ESO from the official chart: pinned 2.9.0, CRDs, metrics Service and ServiceMonitor, on the given cluster", async () => {
    const run = await runProgram(() => {
        const provider = new Provider("mlops-eu", { kubeconfig: "{}" });
        new EsoInstall("eso", {}, { provider });
    });
    const release = single(run, RELEASE);
    assert.equal(release.inputs.chart, "external-secrets");
    assert.equal(release.inputs.version, "2.9.0");
    assert.deepEqual(release.inputs.repositoryOpts, { repo: "https://charts.external-secrets.io" });
    assert.equal(release.inputs.name, "external-secrets");
    assert.equal(release.inputs.namespace, "external-secrets");
    assert.equal(release.inputs.createNamespace, true);
    assert.deepEqual(release.inputs.values, {
        installCRDs: true,
        serviceAccount: { create: true, name: "external-secrets" },
        metrics: { service: { enabled: true } },
        // kube-prometheus-stack's Prometheus selects ServiceMonitors labelled with its release name.
        serviceMonitor: { enabled: true, additionalLabels: { release: "kube-prometheus-stack" } },
    });
    assert.equal(release.provider?.split("::")[3], "mlops-eu");
    const component = single(run, "secrets:index:EsoInstall");
    assert.equal(component.rawOutputs?.controllerServiceAccountName, "external-secrets");
});

test("namespace, chart version and ServiceMonitor can be chosen", async () => {
    const run = await runProgram(() => new EsoInstall("eso", { namespace: "eso-system", chartVersion: "2.10.1", serviceMonitorEnabled: false }));
    const release = single(run, RELEASE);
    assert.equal(release.inputs.namespace, "eso-system");
    assert.equal(release.inputs.version, "2.10.1");
    assert.deepEqual(release.inputs.values.serviceMonitor, { enabled: false, additionalLabels: { release: "kube-prometheus-stack" } });
});

test("ServiceMonitor labels can be set for the Prometheus that should scrape ESO, and bad labels are refused", async () => {
    const run = await runProgram(() => new EsoInstall("eso", { serviceMonitorLabels: { release: "monitoring", "team.example.com/owner": "platform" } }));
    assert.deepEqual(single(run, RELEASE).inputs.values.serviceMonitor.additionalLabels, { release: "monitoring", "team.example.com/owner": "platform" });
    assert.throws(() => new EsoInstall("eso-bad", { serviceMonitorLabels: { release: "kube prometheus" } }), /serviceMonitorLabels\["release"\].*kube prometheus.*label value/s);
    assert.throws(() => new EsoInstall("eso-bad", { serviceMonitorLabels: { "-release": "x" } }), /serviceMonitorLabels key.*-release.*label name/s);
});
