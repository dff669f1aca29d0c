import * as pulumi from "@pulumi/pulumi";
import { PasswordProfile } from "../generation/passwordProfile";
import { ClusterAccessArgs } from "../access/clusterAccessArgs";
import { exposeSecret, platformSecretOf } from "./exposedOutputs";
import { ManagedSecretArgs } from "./managedSecretArgs";
import { PlatformSecret, PlatformSecretArgs, validatePlatformSecretArgs } from "./platformSecret";
import { componentType, withPreviousType } from "../naming/componentType";

export interface ArgoAdminSecretArgs extends ManagedSecretArgs {
    /**
     * Namespace Argo CD runs in.
     * @default "argocd"
     */
    readonly namespace?: string;
}

/**
 * Argo CD's admin password. The plaintext is kept in the cloud store for reference (`<prefix>/argocd/admin-password`)
 * and never enters the cluster; its bcrypt hash (`<prefix>/argocd/admin-password-bcrypt`, hashed once by Pulumi, so
 * stable) is merged into `argocd-secret` as `admin.password`, with `admin.passwordMtime` set to the rotation time —
 * a rotation logs out every session, as Argo CD does for a password change. The Secret keeps the
 * `app.kubernetes.io/part-of: argocd` label Argo CD needs.
 */
export class ArgoAdminSecret extends pulumi.ComponentResource {
    declare readonly password: pulumi.Output<string>;
    declare readonly cloudLocation: pulumi.Output<string>;
    declare readonly kubernetesSecretName: pulumi.Output<string>;
    declare readonly kubernetesNamespace: pulumi.Output<string>;
    declare readonly kubernetesSecretKeys: pulumi.Output<string[]>;
    declare readonly rotatedAt: pulumi.Output<string>;
    declare readonly rotatedAtUnix: pulumi.Output<number>;
    declare readonly rotationDays: pulumi.Output<number>;
    /** The bcrypt hash Argo CD reads, as a secret. */
    readonly bcryptHash: pulumi.Output<string>;

    constructor(name: string, args: ArgoAdminSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        const platformArgs: PlatformSecretArgs = {
            ...args,
            namespace: args.namespace ?? "argocd",
            app: "argocd",
            valueName: "admin-password",
            kubernetesSecretName: "argocd-secret",
            passwordProfile: PasswordProfile.Bcrypt,
            storeBcryptHash: true,
            mergeIntoExistingSecret: true,
            existingSecretOwner: "Argo CD (the argo-cd chart creates argocd-secret with configs.secret.createSecret: true, its default)",
            targetLabels: { "app.kubernetes.io/part-of": "argocd" },
            templateData: { "admin.password": "{{ .bcryptHash }}", "admin.passwordMtime": "{{ .rotatedAt }}" },
        };
        validatePlatformSecretArgs(platformArgs, { name, opts });
        super(componentType("ArgoAdminSecret"), name, {}, withPreviousType(opts, "mlops:secrets:ArgoAdminSecret"));

        // Passed on so that the namespace's access set, created outside this component, waits for the same things.
        const secret = new PlatformSecret(name, platformArgs, { parent: this, dependsOn: opts?.dependsOn });
        const outputs = exposeSecret(this, secret);
        this.bcryptHash = secret.bcryptHash;
        this.registerOutputs({ ...outputs, bcryptHash: this.bcryptHash });
    }

    /** Also syncs this secret into another cluster, read there by that cluster's own identity (see PlatformSecret). */
    syncToCluster(cluster: ClusterAccessArgs, kubernetesProvider: pulumi.ProviderResource, kubeContext?: string): void {
        platformSecretOf(this).syncToCluster(cluster, kubernetesProvider, kubeContext);
    }
}
