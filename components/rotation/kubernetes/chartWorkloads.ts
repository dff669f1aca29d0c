import { SecretsInputError } from "../../validation/inputError";
import { requireMatch, Rule } from "../../validation/rules";

/** Which workload kind the MinIO chart (minio/minio `helm/minio`) runs MinIO as: its `mode` value. */
export enum MinioMode {
    /** The chart's default: a StatefulSet (`helm/minio/templates/statefulset.yaml`). */
    Distributed = "distributed",
    /** A single Deployment (`helm/minio/templates/deployment.yaml`). */
    Standalone = "standalone",
}

/** Helm's own rule for release names: a DNS-1123 subdomain of at most 53 characters. */
const HELM_RELEASE_NAME: Rule = {
    pattern: /^(?=.{1,53}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    fix: "Give the Helm release name as `helm list -A` shows it: at most 53 lowercase letters, digits, '-' or '.' (e.g. \"minio\").",
};

/**
 * A chart's `fullname` helper, as the MinIO and Grafana charts define it: `<release>-<chart>`, or `<release>` alone when
 * it already contains the chart name; truncated to 63 characters without a trailing '-'.
 * minio/minio: helm/minio/templates/_helpers.tpl; grafana-community/helm-charts: charts/grafana/templates/_helpers.tpl.
 */
function chartFullname(releaseName: string, chartName: string): string {
    const full = releaseName.includes(chartName) ? releaseName : `${releaseName}-${chartName}`;
    return full.slice(0, 63).replace(/-+$/, "");
}

/** The MinIO chart's workload for a release: `statefulset/<fullname>` (distributed, the default) or `deployment/<fullname>`. */
export function minioChartWorkload(argument: string, releaseName: string, mode: MinioMode): string {
    requireMatch(argument, releaseName, HELM_RELEASE_NAME);
    if (!Object.values(MinioMode).includes(mode)) {
        throw new SecretsInputError("minioMode", mode, "Use MinioMode.Distributed (the chart's default, a StatefulSet) or MinioMode.Standalone (a Deployment).");
    }
    return `${mode === MinioMode.Standalone ? "deployment" : "statefulset"}/${chartFullname(releaseName, "minio")}`;
}

/**
 * Grafana's Deployment for a release of kube-prometheus-stack (whose grafana subchart takes the parent's release name)
 * or of the grafana chart itself: `deployment/<release>-grafana`, or `deployment/<release>` when the release name
 * contains "grafana". A Grafana run with `useStatefulSet` or a `fullnameOverride` is named with grafanaWorkload instead.
 */
export function grafanaChartWorkload(argument: string, releaseName: string): string {
    requireMatch(argument, releaseName, HELM_RELEASE_NAME);
    return `deployment/${chartFullname(releaseName, "grafana")}`;
}
