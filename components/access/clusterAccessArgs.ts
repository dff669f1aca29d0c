import type * as pulumi from "@pulumi/pulumi";
import { AwsIdentityMode, GcpIdentityMode, VaultTokenReviewer } from "./identityModes";
import { SecretStoreScope } from "./secretStoreScope";

/** How ESO in an EKS cluster authenticates to AWS. */
export interface AwsClusterAccessArgs {
    /**
     * Region of the SSM parameters, e.g. `eu-west-1`, written to the SecretStore. It must be the region the values are
     * kept in: checked against `aws.region` when that is set, else when the parameter ARNs are known (at deployment).
     */
    readonly region: string;
    /**
     * IRSA or EKS Pod Identity.
     * @default Irsa: one IAM role per namespace, trusted for exactly that namespace's ServiceAccount
     */
    readonly identityMode?: AwsIdentityMode;
    /** IRSA: the cluster's IAM OIDC provider ARN (an Output of the cluster is fine: checked when known). */
    readonly oidcProviderArn?: pulumi.Input<string>;
    /** IRSA: the cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<id>` (Output accepted). */
    readonly oidcIssuerUrl?: pulumi.Input<string>;
}

/** How ESO in an AKS cluster authenticates to Azure. */
export interface AzureClusterAccessArgs {
    /** Resource group for the per-namespace user-assigned identities (Output accepted). */
    readonly resourceGroupName: pulumi.Input<string>;
    /**
     * Region of the identities.
     * @default the resource group's location
     */
    readonly location?: pulumi.Input<string>;
    /** The AKS cluster's OIDC issuer URL (`oidcIssuerProfile.issuerURL`; an Output of the cluster is fine: checked when known). */
    readonly oidcIssuerUrl: pulumi.Input<string>;
}

/** How ESO in a GKE cluster authenticates to Google Cloud. */
export interface GcpClusterAccessArgs {
    /** Project id that hosts the GKE cluster (its workload identity pool is `<project>.svc.id.goog`). */
    readonly clusterProject: string;
    /**
     * A Google service account per namespace, or the direct principal form.
     * @default GoogleServiceAccount
     */
    readonly identityMode?: GcpIdentityMode;
    /** DirectPrincipal only: the cluster project's number. */
    readonly clusterProjectNumber?: string;
    /**
     * The cluster's location, for clusters where ESO cannot ask the GKE metadata server. With it, ESO builds the
     * cluster's identity provider URL from `clusterName`, which must then be the GKE cluster's real name (checked:
     * GKE's naming rules).
     * @default read from the metadata server
     */
    readonly clusterLocation?: string;
}

/**
 * How ESO in a cluster authenticates to Vault or OpenBao: Kubernetes auth, one role per namespace bound to exactly that
 * namespace's reader ServiceAccount. Every field has a default, so `vault: {}` is enough when the cluster's
 * Kubernetes auth method is mounted at `kubernetes`.
 */
export interface VaultClusterAccessArgs {
    /**
     * Path of the cluster's Kubernetes auth method in Vault (ESO's `auth.kubernetes.mountPath`). Each cluster needs its
     * own mount (the mount holds the cluster's API address and CA); create one with `VaultKubernetesAuth`
     * (`@mlops-platform/secrets/vault`) or use the one you have.
     * @default "kubernetes"
     */
    readonly authMountPath?: string;
    /**
     * The auth mount's accessor (e.g. `auth_kubernetes_1a2b3c4d`), which the identity alias of each reader names
     * (Output accepted, e.g. `VaultKubernetesAuth.accessor`).
     * @default looked up from `authMountPath` with the deployer's Vault provider
     */
    readonly authMountAccessor?: pulumi.Input<string>;
    /**
     * The audience of the ServiceAccount tokens ESO requests and the Vault role requires (Vault 1.21+ refuses roles
     * without one).
     * @default "vault"
     */
    readonly audience?: string;
    /**
     * Lifetime of the Vault tokens ESO gets, in seconds (also their maximum: they are not renewed beyond it).
     * @default 600 (ESO logs in again when a token has less than a minute left)
     */
    readonly tokenTtlSeconds?: number;
    /**
     * Whose token Vault uses to review logins (needs `system:auth-delegator`).
     * @default VaultServiceAccount: Vault runs in the cluster and its chart binds its own ServiceAccount
     */
    readonly tokenReviewer?: VaultTokenReviewer;
}

/**
 * The cluster a managed secret is synced into, and how ESO there authenticates to the cloud. With it, the secret
 * creates (once per cluster and namespace, shared by all secrets of that namespace) a ServiceAccount, a cloud identity
 * bound to exactly that ServiceAccount and a SecretStore, and grants the identity read on exactly its own values.
 */
export interface ClusterAccessArgs {
    /**
     * The cluster's name; it goes into identity names, so two clusters get two identities. It must be the real cluster
     * name on AWS with EKS Pod Identity (the association names it) and on GCP with `clusterLocation` (ESO builds the
     * identity provider URL from it); elsewhere it is a label.
     */
    readonly clusterName: string;
    /**
     * A namespaced SecretStore per namespace, or one ClusterSecretStore restricted to allowedNamespaces.
     * @default Namespace
     */
    readonly storeScope?: SecretStoreScope;
    /** Cluster scope only: the namespaces that may use the ClusterSecretStore. */
    readonly allowedNamespaces?: string[];
    /** Settings for an EKS cluster (cloud `aws`). */
    readonly aws?: AwsClusterAccessArgs;
    /** Settings for an AKS cluster (cloud `azure`). */
    readonly azure?: AzureClusterAccessArgs;
    /** Settings for a GKE cluster (cloud `gcp`). */
    readonly gcp?: GcpClusterAccessArgs;
    /** How ESO authenticates to Vault or OpenBao (cloud `vault`); `{}` (or leaving it out) takes every default. */
    readonly vault?: VaultClusterAccessArgs;
}
