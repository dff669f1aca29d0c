/**
 * The one label convention for everything the package creates. Kubernetes objects carry the recommended labels
 * `app.kubernetes.io/managed-by` (the tool that applies them: Pulumi) and `app.kubernetes.io/part-of` (this package);
 * cloud resources carry the same two keys without the prefix, since GCP label keys allow no `/` or `.`.
 */
export const MANAGED_BY = "pulumi";
export const PART_OF = "mlops-platform-secrets";

/** Labels of every Kubernetes object the package creates (SecretStores, ServiceAccounts, ExternalSecrets, PrometheusRules). */
export const KUBERNETES_LABELS: Readonly<Record<string, string>> = {
    "app.kubernetes.io/managed-by": MANAGED_BY,
    "app.kubernetes.io/part-of": PART_OF,
};

/** Labels or tags of every cloud value the package stores. */
export const CLOUD_LABELS: Readonly<Record<string, string>> = {
    "managed-by": MANAGED_BY,
    "part-of": PART_OF,
};
