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
