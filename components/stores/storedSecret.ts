import * as pulumi from "@pulumi/pulumi";

/** The cloud secret store that holds a platform secret's value. */
export enum CloudProvider {
    /** AWS Systems Manager Parameter Store, SecureString parameters. */
    Aws = "aws",
    /** Azure Key Vault secrets. */
    Azure = "azure",
    /** Google Cloud Secret Manager secrets. */
    Gcp = "gcp",
    /** HashiCorp Vault or OpenBao, KV version 2 secrets engine. */
    Vault = "vault",
}

/**
 * One value kept in a cloud secret store, described by what External Secrets Operator needs to read it
 * and what an identity needs to be granted on it. Every store module (AWS, Azure, GCP) returns this shape,
 * so access and sync code never has to know which cloud it runs on beyond `cloud`.
 */
export interface StoredSecret {
    readonly cloud: CloudProvider;
    /**
     * ESO `remoteRef.key`: the parameter name on AWS, the secret name on Azure and GCP, the path inside the KV v2 mount
     * on Vault (e.g. `mlops-platform-dev/mlflow/db-password`).
     */
    readonly remoteKey: pulumi.Output<string>;
    /**
     * The exact resource an access grant must name: the parameter ARN on AWS, the Key Vault secret's
     * resource id on Azure (`.../vaults/<vault>/secrets/<name>`), the secret's id on GCP (`projects/<p>/secrets/<id>`),
     * the exact Vault policy path on Vault (`<mount>/data/<path>`).
     */
    readonly grantScope: pulumi.Output<string>;
    /** A human-readable location for tables and docs, e.g. `ssm:/mlops-platform-dev/mlflow/db-password`. */
    readonly location: pulumi.Output<string>;
    /** The resources that write the value; ESO reads must wait for them. */
    readonly writtenBy: pulumi.Resource[];
    /** AWS only: the customer-managed KMS key ARN that encrypts the parameter, when one does. */
    readonly kmsKeyArn?: pulumi.Output<string>;
    /** Azure only: the vault URL ESO's `azurekv` provider needs (`https://<vault>.vault.azure.net/`). */
    readonly vaultUrl?: pulumi.Output<string>;
    /** GCP only: the project id that holds the secret. */
    readonly project?: pulumi.Output<string>;
    /** AWS only: the region of the parameter. */
    readonly region?: pulumi.Output<string>;
    /**
     * ESO `remoteRef.property`: the field of a stored document that holds the value. Vault only (`value`): a KV v2
     * secret is a map of fields.
     */
    readonly remoteProperty?: string;
    /** Vault only: the KV v2 mount path (ESO's `vault.path`). */
    readonly vaultMount?: pulumi.Output<string>;
}
