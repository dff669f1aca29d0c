import * as pulumi from "@pulumi/pulumi";
import { AuthBackend } from "@pulumi/vault";
import { AuthBackendConfig } from "@pulumi/vault/kubernetes";
import { requireMatch } from "../../validation/rules";
import { SecretsInputError } from "../../validation/inputError";
import { componentType } from "../../naming/componentType";

export interface VaultKubernetesAuthArgs {
    /**
     * Where to mount the auth method; each cluster needs its own.
     * @default "kubernetes"
     */
    readonly path?: string;
    /** The cluster's API server URL as Vault reaches it, e.g. `https://10.0.0.1:443` or the EKS/AKS/GKE endpoint. */
    readonly kubernetesHost: pulumi.Input<string>;
    /**
     * PEM CA certificate of the API server.
     * @default none: Vault running in the cluster reads its pod's CA (`disable_local_ca_jwt` stays false)
     */
    readonly kubernetesCaCertPem?: pulumi.Input<string>;
    /**
     * Issuer of the cluster's ServiceAccount tokens, when Vault should check it (e.g. the EKS OIDC issuer URL).
     * @default none: Vault does not check the issuer (its default since 1.9)
     */
    readonly issuer?: pulumi.Input<string>;
    /**
     * Vault Enterprise or OpenBao namespace.
     * @default the provider's namespace
     */
    readonly namespace?: string;
}

/**
 * A Kubernetes auth method for one cluster, configured without any long-lived reviewer token: Vault reviews logins with
 * its own pod's ServiceAccount token when it runs in the cluster, or with the token being checked otherwise (then give
 * the clusters' `cluster.vault.tokenReviewer: ClientServiceAccount`). Either way the reviewing ServiceAccount needs the
 * `system:auth-delegator` ClusterRole. Optional: point `cluster.vault.authMountPath` at an auth method you already have.
 */
export class VaultKubernetesAuth extends pulumi.ComponentResource {
    /** The mount path, for `cluster.vault.authMountPath`. */
    readonly path: pulumi.Output<string>;
    /** The mount's accessor, for `cluster.vault.authMountAccessor`. */
    readonly accessor: pulumi.Output<string>;

    constructor(name: string, args: VaultKubernetesAuthArgs, opts?: pulumi.ComponentResourceOptions) {
        if (typeof args !== "object" || args === null || args.kubernetesHost === undefined) {
            throw new SecretsInputError("kubernetesHost", args?.kubernetesHost, "Give the cluster's API server URL as Vault reaches it, e.g. \"https://kubernetes.default.svc\".");
        }
        const path = requireMatch("path", args.path ?? "kubernetes", {
            pattern: /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/,
            fix: "Use a mount path without leading or trailing '/', e.g. \"kubernetes\" or \"k8s/mlops-dev\".",
        });
        super(componentType("VaultKubernetesAuth"), name, {}, opts);
        const namespace = args.namespace === undefined ? {} : { namespace: args.namespace };
        const backend = new AuthBackend(name, { type: "kubernetes", path, description: "Kubernetes auth for External Secrets Operator (@mlops-platform/secrets)", ...namespace }, { parent: this });
        new AuthBackendConfig(name, {
            backend: backend.path,
            kubernetesHost: args.kubernetesHost,
            kubernetesCaCert: args.kubernetesCaCertPem,
            issuer: args.issuer,
            ...namespace,
        }, { parent: this });
        this.path = backend.path;
        this.accessor = backend.accessor;
        this.registerOutputs({ path: this.path, accessor: this.accessor });
    }
}
