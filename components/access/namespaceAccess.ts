import * as pulumi from "@pulumi/pulumi";
import { StoredSecret } from "../stores/storedSecret";
import { SecretStoreScope } from "./secretStoreScope";

/** Arguments every cloud's access component shares. */
export interface NamespaceAccessBaseArgs {
    /**
     * The cluster's name. It goes into the cloud identity's name, so the same namespace in two clusters gets two
     * identities; on AWS with EKS Pod Identity it must be the EKS cluster's real name.
     */
    readonly clusterName: string;
    /**
     * The namespace of the ServiceAccount the cloud identity is bound to. With the `Namespace` store scope this is
     * also the consumer namespace where the SecretStore is created (e.g. `mlflow`).
     */
    readonly namespace: string;
    /**
     * The ServiceAccount ESO authenticates as.
     * @default "external-secrets-reader", created by the component in `namespace`; on AWS with EKS Pod Identity
     * "external-secrets", the ESO chart's controller ServiceAccount, which the component does not create.
     */
    readonly serviceAccountName?: string;
    /**
     * The name of the SecretStore (or ClusterSecretStore) that ExternalSecrets reference.
     * @default a name per cloud: "aws-parameter-store", "azure-key-vault" or "gcp-secret-manager".
     */
    readonly storeName?: string;
    /**
     * Namespaced SecretStore or restricted ClusterSecretStore.
     * @default SecretStoreScope.Namespace: a SecretStore in `namespace`, readable only from there.
     */
    readonly storeScope?: SecretStoreScope;
    /**
     * With `SecretStoreScope.Cluster` only, and then required: the namespaces allowed to use the ClusterSecretStore
     * (written to `spec.conditions[].namespaces`).
     * @default none; giving it with the `Namespace` scope is an error.
     */
    readonly allowedNamespaces?: string[];
}

/**
 * What every cloud's access component offers to the code that syncs secrets: the store to reference and a way to let
 * the identity behind it read one more stored secret.
 */
export interface NamespaceAccess {
    /** The namespace of the ServiceAccount (and of the SecretStore with the `Namespace` scope). */
    readonly namespace: pulumi.Output<string>;
    readonly serviceAccountName: pulumi.Output<string>;
    /** `secretStoreRef.name` for ExternalSecrets. */
    readonly secretStoreName: pulumi.Output<string>;
    /** `secretStoreRef.kind` for ExternalSecrets: `SecretStore` or `ClusterSecretStore`. */
    readonly secretStoreKind: pulumi.Output<string>;
    /**
     * Lets this identity read exactly `secret`, through one child grant named after `name` (a DNS-1123 label such as
     * `mlflow-db-password`): adding a secret adds one grant, removing it removes one.
     */
    grantRead(secret: StoredSecret, name: string): pulumi.CustomResource;
    /**
     * The store that reads `secret`, when an access set keeps more than one (AWS: one per service).
     * @default `secretStoreName`
     */
    secretStoreNameFor?(secret: StoredSecret): pulumi.Output<string>;
}
