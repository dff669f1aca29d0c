import * as pulumi from "@pulumi/pulumi";
import { SecretsInputError } from "../validation/inputError";
import { AwsSecretService, CloudProvider } from "./storedSecret";

/**
 * Where values live on AWS: Systems Manager Parameter Store (SecureString parameters, the default) or Secrets Manager
 * (`service: secrets-manager`).
 */
export interface AwsStoreArgs {
    /**
     * The AWS service that keeps the values. Secrets Manager adds a resource policy per secret (only its readers and
     * administrators are not denied) and is what AWS's own rotation works on; it costs per secret and month.
     * @default AwsSecretService.ParameterStore
     */
    readonly service?: AwsSecretService;
    /**
     * Parameter Store only: first segment of every parameter name; a value lives at `<parameterPrefix>/<app>/<name>`.
     * @default `/<project>-<stack>`, e.g. `/mlops-platform-dev`, as in the platform's design document
     */
    readonly parameterPrefix?: string;
    /**
     * Secrets Manager only: first segment of every secret name; a value lives in the secret `<secretNamePrefix>/<app>/<name>`.
     * @default `<project>-<stack>`, e.g. `mlops-platform-dev` (secret `mlops-platform-dev/mlflow/db-password`)
     */
    readonly secretNamePrefix?: string;
    /**
     * ARN of a customer-managed KMS key that encrypts the values. Readers are then also granted `kms:Decrypt` on it,
     * only through the service (`kms:ViaService`) and only for their own value (encryption context).
     * @default the AWS-managed key of the service: `alias/aws/ssm` or `alias/aws/secretsmanager`
     */
    readonly kmsKeyArn?: string;
    /**
     * Region to keep the values in, e.g. `eu-west-1`; a cluster's `cluster.aws.region` must then be the same.
     * @default the AWS provider's region
     */
    readonly region?: string;
    /**
     * Secrets Manager only: days a deleted secret stays recoverable (7-30), or 0 to delete it at once (a secret removed
     * from the program is then gone for good, and its name is free for a new one immediately).
     * @default 30, AWS's default: the name stays taken, and the value restorable, for 30 days after deletion
     */
    readonly recoveryWindowInDays?: number;
    /**
     * Secrets Manager only: IAM role or user ARNs (path included; not assumed-role session ARNs) that keep every right
     * on the secrets besides the deployer: a break-glass role, a second CI role that also runs `pulumi up`. Each secret's
     * resource policy denies everyone else every action but reading metadata, and reading the value to all but the
     * readers ESO uses. The account's root user is never denied.
     * @default none: only the identity running `pulumi up` (its role, for an assumed-role session) and the root user
     */
    readonly adminPrincipalArns?: string[];
}

/** Where values live on Azure: secrets in an existing Key Vault (create one with `HardenedKeyVault` from `/azure`). */
export interface AzureStoreArgs {
    /** Name of the Key Vault that holds the secrets. */
    readonly vaultName: string;
    /** Resource group of the Key Vault. */
    readonly resourceGroupName: string;
    /**
     * Prepended to every secret name, e.g. `dev-` gives `dev-mlflow-db-password`; lets environments share a vault.
     * @default no prefix: `mlflow-db-password`
     */
    readonly secretNamePrefix?: string;
}

/** Where values live on Google Cloud: Secret Manager secrets. */
export interface GcpStoreArgs {
    /** Project id that holds the secrets. */
    readonly project: string;
    /**
     * Regions to replicate each secret to (user-managed replication), e.g. `["europe-west1"]` for data residency.
     * @default automatic replication chosen by Google
     */
    readonly replicationLocations?: string[];
    /**
     * Prepended to every secret id, e.g. `dev-` gives `dev-mlflow-db-password`; lets environments share a project.
     * @default no prefix: `mlflow-db-password`
     */
    readonly secretIdPrefix?: string;
}

/**
 * Where values live on HashiCorp Vault or OpenBao: secrets in a KV version 2 secrets engine. The deployer's own
 * `@pulumi/vault` provider configuration writes them; ESO in the cluster reads them through Kubernetes auth.
 */
export interface VaultStoreArgs {
    /**
     * The Vault (or OpenBao) server address as ESO in the cluster reaches it, e.g. `https://vault.example.com:8200`;
     * written to the SecretStore's `vault.server`. Only `https://` is accepted: ESO sends its Kubernetes token there.
     */
    readonly address: string;
    /**
     * Path of the KV version 2 mount that holds the values (ESO's `vault.path`). It must exist: create it with
     * `VaultKvMount` (`@mlops-platform/secrets/vault`) or the platform program's `vault.createMount`, or use one you have.
     * @default "secret", the KV v2 mount of a dev-mode Vault or OpenBao
     */
    readonly mountPath?: string;
    /**
     * First segments of every secret's path in the mount; a value lives at `<mountPath>/data/<pathPrefix>/<app>/<name>`.
     * @default `<project>-<stack>`, e.g. `mlops-platform-dev`
     */
    readonly pathPrefix?: string;
    /**
     * Vault Enterprise or OpenBao namespace that holds the mount, e.g. `platform/dev` (no leading or trailing '/'). It
     * is set on every Vault resource (relative to the provider's namespace, so configure the provider at the root
     * namespace) and on the SecretStore (`vault.namespace`).
     * @default none: the root namespace (Vault Community Edition has no other)
     */
    readonly namespace?: string;
    /**
     * PEM bundle of the CA that signed the server's certificate, for ESO (`vault.caBundle`).
     * @default none: ESO trusts the system roots of its image
     */
    readonly caBundlePem?: string;
    /**
     * Versions kept per secret (KV v2 `max_versions`): a rotation writes a new version and older ones stay readable for
     * rollback (`remoteVersion`) until this many newer ones exist.
     * @default 10
     */
    readonly maxVersions?: number;
}

/** The cloud settings every managed secret takes: which cloud, and that cloud's settings. */
export interface CloudStoreArgs {
    /** The cloud secret store to keep the value in. */
    readonly cloud: CloudProvider;
    /** Settings for `cloud: aws`. */
    readonly aws?: AwsStoreArgs;
    /** Settings for `cloud: azure`; required then. */
    readonly azure?: AzureStoreArgs;
    /** Settings for `cloud: gcp`; required then. */
    readonly gcp?: GcpStoreArgs;
    /** Settings for `cloud: vault` (HashiCorp Vault or OpenBao); required then. */
    readonly vault?: VaultStoreArgs;
}

/** What a stored value is called, before each cloud's naming rules turn it into a parameter or secret name. */
export interface ValueName {
    /** The consumer, e.g. `mlflow`. */
    readonly app: string;
    /** The value, e.g. `db-password`. */
    readonly name: string;
}

const SSM_PATH = /^\/[a-zA-Z0-9_.\-/]+$/;
// CreateSecret: 1-512 of ASCII letters, digits and /_+=.@- (Secrets Manager API reference, CreateSecret "Name").
const SECRETS_MANAGER_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const IAM_PRINCIPAL_ARN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const AZURE_SECRET_NAME = /^[a-zA-Z0-9-]{1,127}$/;
const GCP_SECRET_ID = /^[a-zA-Z0-9_-]{1,255}$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[a-zA-Z0-9-]+$/;
const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const GCP_LOCATION = /^[a-z]+-[a-z]+[0-9]+$/;
const AZURE_VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/** The full parameter name on AWS, checked against Parameter Store's rules. */
export function parameterName(args: AwsStoreArgs, value: ValueName): string {
    const prefix = (args.parameterPrefix ?? `/${pulumi.getProject()}-${pulumi.getStack()}`).replace(/\/+$/, "");
    const name = `${prefix}/${value.app}/${value.name}`;
    if (!SSM_PATH.test(name) || name.split("/").length - 1 > 15 || /^\/(aws|ssm)/i.test(name)) {
        throw new SecretsInputError("aws.parameterPrefix", args.parameterPrefix,
            `The parameter name would be ${JSON.stringify(name)}. Parameter names start with '/', use only letters, digits and '_.-/', ` +
            "have at most 15 levels and must not begin with 'aws' or 'ssm'; choose a prefix such as \"/mlops-platform-dev\".");
    }
    return name;
}

/**
 * The secret name on AWS Secrets Manager, `<prefix>/<app>/<name>`, checked against Secrets Manager's rules. Readers
 * and grants use the full ARN (with the random suffix AWS adds), so a name ending in `-` and six characters (which a
 * partial ARN could be confused with) does no harm here.
 */
export function secretsManagerSecretName(args: AwsStoreArgs, value: ValueName): string {
    const prefix = (args.secretNamePrefix ?? `${pulumi.getProject()}-${pulumi.getStack()}`).replace(/\/+$/, "");
    const name = `${prefix}/${value.app}/${value.name}`;
    if (!SECRETS_MANAGER_NAME.test(name) || name.startsWith("/")) {
        throw new SecretsInputError("aws.secretNamePrefix", args.secretNamePrefix,
            `The secret name would be ${JSON.stringify(name)}. Secrets Manager names have 1-512 letters, digits and '/_+=.@-'; ` +
            "choose a prefix of those characters that does not start with '/', such as \"mlops-platform-dev\".");
    }
    return name;
}

/** The name of a value on AWS in the chosen service (parameter or secret name). */
export function awsValueName(args: AwsStoreArgs, value: ValueName): string {
    return args.service === AwsSecretService.SecretsManager ? secretsManagerSecretName(args, value) : parameterName(args, value);
}

/** The secret name on Azure Key Vault (1–127 of `a-zA-Z0-9-`). */
export function keyVaultSecretName(args: AzureStoreArgs, value: ValueName): string {
    const name = `${args.secretNamePrefix ?? ""}${value.app}-${value.name}`;
    if (!AZURE_SECRET_NAME.test(name)) {
        throw new SecretsInputError("azure.secretNamePrefix", args.secretNamePrefix,
            `The Key Vault secret name would be ${JSON.stringify(name)}; Key Vault allows 1-127 letters, digits and '-'. Use a prefix of those characters.`);
    }
    return name;
}

/** The secret id on GCP Secret Manager (1–255 of `a-zA-Z0-9_-`). */
export function secretManagerSecretId(args: GcpStoreArgs, value: ValueName): string {
    const id = `${args.secretIdPrefix ?? ""}${value.app}-${value.name}`;
    if (!GCP_SECRET_ID.test(id)) {
        throw new SecretsInputError("gcp.secretIdPrefix", args.secretIdPrefix,
            `The Secret Manager secret id would be ${JSON.stringify(id)}; ids allow 1-255 letters, digits, '_' and '-'. Use a prefix of those characters.`);
    }
    return id;
}

/** Vault mounts and KV paths: segments of letters, digits, `_`, `.` and `-` — never a glob (`*`, `+`) a policy would widen. */
const VAULT_PATH = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;
/** Mount paths Vault reserves for itself. */
const VAULT_RESERVED_MOUNTS = ["sys", "auth", "identity", "cubbyhole", "token"];
const VAULT_NAMESPACE = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;
const HTTPS_SERVER = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/;

/** The KV v2 mount path of Vault settings, checked. */
export function vaultMountPath(args: VaultStoreArgs): string {
    const mount = args.mountPath ?? "secret";
    if (typeof mount !== "string" || !VAULT_PATH.test(mount) || VAULT_RESERVED_MOUNTS.includes(mount.split("/")[0])) {
        throw new SecretsInputError("vault.mountPath", mount,
            "Name the KV v2 mount, e.g. \"secret\" or \"platform/kv\": segments of letters, digits, '_', '.' and '-' separated by '/', " +
            `no leading or trailing '/', no '*' or '+', and not a path Vault reserves (${VAULT_RESERVED_MOUNTS.join(", ")}).`);
    }
    return mount;
}

/** The secret's path inside the KV v2 mount (`<pathPrefix>/<app>/<name>`), checked. */
export function vaultSecretPath(args: VaultStoreArgs, value: ValueName): string {
    const prefix = (args.pathPrefix ?? `${pulumi.getProject()}-${pulumi.getStack()}`).replace(/^\/+|\/+$/g, "");
    const path = `${prefix}/${value.app}/${value.name}`;
    const segments = path.split("/");
    if (!VAULT_PATH.test(path) || segments.some((s) => s === "." || s === "..") || ["data", "metadata"].includes(segments[0])) {
        throw new SecretsInputError("vault.pathPrefix", args.pathPrefix,
            `The secret path would be ${JSON.stringify(path)}. Use a prefix of letters, digits, '_', '.', '-' and '/' (e.g. "mlops-platform-dev"), ` +
            "without '*', '+', '.' or '..' segments, and not starting with \"data\" or \"metadata\" (KV v2 API words).");
    }
    return path;
}

/** The exact Vault policy path that reads one KV v2 secret: `<mount>/data/<path>`. */
export function vaultPolicyPath(mount: string, path: string): string {
    return `${mount}/data/${path}`;
}

/** Checks every Vault store setting (not the paths of values). */
function validateVaultStoreArgs(vault: VaultStoreArgs | undefined): VaultStoreArgs {
    if (typeof vault !== "object" || vault === null) {
        throw new SecretsInputError("vault", vault, "With cloud \"vault\", set vault.address (e.g. \"https://vault.example.com:8200\").");
    }
    if (typeof vault.address !== "string" || !HTTPS_SERVER.test(vault.address)) {
        throw new SecretsInputError("vault.address", vault.address,
            "Give the server's https:// address as ESO in the cluster reaches it, e.g. \"https://vault.example.com:8200\" (no path); " +
            "plain http would send ESO's Kubernetes token and the secrets unencrypted.");
    }
    vaultMountPath(vault);
    if (vault.namespace !== undefined && (typeof vault.namespace !== "string" || !VAULT_NAMESPACE.test(vault.namespace))) {
        throw new SecretsInputError("vault.namespace", vault.namespace,
            "Give the Vault Enterprise or OpenBao namespace path, e.g. \"platform/dev\", without leading or trailing '/'; leave it out for the root namespace.");
    }
    if (vault.caBundlePem !== undefined && (typeof vault.caBundlePem !== "string" || !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(vault.caBundlePem))) {
        throw new SecretsInputError("vault.caBundlePem", vault.caBundlePem === undefined ? vault.caBundlePem : "(not a PEM certificate bundle)",
            "Give the PEM text of the CA certificate(s) (-----BEGIN CERTIFICATE----- ...), or leave it out to trust ESO's system roots.");
    }
    if (vault.maxVersions !== undefined && (!Number.isInteger(vault.maxVersions) || vault.maxVersions < 2 || vault.maxVersions > 100)) {
        throw new SecretsInputError("vault.maxVersions", vault.maxVersions,
            "Use a whole number from 2 to 100: at least the current and the previous version must stay readable for rollback.");
    }
    return vault;
}

/** The service and the settings that belong to it; a setting of the other service is refused rather than ignored. */
function validateAwsService(aws: AwsStoreArgs): void {
    const service = aws.service ?? AwsSecretService.ParameterStore;
    if (!Object.values(AwsSecretService).includes(service)) {
        throw new SecretsInputError("aws.service", aws.service,
            `Use one of: ${Object.values(AwsSecretService).join(", ")} (AwsSecretService.ParameterStore or .SecretsManager).`);
    }
    if (service === AwsSecretService.ParameterStore) {
        const onlySecretsManager = { secretNamePrefix: aws.secretNamePrefix, recoveryWindowInDays: aws.recoveryWindowInDays, adminPrincipalArns: aws.adminPrincipalArns };
        for (const [field, value] of Object.entries(onlySecretsManager)) {
            if (value !== undefined) {
                throw new SecretsInputError(`aws.${field}`, value,
                    `It applies to Secrets Manager only: set aws.service to "${AwsSecretService.SecretsManager}", or remove it to keep Parameter Store.`);
            }
        }
        return;
    }
    if (aws.parameterPrefix !== undefined) {
        throw new SecretsInputError("aws.parameterPrefix", aws.parameterPrefix,
            "It names SSM parameters; with aws.service \"secrets-manager\" name the secrets with aws.secretNamePrefix (e.g. \"mlops-platform-dev\").");
    }
    const days = aws.recoveryWindowInDays;
    if (days !== undefined && !(Number.isInteger(days) && (days === 0 || (days >= 7 && days <= 30)))) {
        throw new SecretsInputError("aws.recoveryWindowInDays", days,
            "Use a whole number of days from 7 to 30 (how long a deleted secret stays recoverable), or 0 to delete at once.");
    }
    if (aws.adminPrincipalArns !== undefined) {
        if (!Array.isArray(aws.adminPrincipalArns)) {
            throw new SecretsInputError("aws.adminPrincipalArns", aws.adminPrincipalArns, "Give a list of IAM role or user ARNs.");
        }
        for (const arn of aws.adminPrincipalArns) {
            if (typeof arn !== "string" || !IAM_PRINCIPAL_ARN.test(arn)) {
                throw new SecretsInputError("aws.adminPrincipalArns", arn,
                    "Give IAM role or user ARNs such as \"arn:aws:iam::111122223333:role/break-glass\" (path included). An assumed-role " +
                        "session ARN (arn:aws:sts::…:assumed-role/…) or a wildcard would not match the aws:PrincipalArn the policy compares.");
            }
        }
    }
}

/**
 * Checks the settings of the chosen cloud and every name the values will get, before any resource exists.
 * Loads no cloud SDK.
 */
export function validateCloudStoreArgs(args: CloudStoreArgs, values: ValueName[]): void {
    switch (args.cloud) {
        case CloudProvider.Aws: {
            const aws = args.aws ?? {};
            if (aws.kmsKeyArn !== undefined && !KMS_KEY_ARN.test(aws.kmsKeyArn)) {
                throw new SecretsInputError("aws.kmsKeyArn", aws.kmsKeyArn,
                    "Give the full key ARN, e.g. \"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\" (an alias cannot be granted kms:Decrypt exactly).");
            }
            if (aws.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(aws.region)) {
                throw new SecretsInputError("aws.region", aws.region, "Use an AWS region in lower case, e.g. \"eu-west-1\", or leave it out for the provider's region.");
            }
            validateAwsService(aws);
            values.forEach((v) => awsValueName(aws, v));
            return;
        }
        case CloudProvider.Azure: {
            const azure = args.azure;
            if (!azure) {
                throw new SecretsInputError("azure", azure, "With cloud \"azure\", set azure.vaultName and azure.resourceGroupName.");
            }
            if (!AZURE_VAULT_NAME.test(azure.vaultName ?? "") || azure.vaultName.includes("--")) {
                throw new SecretsInputError("azure.vaultName", azure.vaultName,
                    "Key Vault names have 3-24 letters, digits and '-', start with a letter, end with a letter or digit and have no '--'.");
            }
            if (!azure.resourceGroupName) {
                throw new SecretsInputError("azure.resourceGroupName", azure.resourceGroupName, "Name the resource group of the Key Vault.");
            }
            values.forEach((v) => keyVaultSecretName(azure, v));
            return;
        }
        case CloudProvider.Gcp: {
            const gcp = args.gcp;
            if (!gcp || !GCP_PROJECT.test(gcp.project ?? "")) {
                throw new SecretsInputError("gcp.project", gcp?.project,
                    "With cloud \"gcp\", set gcp.project to a project id: 6-30 lowercase letters, digits or '-', starting with a letter.");
            }
            for (const location of gcp.replicationLocations ?? []) {
                if (!GCP_LOCATION.test(location)) {
                    throw new SecretsInputError("gcp.replicationLocations", gcp.replicationLocations,
                        `${JSON.stringify(location)} is not a region name; use regions such as "europe-west1", or leave the list out for automatic replication.`);
                }
            }
            if (gcp.replicationLocations?.length === 0) {
                throw new SecretsInputError("gcp.replicationLocations", gcp.replicationLocations,
                    "Name at least one region, or leave the list out for automatic replication.");
            }
            values.forEach((v) => secretManagerSecretId(gcp, v));
            return;
        }
        case CloudProvider.Vault: {
            const vault = validateVaultStoreArgs(args.vault);
            values.forEach((v) => vaultSecretPath(vault, v));
            return;
        }
        default:
            throw new SecretsInputError("cloud", args.cloud, `Use one of: ${Object.values(CloudProvider).join(", ")}.`);
    }
}
