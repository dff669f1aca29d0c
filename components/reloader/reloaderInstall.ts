import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3";
import { SecretsInputError } from "../validation/inputError";
import { DNS1123_LABEL } from "../validation/kubernetesNames";
import { requireLabels } from "../validation/labels";
import { requireMatch } from "../validation/rules";
import { componentType } from "../naming/componentType";

export const RELOADER_CHART_REPOSITORY = "https://stakater.github.io/stakater-charts";
/** Chart 2.2.17 runs Reloader v1.4.22 (stakater/Reloader pull request 1218). */
export const RELOADER_DEFAULT_CHART_VERSION = "2.2.17";
/**
 * The first chart with the scoped multi-namespace mode (`watchGlobally: false` + `namespaces`: a Role and RoleBinding in
 * each listed namespace, no ClusterRole; stakater/Reloader pull requests 1162/1184,
 * deployments/kubernetes/chart/reloader/tests/namespaces_rbac_test.yaml). An older chart ignores `namespaces` and would
 * silently watch only its own namespace.
 */
const OLDEST_SCOPED_RELEASE = [2, 2, 16];
const RELEASE_NAME = "reloader";

export interface ReloaderInstallArgs {
    /**
     * The namespace Reloader runs in (created if missing). The chart always watches it too.
     * @default "reloader".
     */
    readonly namespace?: string;
    /**
     * The namespaces whose Secrets Reloader watches and whose workloads it may roll: the consumer namespaces of the
     * secrets (e.g. ["mlflow", "minio", "monitoring"]). Reloader gets a Role in each and no ClusterRole, so it can read
     * the Secrets of these namespaces only. Required unless watchAllNamespaces is true.
     */
    readonly watchNamespaces?: string[];
    /**
     * Watch every namespace through a ClusterRole that reads every Secret in the cluster. Off by default: name the
     * consumer namespaces with watchNamespaces instead.
     * @default false.
     */
    readonly watchAllNamespaces?: boolean;
    /**
     * The pinned chart version (X.Y.Z, at least 2.2.16, the first with per-namespace Roles).
     * @default "2.2.17".
     */
    readonly chartVersion?: string;
    /**
     * Whether the chart renders a Prometheus Operator PodMonitor for Reloader's metrics
     * (`reloader_reload_executed_total{success}`); the chart skips it when the PodMonitor CRD is missing.
     * @default true.
     */
    readonly podMonitorEnabled?: boolean;
    /**
     * Labels on the PodMonitor, so that the Prometheus selecting monitors by label scrapes it (kube-prometheus-stack
     * selects `release: <its release name>` by default).
     * @default { release: "kube-prometheus-stack" }
     */
    readonly podMonitorLabels?: { [key: string]: string };
}

/**
 * stakater Reloader from its Helm chart: rolls a workload when a Secret it is marked for changes (see
 * `secretReloadAnnotations`), for rotations that happen without `pulumi up` (AWS Secrets Manager rotation, Vault dynamic
 * credentials). `reloadStrategy: annotations`, so a reload changes only the pod template's
 * `reloader.stakater.com/last-reloaded-from` annotation and never adds a `STAKATER_*` env var (the default strategy's,
 * which drifts from what Helm and Pulumi declared). ConfigMaps are ignored (and left out of its Roles): it is here for
 * Secrets. Pass the cluster's Kubernetes provider in `opts.provider`.
 */
export class ReloaderInstall extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    readonly chartVersion: pulumi.Output<string>;
    /** The namespaces Reloader watches (sorted; empty when it watches all). */
    readonly watchNamespaces: pulumi.Output<string[]>;

    constructor(name: string, args: ReloaderInstallArgs, opts?: pulumi.ComponentResourceOptions) {
        const namespace = requireMatch("ReloaderInstall.namespace", args?.namespace ?? "reloader", DNS1123_LABEL);
        const chartVersion = requireChartVersion(args?.chartVersion ?? RELOADER_DEFAULT_CHART_VERSION);
        const watchAll = args?.watchAllNamespaces ?? false;
        const watchNamespaces = requireWatchNamespaces(args?.watchNamespaces, watchAll);
        const podMonitorLabels = requireLabels("ReloaderInstall.podMonitorLabels", args?.podMonitorLabels ?? { release: "kube-prometheus-stack" });

        super(componentType("ReloaderInstall"), name, {}, opts);

        new Release(
            `${name}-release`,
            {
                name: RELEASE_NAME,
                chart: "reloader",
                version: chartVersion,
                repositoryOpts: { repo: RELOADER_CHART_REPOSITORY },
                namespace,
                createNamespace: true,
                values: {
                    reloader: {
                        reloadStrategy: "annotations",
                        watchGlobally: watchAll,
                        // Only in scoped mode: the chart fails to render `namespaces` with watchGlobally (role.yaml).
                        ...(watchAll ? {} : { namespaces: watchNamespaces }),
                        ignoreConfigMaps: true,
                        autoReloadAll: false,
                        readOnlyRootFileSystem: true,
                        // stakater/Reloader deployments/kubernetes/chart/reloader/templates/podmonitor.yaml: rendered only
                        // when monitoring.coreos.com/v1 exists, scraping port http /metrics.
                        podMonitor: { enabled: args?.podMonitorEnabled ?? true, labels: podMonitorLabels },
                        deployment: {
                            containerSecurityContext: {
                                allowPrivilegeEscalation: false,
                                capabilities: { drop: ["ALL"] },
                            },
                        },
                    },
                },
            },
            { parent: this },
        );

        this.namespace = pulumi.output(namespace);
        this.chartVersion = pulumi.output(chartVersion);
        this.watchNamespaces = pulumi.output(watchNamespaces);
        this.registerOutputs({ namespace: this.namespace, chartVersion: this.chartVersion, watchNamespaces: this.watchNamespaces });
    }
}

function requireWatchNamespaces(namespaces: string[] | undefined, watchAll: boolean): string[] {
    if (watchAll) {
        if (namespaces !== undefined && namespaces.length > 0) {
            throw new SecretsInputError("ReloaderInstall.watchNamespaces", namespaces,
                "Give either watchNamespaces (a Role in each) or watchAllNamespaces: true (a ClusterRole), not both; the chart refuses both.");
        }
        return [];
    }
    if (!Array.isArray(namespaces) || namespaces.length === 0) {
        throw new SecretsInputError("ReloaderInstall.watchNamespaces", namespaces,
            'Name the consumer namespaces whose Secrets Reloader may read, e.g. ["mlflow", "minio", "monitoring"], or set watchAllNamespaces: true to let it read every Secret in the cluster.');
    }
    namespaces.forEach((ns, i) => requireMatch(`ReloaderInstall.watchNamespaces[${i}]`, ns, DNS1123_LABEL));
    return [...new Set(namespaces)].sort();
}

function requireChartVersion(version: string): string {
    const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(typeof version === "string" ? version : "");
    const parts = match ? match.slice(1).map(Number) : undefined;
    const tooOld = parts !== undefined && (parts[0] - OLDEST_SCOPED_RELEASE[0] || parts[1] - OLDEST_SCOPED_RELEASE[1] || parts[2] - OLDEST_SCOPED_RELEASE[2]) < 0;
    if (!parts || tooOld) {
        throw new SecretsInputError("ReloaderInstall.chartVersion", version,
            `Pin an exact chart version X.Y.Z, at least ${OLDEST_SCOPED_RELEASE.join(".")} (the first with per-namespace Roles), e.g. "${RELOADER_DEFAULT_CHART_VERSION}".`);
    }
    return version;
}
