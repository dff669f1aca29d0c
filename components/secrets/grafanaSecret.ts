import * as pulumi from "@pulumi/pulumi";
import { grafanaChartWorkload } from "../rotation/kubernetes/chartWorkloads";
import { grafanaAdminResetUpdater } from "../rotation/kubernetes/grafanaAdminReset";
import { MissingWorkload } from "../rotation/kubernetes/missingWorkload";
import { requireWorkloadRef } from "../rotation/kubernetes/workloadRef";
import { SecretsInputError } from "../validation/inputError";
import { ClusterAccessArgs } from "../access/clusterAccessArgs";
import { exposeSecret, platformSecretOf } from "./exposedOutputs";
import { ManagedSecretArgs } from "./managedSecretArgs";
import { PlatformSecret, PlatformSecretArgs, validatePlatformSecretArgs } from "./platformSecret";
import { componentType, withPreviousType } from "../naming/componentType";

export interface GrafanaSecretArgs extends ManagedSecretArgs {
    /**
     * Namespace Grafana runs in.
     * @default "monitoring"
     */
    readonly namespace?: string;
    /**
     * Grafana admin login.
     * @default "admin"
     */
    readonly adminUser?: string;
    /**
     * Helm release name of kube-prometheus-stack (or of the grafana chart) that runs Grafana; it names the default
     * grafanaWorkload: `deployment/<release>-grafana`, or `deployment/<release>` when the name contains "grafana".
     * @default "kube-prometheus-stack", so the default workload is `deployment/kube-prometheus-stack-grafana`
     */
    readonly helmReleaseName?: string;
    /**
     * The Grafana workload whose admin password each rotation resets (Grafana applies the Secret's password only when
     * its database is first created) and which is restarted, as `kind/name`; set to "" to skip the reset.
     * @default the chart's Deployment for helmReleaseName
     */
    readonly grafanaWorkload?: string;
    /**
     * Name of the Kubernetes Secret; point the chart's `admin.existingSecret` at it.
     * @default "grafana-admin-credentials"
     */
    readonly kubernetesSecretName?: string;
}

const ADMIN_USER = /^[a-zA-Z0-9_.@-]{1,128}$/;

/**
 * Grafana's admin password, kept at `<prefix>/grafana/admin-password` and synced into a Secret with the chart's
 * `admin.existingSecret` keys `admin-user` / `admin-password`. Grafana applies that password only when its database is
 * first created, so a rotation also resets it in the running Grafana (see the rotation docs).
 */
export class GrafanaSecret extends pulumi.ComponentResource {
    declare readonly password: pulumi.Output<string>;
    declare readonly cloudLocation: pulumi.Output<string>;
    declare readonly kubernetesSecretName: pulumi.Output<string>;
    declare readonly kubernetesNamespace: pulumi.Output<string>;
    declare readonly kubernetesSecretKeys: pulumi.Output<string[]>;
    declare readonly rotatedAt: pulumi.Output<string>;
    declare readonly rotatedAtUnix: pulumi.Output<number>;
    declare readonly rotationDays: pulumi.Output<number>;
    /** The admin login in the Secret's `admin-user` key. */
    readonly adminUser: pulumi.Output<string>;

    constructor(name: string, args: GrafanaSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        const adminUser = args.adminUser ?? "admin";
        if (!ADMIN_USER.test(adminUser)) {
            throw new SecretsInputError("adminUser", adminUser, "Use a login of letters, digits, '_', '.', '@' or '-' (e.g. \"admin\").");
        }
        const namespace = args.namespace ?? "monitoring";
        const grafanaWorkload = args.grafanaWorkload ?? grafanaChartWorkload("helmReleaseName", args.helmReleaseName ?? "kube-prometheus-stack");
        const resetAdmin = grafanaWorkload === "" ? undefined : grafanaAdminResetUpdater(
            namespace, requireWorkloadRef("grafanaWorkload", grafanaWorkload), args.missingWorkload ?? MissingWorkload.Skip,
            { kubeContext: args.kubeContext },
            // Breach response: Grafana keeps sessions across a password change, so the reset also revokes the admin's.
            { revokeSessions: args.revokePrevious ?? false, adminUser });
        const platformArgs: PlatformSecretArgs = {
            ...args,
            namespace,
            restartWorkloads: args.restartWorkloads ?? (grafanaWorkload === "" ? [] : [grafanaWorkload]),
            app: "grafana",
            valueName: "admin-password",
            kubernetesSecretName: args.kubernetesSecretName ?? "grafana-admin-credentials",
            templateData: { "admin-user": adminUser, "admin-password": "{{ .password }}" },
        };
        validatePlatformSecretArgs(platformArgs, { name, opts });
        super(componentType("GrafanaSecret"), name, {}, withPreviousType(opts, "mlops:secrets:GrafanaSecret"));

        // Passed on so that the namespace's access set, created outside this component, waits for the same things.
        const secret = new PlatformSecret(name, platformArgs, { parent: this, dependsOn: opts?.dependsOn }, resetAdmin);
        const outputs = exposeSecret(this, secret);
        this.adminUser = pulumi.output(adminUser);
        this.registerOutputs({ ...outputs, adminUser: this.adminUser });
    }

    /** Also syncs this secret into another cluster, read there by that cluster's own identity (see PlatformSecret). */
    syncToCluster(cluster: ClusterAccessArgs, kubernetesProvider: pulumi.ProviderResource, kubeContext?: string): void {
        platformSecretOf(this).syncToCluster(cluster, kubernetesProvider, kubeContext);
    }
}
