import { SecretsInputError } from "../validation/inputError";
import { requireDns1123Subdomain } from "../validation/kubernetesNames";

/**
 * The workload annotation by which stakater Reloader rolls a workload when one of the named Secrets changes, whether
 * or not the pod spec references it (stakater/Reloader README.md "Named Resource Reload").
 */
export const RELOADER_SECRET_RELOAD_ANNOTATION = "secret.reloader.stakater.com/reload";

/**
 * The pod-template annotation Reloader writes with `reloadStrategy: annotations` (JSON: the Secret's name, namespace,
 * hash of its data, time). Its presence on a workload's pod template shows a reload happened.
 */
export const RELOADER_LAST_RELOADED_FROM_ANNOTATION = "reloader.stakater.com/last-reloaded-from";

/**
 * `{ "secret.reloader.stakater.com/reload": "<a>,<b>" }` for the Kubernetes Secrets a workload reads, to put on that
 * workload (its metadata, or its pod template: Reloader reads the pod template's annotations when the workload's own
 * carry none of its keys — stakater/Reloader internal/pkg/handler/upgrade.go `PerformAction`). Names are sorted and
 * deduplicated so the value, and so the workload, stays the same from one `pulumi up` to the next.
 *
 * Reloader matches each name as a regular expression anchored at both ends, so a name containing `.` also matches the
 * same name with any character there; Secret names here rarely contain dots.
 */
export function secretReloadAnnotations(secretNames: readonly string[], argument = "secretNames"): { [key: string]: string } {
    if (!Array.isArray(secretNames) || secretNames.length === 0) {
        throw new SecretsInputError(argument, secretNames,
            'Name the Kubernetes Secrets the workload reads, e.g. ["mlflow-db"] (the secret\'s kubernetesSecretName).');
    }
    secretNames.forEach((secretName, i) => requireDns1123Subdomain(`${argument}[${i}]`, secretName));
    const names = [...new Set(secretNames)].sort();
    return { [RELOADER_SECRET_RELOAD_ANNOTATION]: names.join(",") };
}

/**
 * Charts of the platform and the value under which each puts annotations on the workload that reads the Secret.
 * Read in each chart's templates; a chart without workload annotations gets the pod template's.
 */
export enum ReloadableChart {
    /** community-charts/mlflow: only `podAnnotations` (charts/mlflow/values.yaml); the Deployment has no annotations value. */
    Mlflow = "mlflow",
    /** minio/minio `helm/minio`: `additionalAnnotations` on the StatefulSet or Deployment (templates/statefulset.yaml, deployment.yaml). */
    Minio = "minio",
    /** The grafana chart: `annotations` on the Deployment (charts/grafana/templates/deployment.yaml). */
    Grafana = "grafana",
    /** kube-prometheus-stack: the grafana subchart's `annotations`, i.e. `grafana.annotations`. */
    KubePrometheusStackGrafana = "kube-prometheus-stack-grafana",
}

/**
 * The Helm values fragment that puts the reload annotation on a chart's workload, e.g. for MinIO
 * `{ additionalAnnotations: { "secret.reloader.stakater.com/reload": "minio-root" } }`. Merge it into the release's
 * values (a value you already set under the same key, e.g. your own `podAnnotations`, must be merged by hand).
 */
export function reloaderChartValues(chart: ReloadableChart, secretNames: readonly string[]): { [key: string]: any } {
    const annotations = secretReloadAnnotations(secretNames);
    switch (chart) {
        case ReloadableChart.Mlflow:
            return { podAnnotations: annotations };
        case ReloadableChart.Minio:
            return { additionalAnnotations: annotations };
        case ReloadableChart.Grafana:
            return { annotations };
        case ReloadableChart.KubePrometheusStackGrafana:
            return { grafana: { annotations } };
        default:
            throw new SecretsInputError("chart", chart, `Use one of ${Object.values(ReloadableChart).map((c) => `"${c}"`).join(", ")}; for another chart put secretReloadAnnotations(...) under its workload or pod annotations value.`);
    }
}
