// Identity modes of every cloud, kept here (no cloud SDK) so that the cloud-neutral ClusterAccessArgs and its typings
// never import a cloud's module: an AWS-only project compiles without @pulumi/gcp, and the other way round.

/** How the ESO ServiceAccount gets AWS credentials. */
export enum AwsIdentityMode {
    /** IAM Roles for Service Accounts: the ServiceAccount is annotated with the role, trusted through the cluster's OIDC provider. */
    Irsa = "Irsa",
    /**
     * EKS Pod Identity: an association on the ESO *controller's* ServiceAccount, so the store has no auth block and
     * acts as the controller. It does NOT isolate namespaces: a SecretStore without an auth block in any namespace
     * acts as the same role and reads everything granted to it. Allowed only with `SecretStoreScope.Cluster`, where
     * that sharing is explicit.
     */
    PodIdentity = "PodIdentity",
}

/** Which identity reads the secrets. */
export enum GcpIdentityMode {
    /**
     * A Google service account per namespace; the Kubernetes ServiceAccount may act as it
     * (`roles/iam.workloadIdentityUser`) and carries the `iam.gke.io/gcp-service-account` annotation.
     */
    GoogleServiceAccount = "GoogleServiceAccount",
    /**
     * No Google service account: grants name the Kubernetes ServiceAccount's workload identity principal directly, and
     * ESO uses the federated token as is (it does so when the ServiceAccount has no GCP annotation).
     */
    DirectPrincipal = "DirectPrincipal",
}

/**
 * Whose token Vault's Kubernetes auth sends to the cluster's TokenReview API to check a login. The reviewer needs the
 * `system:auth-delegator` ClusterRole; no long-lived reviewer token is ever configured by this package.
 */
export enum VaultTokenReviewer {
    /**
     * Vault runs in the cluster and reviews with its own pod's ServiceAccount token (the official Vault and OpenBao
     * charts bind that ServiceAccount to `system:auth-delegator`: `server.authDelegator.enabled`, on by default).
     * Nothing is created in the cluster for it.
     */
    VaultServiceAccount = "VaultServiceAccount",
    /**
     * Vault runs outside the cluster with no reviewer token configured, so it reviews each login with the token being
     * checked: the package binds each reader ServiceAccount to `system:auth-delegator` (one ClusterRoleBinding per
     * namespace). No pod runs as that ServiceAccount and its token is requested only by ESO, for 10 minutes.
     */
    ClientServiceAccount = "ClientServiceAccount",
}
