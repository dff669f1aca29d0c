import * as pulumi from "@pulumi/pulumi";
import { PasswordProfile } from "../generation/passwordProfile";
import { MinioMode, minioChartWorkload } from "../rotation/kubernetes/chartWorkloads";
import { SecretsInputError } from "../validation/inputError";
import { ClusterAccessArgs } from "../access/clusterAccessArgs";
import { exposeSecret, platformSecretOf } from "./exposedOutputs";
import { ManagedSecretArgs } from "./managedSecretArgs";
import { PlatformSecret, PlatformSecretArgs, validatePlatformSecretArgs } from "./platformSecret";
import { componentType, withPreviousType } from "../naming/componentType";

export interface MinioRootSecretArgs extends ManagedSecretArgs {
    /**
     * Namespace MinIO runs in.
     * @default "minio"
     */
    readonly namespace?: string;
    /**
     * MinIO root user (at least 3 characters).
     * @default "minio-admin"
     */
    readonly rootUser?: string;
    /**
     * Name of the Kubernetes Secret; point the chart's `existingSecret` (or the operator Tenant's `configuration.name`) at it.
     * @default "minio-root-credentials"
     */
    readonly kubernetesSecretName?: string;
    /**
     * Helm release name of the MinIO chart (minio/minio); with `minioMode` it names the workload each rotation
     * restarts: `statefulset/<release>-minio` (or `<release>` when the name contains "minio"). Ignored with
     * restartWorkloads.
     * @default "minio", so the default restart target is `statefulset/minio`
     */
    readonly helmReleaseName?: string;
    /**
     * The chart's `mode`: Distributed runs a StatefulSet, Standalone a Deployment. Ignored with restartWorkloads.
     * @default MinioMode.Distributed, the chart's default
     */
    readonly minioMode?: MinioMode;
}

const ROOT_USER = /^[a-zA-Z0-9_.-]{3,128}$/;

/**
 * MinIO's root credentials, kept at `<prefix>/minio/root-password` (8–40 characters, MinIO's limit). The Secret has
 * the chart's keys `rootUser` / `rootPassword` and the operator's `config.env` (`export MINIO_ROOT_USER=...` lines).
 */
export class MinioRootSecret extends pulumi.ComponentResource {
    declare readonly password: pulumi.Output<string>;
    declare readonly cloudLocation: pulumi.Output<string>;
    declare readonly kubernetesSecretName: pulumi.Output<string>;
    declare readonly kubernetesNamespace: pulumi.Output<string>;
    declare readonly kubernetesSecretKeys: pulumi.Output<string[]>;
    declare readonly rotatedAt: pulumi.Output<string>;
    declare readonly rotatedAtUnix: pulumi.Output<number>;
    declare readonly rotationDays: pulumi.Output<number>;
    /** The root user in the Secret's `rootUser` key. */
    readonly rootUser: pulumi.Output<string>;

    constructor(name: string, args: MinioRootSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        const rootUser = args.rootUser ?? "minio-admin";
        if (!ROOT_USER.test(rootUser)) {
            throw new SecretsInputError("rootUser", rootUser, "MinIO needs a root user of at least 3 letters, digits, '_', '.' or '-' (e.g. \"minio-admin\").");
        }
        const platformArgs: PlatformSecretArgs = {
            ...args,
            namespace: args.namespace ?? "minio",
            app: "minio",
            valueName: "root-password",
            kubernetesSecretName: args.kubernetesSecretName ?? "minio-root-credentials",
            passwordProfile: PasswordProfile.MinioRoot,
            // MinIO reads its root credentials only at start-up: a restart is its whole consumer update.
            restartWorkloads: args.restartWorkloads
                ?? [minioChartWorkload("helmReleaseName", args.helmReleaseName ?? "minio", args.minioMode ?? MinioMode.Distributed)],
            templateData: {
                rootUser,
                rootPassword: "{{ .password }}",
                "config.env": `export MINIO_ROOT_USER="${rootUser}"\nexport MINIO_ROOT_PASSWORD="{{ .password }}"\n`,
            },
        };
        validatePlatformSecretArgs(platformArgs, { name, opts });
        super(componentType("MinioRootSecret"), name, {}, withPreviousType(opts, "mlops:secrets:MinioRootSecret"));

        // Passed on so that the namespace's access set, created outside this component, waits for the same things.
        const secret = new PlatformSecret(name, platformArgs, { parent: this, dependsOn: opts?.dependsOn });
        const outputs = exposeSecret(this, secret);
        this.rootUser = pulumi.output(rootUser);
        this.registerOutputs({ ...outputs, rootUser: this.rootUser });
    }

    /** Also syncs this secret into another cluster, read there by that cluster's own identity (see PlatformSecret). */
    syncToCluster(cluster: ClusterAccessArgs, kubernetesProvider: pulumi.ProviderResource, kubeContext?: string): void {
        platformSecretOf(this).syncToCluster(cluster, kubernetesProvider, kubeContext);
    }
}
