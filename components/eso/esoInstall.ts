import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { SecretsInputError } from "../validation/inputError";
import { DNS1123_LABEL } from "../validation/kubernetesNames";
import { requireLabels } from "../validation/labels";
import { requireMatch } from "../validation/rules";
import { componentType, withPreviousType } from "../naming/componentType";

export const ESO_CHART_REPOSITORY = "https://charts.external-secrets.io";
/** ESO 2.9 (chart and app versions are the same); serves only external-secrets.io/v1, which the access components emit. */
export const ESO_DEFAULT_CHART_VERSION = "2.9.0";
/** The oldest release that serves external-secrets.io/v1. */
const OLDEST_V1_RELEASE = [0, 16, 0];
const RELEASE_NAME = "external-secrets";
const DEFAULT_SERVICE_MONITOR_LABELS = { release: "kube-prometheus-stack" };

export interface EsoInstallArgs {
    /**
     * The namespace ESO runs in (created if missing).
     * @default "external-secrets".
     */
    readonly namespace?: string;
    /**
     * The pinned chart version (semver, at least 0.16.0, the first to serve `external-secrets.io/v1`).
     * @default "2.9.0".
     */
    readonly chartVersion?: string;
    /**
     * Whether the chart renders a Prometheus Operator ServiceMonitor for ESO's metrics (it skips it when the
     * ServiceMonitor CRD is missing). The metrics Service is always on.
     * @default true.
     */
    readonly serviceMonitorEnabled?: boolean;
    /**
     * Labels on ESO's ServiceMonitors (chart value `serviceMonitor.additionalLabels`), so that a Prometheus selecting
     * ServiceMonitors by label finds them: kube-prometheus-stack's Prometheus selects `release: <its release name>`
     * by default, and without that label ESO's metrics are never scraped and its alerts never fire.
     * @default { release: "kube-prometheus-stack" } (the release name `SecretAlerts` also assumes)
     */
    readonly serviceMonitorLabels?: { [key: string]: string };
}

/**
 * External Secrets Operator from its official Helm chart, for clusters that lack it: a pinned chart version, CRDs
 * installed by the chart, the metrics Service and a ServiceMonitor enabled. Pass the cluster's Kubernetes provider in
 * `opts.provider`, and make access components depend on this one so their stores wait for the CRDs.
 */
export class EsoInstall extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The controller's ServiceAccount (where an EKS Pod Identity association goes). */
    readonly controllerServiceAccountName: pulumi.Output<string>;
    readonly chartVersion: pulumi.Output<string>;

    constructor(name: string, args: EsoInstallArgs, opts?: pulumi.ComponentResourceOptions) {
        const namespace = requireMatch("EsoInstall.namespace", args?.namespace ?? "external-secrets", DNS1123_LABEL);
        const chartVersion = requireChartVersion(args?.chartVersion ?? ESO_DEFAULT_CHART_VERSION);
        const serviceMonitorEnabled = args?.serviceMonitorEnabled ?? true;
        const serviceMonitorLabels = requireLabels("EsoInstall.serviceMonitorLabels", args?.serviceMonitorLabels ?? DEFAULT_SERVICE_MONITOR_LABELS);

        super(componentType("EsoInstall"), name, {}, withPreviousType(opts, "mlops:eso:EsoInstall"));

        new Release(
            `${name}-release`,
            {
                name: RELEASE_NAME,
                chart: "external-secrets",
                version: chartVersion,
                repositoryOpts: { repo: ESO_CHART_REPOSITORY },
                namespace,
                createNamespace: true,
                values: {
                    installCRDs: true,
                    // Named explicitly so Pod Identity associations can rely on it.
                    serviceAccount: { create: true, name: RELEASE_NAME },
                    metrics: { service: { enabled: true } },
                    // external-secrets/external-secrets: deploy/charts/external-secrets/templates/servicemonitor.yaml puts
                    // serviceMonitor.additionalLabels on the controller's, webhook's and cert controller's ServiceMonitors.
                    serviceMonitor: { enabled: serviceMonitorEnabled, additionalLabels: serviceMonitorLabels },
                },
            },
            { parent: this },
        );

        this.namespace = pulumi.output(namespace);
        this.controllerServiceAccountName = pulumi.output(RELEASE_NAME);
        this.chartVersion = pulumi.output(chartVersion);
        this.registerOutputs({
            namespace: this.namespace,
            controllerServiceAccountName: this.controllerServiceAccountName,
            chartVersion: this.chartVersion,
        });
    }
}

function requireChartVersion(version: string): string {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(typeof version === "string" ? version : "");
    const parts = match ? match.slice(1).map(Number) : undefined;
    const tooOld = parts !== undefined && compare(parts, OLDEST_V1_RELEASE) < 0;
    if (!parts || tooOld) {
        throw new SecretsInputError(
            "EsoInstall.chartVersion",
            version,
            `Pin an exact chart version X.Y.Z, at least ${OLDEST_V1_RELEASE.join(".")} (the first that serves external-secrets.io/v1), e.g. "${ESO_DEFAULT_CHART_VERSION}".`,
        );
    }
    return version;
}

function compare(a: number[], b: number[]): number {
    return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
