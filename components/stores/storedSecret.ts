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

/** Which AWS service keeps the values of `cloud: aws`. */
export enum AwsSecretService {
    /** Systems Manager Parameter Store, SecureString parameters (a new value = a new parameter version). */
    ParameterStore = "parameter-store",
    /**
     * Secrets Manager secrets (a new value = a new secret version, `AWSCURRENT` moved to it), each with a resource
     * policy that denies every principal but its readers and its administrators; AWS's own rotation builds on it.
     */
    SecretsManager = "secrets-manager",
}

/** What a principal named in a Secrets Manager secret's resource policy may do. */
export enum SecretAccessLevel {
    /** `secretsmanager:GetSecretValue` (what ESO calls); everything else stays denied. */
    Read = "read",
    /**
     * Every action on the secret (write a version, move staging labels, rotate, change the policy, delete): the
     * deployer, break-glass roles, a rotation function's role.
     */
    Manage = "manage",
}

/**
 * The resource policy of one Secrets Manager secret. It lists the principals that are not denied, and is written once
 * the program has declared them: `allow` must be called in the same turn of the program that created the secret
 * (before its first `await`); a later call throws instead of leaving a reader locked out.
 */
export interface SecretResourcePolicy {
    /** Lets the IAM role or user `principalArn` (its ARN, path included; not an assumed-role session) act at `level`. */
    allow(principalArn: pulumi.Input<string>, level: SecretAccessLevel): void;
}

/**
 * One value kept in a cloud secret store, described by what External Secrets Operator needs to read it
 * and what an identity needs to be granted on it. Every store module (AWS, Azure, GCP) returns this shape,
 * so access and sync code never has to know which cloud it runs on beyond `cloud`.
 */
export interface StoredSecret {
    readonly cloud: CloudProvider;
    /**
     * ESO `remoteRef.key`: the parameter name on AWS Parameter Store, the full secret ARN on AWS Secrets Manager (never
     * ambiguous, unlike a name or a partial ARN), the secret name on Azure and GCP, the path inside the KV v2 mount on
     * Vault (e.g. `mlops-platform-dev/mlflow/db-password`).
     */
    readonly remoteKey: pulumi.Output<string>;
    /**
     * The exact resource an access grant must name: the parameter ARN on AWS (the secret ARN, with the 6-character
     * suffix AWS adds, on Secrets Manager), the Key Vault secret's
     * resource id on Azure (`.../vaults/<vault>/secrets/<name>`), the secret's id on GCP (`projects/<p>/secrets/<id>`),
     * the exact Vault policy path on Vault (`<mount>/data/<path>`).
     */
    readonly grantScope: pulumi.Output<string>;
    /** A human-readable location for tables and docs, e.g. `ssm:/mlops-platform-dev/mlflow/db-password`. */
    readonly location: pulumi.Output<string>;
    /** The resources that write the value; ESO reads must wait for them. */
    readonly writtenBy: pulumi.Resource[];
    /** AWS only: the customer-managed KMS key ARN that encrypts the parameter or secret, when one does. */
    readonly kmsKeyArn?: pulumi.Output<string>;
    /** Azure only: the vault URL ESO's `azurekv` provider needs (`https://<vault>.vault.azure.net/`). */
    readonly vaultUrl?: pulumi.Output<string>;
    /** GCP only: the project id that holds the secret. */
    readonly project?: pulumi.Output<string>;
    /** AWS only: the region of the parameter or secret. */
    readonly region?: pulumi.Output<string>;
    /** AWS only: the service that keeps the value. @default ParameterStore */
    readonly awsService?: AwsSecretService;
    /** AWS Secrets Manager only: the secret's resource policy, which must name every principal that reads it. */
    readonly resourcePolicy?: SecretResourcePolicy;
    /**
     * ESO `remoteRef.property`: the field of a stored document that holds the value. Vault only (`value`): a KV v2
     * secret is a map of fields.
     */
    readonly remoteProperty?: string;
    /** Vault only: the KV v2 mount path (ESO's `vault.path`). */
    readonly vaultMount?: pulumi.Output<string>;
}
