import { AwsIdentityMode, GcpIdentityMode } from "./identityModes";
import { SecretStoreScope } from "./secretStoreScope";

/** How ESO in an EKS cluster authenticates to AWS. */
export interface AwsClusterAccessArgs {
    /** Region of the SSM parameters, e.g. `eu-west-1`. */
    readonly region: string;
    /**
     * IRSA or EKS Pod Identity.
     * @default Irsa: one IAM role per namespace, trusted for exactly that namespace's ServiceAccount
     */
    readonly identityMode?: AwsIdentityMode;
    /** IRSA: the cluster's IAM OIDC provider ARN. */
    readonly oidcProviderArn?: string;
    /** IRSA: the cluster's OIDC issuer URL, `https://oidc.eks.<region>.amazonaws.com/id/<id>`. */
    readonly oidcIssuerUrl?: string;
}

/** How ESO in an AKS cluster authenticates to Azure. */
export interface AzureClusterAccessArgs {
    /** Resource group for the per-namespace user-assigned identities. */
    readonly resourceGroupName: string;
    /**
     * Region of the identities.
     * @default the resource group's location
     */
    readonly location?: string;
    /** The AKS cluster's OIDC issuer URL (`oidcIssuerProfile.issuerURL`). */
    readonly oidcIssuerUrl: string;
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
     * The cluster's location, for clusters where ESO cannot ask the GKE metadata server.
     * @default read from the metadata server
     */
    readonly clusterLocation?: string;
}

/**
 * The cluster a managed secret is synced into, and how ESO there authenticates to the cloud. With it, the secret
 * creates (once per cluster and namespace, shared by all secrets of that namespace) a ServiceAccount, a cloud identity
 * bound to exactly that ServiceAccount and a SecretStore, and grants the identity read on exactly its own values.
 */
export interface ClusterAccessArgs {
    /** The cluster's name; it goes into identity names, so two clusters get two identities. */
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
}
