import { test } from "node:test";
import assert from "node:assert/strict";
import { Provider } from "@pulumi/kubernetes/provider";
import {
    ReloadableChart, ReloaderInstall, reloaderChartValues, RELOADER_SECRET_RELOAD_ANNOTATION, secretReloadAnnotations,
    WorkloadReloadPatch,
} from "../../components/reloader";
import { runProgram } from "../harness";
import { single } from "../access/fixtures";

const RELEASE = "kubernetes:helm.sh/v3:Release";

test("Reloader from its chart: pinned 2.2.17, annotations strategy, a Role in each consumer namespace and no ClusterRole", async () => {
    const run = await runProgram(() => {
        const provider = new Provider("mlops-eu", { kubeconfig: "{}" });
        new ReloaderInstall("reloader", { watchNamespaces: ["monitoring", "mlflow", "minio", "mlflow"] }, { provider });
    });
    const release = single(run, RELEASE);
    assert.equal(release.inputs.chart, "reloader");
    assert.equal(release.inputs.version, "2.2.17");
    assert.deepEqual(release.inputs.repositoryOpts, { repo: "https://stakater.github.io/stakater-charts" });
    assert.equal(release.inputs.namespace, "reloader");
    assert.equal(release.inputs.createNamespace, true);
    const values = release.inputs.values.reloader;
    // The default strategy (env-vars) would add STAKATER_<SECRET>_SECRET to the pod template: drift against Helm/Pulumi.
    assert.equal(values.reloadStrategy, "annotations");
    // Scoped mode: watchGlobally false with a namespace list renders per-namespace Roles and no ClusterRole.
    assert.equal(values.watchGlobally, false);
    assert.deepEqual(values.namespaces, ["minio", "mlflow", "monitoring"], "sorted and deduplicated, so a re-run changes nothing");
    assert.equal(values.ignoreConfigMaps, true);
    assert.equal(values.autoReloadAll, false, "only workloads marked for a Secret are rolled");
    // Failed reloads are counted in reloader_reload_executed_total{success="false"}: scraped by kube-prometheus-stack's Prometheus.
    assert.deepEqual(values.podMonitor, { enabled: true, labels: { release: "kube-prometheus-stack" } });
    assert.equal(release.provider?.split("::")[3], "mlops-eu");
    const component = single(run, "secrets:index:ReloaderInstall");
    assert.deepEqual(component.rawOutputs?.watchNamespaces, ["minio", "mlflow", "monitoring"]);
});

test("watching every namespace is an explicit opt-in, and the chart's refused combination is refused first", async () => {
    const run = await runProgram(() => new ReloaderInstall("reloader", { watchAllNamespaces: true, namespace: "kube-tools", chartVersion: "2.3.0", podMonitorEnabled: false, podMonitorLabels: { release: "monitoring" } }));
    const release = single(run, RELEASE);
    assert.equal(release.inputs.values.reloader.watchGlobally, true);
    assert.equal(release.inputs.values.reloader.namespaces, undefined);
    assert.equal(release.inputs.namespace, "kube-tools");
    assert.equal(release.inputs.version, "2.3.0");
    assert.deepEqual(release.inputs.values.reloader.podMonitor, { enabled: false, labels: { release: "monitoring" } });

    const refused: Array<[object, RegExp]> = [
        [{}, /ReloaderInstall\.watchNamespaces.*missing.*consumer namespaces.*watchAllNamespaces: true/s],
        [{ watchNamespaces: [] }, /ReloaderInstall\.watchNamespaces.*consumer namespaces/s],
        [{ watchNamespaces: ["ml flow"] }, /ReloaderInstall\.watchNamespaces\[0\].*ml flow/s],
        [{ watchNamespaces: ["mlflow"], watchAllNamespaces: true }, /either watchNamespaces .* or watchAllNamespaces/s],
        [{ watchNamespaces: ["mlflow"], chartVersion: "2.2.15" }, /chartVersion.*2\.2\.15.*at least 2\.2\.16/s],
        [{ watchNamespaces: ["mlflow"], chartVersion: "latest" }, /chartVersion.*latest.*X\.Y\.Z/s],
        [{ watchNamespaces: ["mlflow"], namespace: "Reloader" }, /ReloaderInstall\.namespace.*Reloader/s],
        [{ watchNamespaces: ["mlflow"], podMonitorLabels: { release: "kube prometheus" } }, /podMonitorLabels\["release"\].*kube prometheus/s],
    ];
    for (const [args, message] of refused) {
        // Thrown by the constructor before super(): nothing is registered.
        assert.throws(() => new ReloaderInstall("bad", args), message, JSON.stringify(args));
    }
});

test("the reload annotation names each Secret once, in a stable order, and refuses what Reloader could not match", () => {
    assert.deepEqual(secretReloadAnnotations(["mlflow-db", "artifact-creds", "mlflow-db"]), { [RELOADER_SECRET_RELOAD_ANNOTATION]: "artifact-creds,mlflow-db" });
    assert.equal(RELOADER_SECRET_RELOAD_ANNOTATION, "secret.reloader.stakater.com/reload");
    assert.throws(() => secretReloadAnnotations([]), /secretNames.*Name the Kubernetes Secrets/s);
    assert.throws(() => secretReloadAnnotations(["MLflow_DB"]), /secretNames\[0\].*MLflow_DB/s);
    assert.throws(() => secretReloadAnnotations(["a,b"]), /secretNames\[0\].*a,b/s, "a comma would name two Secrets");
});

test("each platform chart gets the annotation under the value its templates put on the workload (or pod template)", () => {
    const reload = { [RELOADER_SECRET_RELOAD_ANNOTATION]: "s" };
    // community-charts/mlflow has no Deployment annotations value: the pod template's, which Reloader also reads.
    assert.deepEqual(reloaderChartValues(ReloadableChart.Mlflow, ["s"]), { podAnnotations: reload });
    assert.deepEqual(reloaderChartValues(ReloadableChart.Minio, ["s"]), { additionalAnnotations: reload });
    assert.deepEqual(reloaderChartValues(ReloadableChart.Grafana, ["s"]), { annotations: reload });
    assert.deepEqual(reloaderChartValues(ReloadableChart.KubePrometheusStackGrafana, ["s"]), { grafana: { annotations: reload } });
    assert.throws(() => reloaderChartValues("argo-cd" as ReloadableChart, ["s"]), /chart.*argo-cd.*secretReloadAnnotations/s);
});

test("a workload a chart already runs is marked by a server-side-apply patch of its metadata annotations only", async () => {
    const run = await runProgram(() => {
        new WorkloadReloadPatch("mlflow-reload", { namespace: "mlflow", workload: "deployment/mlflow", secretNames: ["mlflow-db"] });
        new WorkloadReloadPatch("minio-reload", { namespace: "minio", workload: "statefulset/minio", secretNames: ["minio-root"] });
        new WorkloadReloadPatch("agent-reload", { namespace: "ops", workload: "daemonset/agent", secretNames: ["agent-token"] });
    });
    const deployment = single(run, "kubernetes:apps/v1:DeploymentPatch");
    assert.deepEqual(deployment.inputs, {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "mlflow", namespace: "mlflow", annotations: { [RELOADER_SECRET_RELOAD_ANNOTATION]: "mlflow-db" } },
    }, "no spec: the patch owns one annotation and nothing a chart renders");
    assert.equal(single(run, "kubernetes:apps/v1:StatefulSetPatch").inputs.metadata.name, "minio");
    assert.equal(single(run, "kubernetes:apps/v1:DaemonSetPatch").inputs.metadata.namespace, "ops");
    assert.ok(deployment.parent?.endsWith("secrets:index:WorkloadReloadPatch::mlflow-reload"));

    assert.throws(() => new WorkloadReloadPatch("x", { namespace: "mlflow", workload: "job/migrate", secretNames: ["s"] }), /WorkloadReloadPatch\.workload.*job\/migrate/s);
    assert.throws(() => new WorkloadReloadPatch("x", { namespace: "mlflow", workload: "deployment/mlflow", secretNames: [] }), /WorkloadReloadPatch\.secretNames.*Name the Kubernetes Secrets/s);
});
