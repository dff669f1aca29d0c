import * as pulumi from "@pulumi/pulumi";
import { postgresPasswordUpdater, PostgresServerArgs, StoredDocument } from "../rotation/postgres/postgresPasswordUpdate";
import { AwsSecretService, CloudProvider } from "../stores/storedSecret";
import { AwsManagedDatabaseRotationArgs } from "../rotation/aws/awsManagedRotationArgs";
import { awsManagedDatabaseRotation } from "../rotation/aws/awsManagedDatabaseRotation";
import { goDurationMinutes } from "../rotation/aws/refreshInterval";
import { resolveRotationDays } from "../generation/rotationSchedule";
import { requireRefreshInterval } from "../validation/duration";
import { SecretsInputError } from "../validation/inputError";
import { ClusterAccessArgs } from "../access/clusterAccessArgs";
import { exposeSecret, platformSecretOf } from "./exposedOutputs";
import { ManagedSecretArgs } from "./managedSecretArgs";
import { PlatformSecret, PlatformSecretArgs, validatePlatformSecretArgs } from "./platformSecret";
import { componentType, withPreviousType } from "../naming/componentType";
import { DatabaseCredentials, VaultDynamicCredentialsArgs } from "../rotation/vault/dynamicCredentialsArgs";
import { checkVaultDynamic, createVaultDynamic, requireDatabaseCredentials } from "./mlflowVaultDynamic";

export interface MlflowDbSecretArgs extends ManagedSecretArgs {
    /**
     * Where MLflow's database login comes from. `VaultDynamic` (only with `cloud: vault`, and with `cluster` and
     * `vaultDynamic`): Vault's database secrets engine makes a new login for every ESO refresh and drops it when its
     * lease ends; no password is generated, stored or rotated by `pulumi up`, and Stakater Reloader restarts MLflow
     * (docs/rotation-vault-dynamic.md).
     * @default StoredPassword: a generated password kept in the secret store, rotated by `pulumi up`
     */
    readonly credentials?: DatabaseCredentials;
    /**
     * With `credentials: VaultDynamic`: the PostgreSQL server as Vault reaches it, Vault's initial password there, and
     * the lease of each login (refreshInterval defaults to half of it).
     * @default none (required with VaultDynamic)
     */
    readonly vaultDynamic?: VaultDynamicCredentialsArgs;
    /**
     * Namespace MLflow runs in.
     * @default "mlflow"
     */
    readonly namespace?: string;
    /**
     * PostgreSQL role MLflow logs in as. With `database` and alternating users it is the owner role, and MLflow logs in
     * as `<username>_a` or `<username>_b`, whichever holds the current password.
     * @default "mlflow"
     */
    readonly username?: string;
    /**
     * The PostgreSQL server, for rotations to update the login's password there (step 1 of a rotation: only once the
     * server accepts it is the pair `{"username","password"}` stored, as one JSON value, for ESO to sync; on AWS Secrets
     * Manager the document AWS's rotation functions use, `{"engine","host","port","username","password","dbname"}`, of
     * which ESO maps `username` and `password` to the chart's keys). Leave it out for a managed database whose password
     * is wired from the `password` output.
     * @default none: the database is not touched
     */
    readonly database?: PostgresServerArgs;
    /**
     * Rotation by AWS Secrets Manager itself instead of `pulumi up` (RDS or Aurora PostgreSQL; needs `cloud: aws` with
     * `aws.service: SecretsManager`, and no `database`): AWS's published multi-user function alternates the login between
     * `<username>` and `<username>_clone` every `rotationDays`. The first value is stored once and never written again by
     * Pulumi; ESO's `refreshInterval` is derived from the schedule (a longer one is refused); the `restartWorkloads` are
     * marked for stakater Reloader, which restarts them when ESO writes the new value. Run the one-time database setup
     * first (docs/rotation-aws-managed.md).
     * @default none: `pulumi up` rotates the secret
     */
    readonly awsManagedRotation?: AwsManagedDatabaseRotationArgs;
    /**
     * Name of the Kubernetes Secret; point the chart's `backendStore.existingDatabaseSecret.name` at it.
     * @default "mlflow-db-credentials"
     */
    readonly kubernetesSecretName?: string;
}

const POSTGRES_ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The password of MLflow's PostgreSQL backend store. Kept at `<prefix>/mlflow/db-password` and synced into a Secret
 * with the keys the community-charts/mlflow chart reads by default: `username` and `password`
 * (`backendStore.existingDatabaseSecret: {name, usernameKey: username, passwordKey: password}`).
 */
export class MlflowDbSecret extends pulumi.ComponentResource {
    declare readonly password: pulumi.Output<string>;
    declare readonly cloudLocation: pulumi.Output<string>;
    declare readonly kubernetesSecretName: pulumi.Output<string>;
    declare readonly kubernetesNamespace: pulumi.Output<string>;
    declare readonly kubernetesSecretKeys: pulumi.Output<string[]>;
    declare readonly rotatedAt: pulumi.Output<string>;
    declare readonly rotatedAtUnix: pulumi.Output<number>;
    declare readonly rotationDays: pulumi.Output<number>;
    /** The PostgreSQL role in the Secret's `username` key. */
    readonly username: pulumi.Output<string>;

    constructor(name: string, args: MlflowDbSecretArgs, opts?: pulumi.ComponentResourceOptions) {
        const username = args.username ?? "mlflow";
        if (!POSTGRES_ROLE.test(username)) {
            throw new SecretsInputError("username", username,
                "Use a PostgreSQL role name of at most 63 lowercase letters, digits or '_', starting with a letter or '_' (e.g. \"mlflow\").");
        }
        if (requireDatabaseCredentials(args) === DatabaseCredentials.VaultDynamic) {
            const checked = checkVaultDynamic(args, username, name, opts);
            super(componentType("MlflowDbSecret"), name, {}, withPreviousType(opts, "mlops:secrets:MlflowDbSecret"));
            const dynamic = createVaultDynamic(name, checked, args, this, opts);
            // No password exists outside Vault and the Secret; each login lives one lease, so it "rotates" within it.
            const outputs = {
                password: pulumi.secret(""),
                cloudLocation: dynamic.cloudLocation,
                kubernetesSecretName: dynamic.kubernetesSecretName,
                kubernetesNamespace: dynamic.kubernetesNamespace,
                kubernetesSecretKeys: dynamic.kubernetesSecretKeys,
                rotatedAt: pulumi.output(""),
                rotatedAtUnix: pulumi.output(0),
                rotationDays: pulumi.output(Math.ceil(checked.credentials.ttlSeconds / 86400)),
            };
            Object.assign(this, outputs);
            this.username = pulumi.output(username);
            this.registerOutputs({ ...outputs, username: this.username, managedSecret: true });
            return;
        }
        if (args.database && args.remoteVersion !== undefined) {
            throw new SecretsInputError("remoteVersion", args.remoteVersion,
                "The database already has the new password, so an older one would lock MLflow out: bump rotationTrigger to rotate forward " +
                "(under alternating users the previous login keeps working until then), or leave out `database` to manage the server yourself.");
        }
        // On Secrets Manager the value is the document AWS's database rotation functions use; ESO maps two of its fields.
        const document = args.cloud === CloudProvider.Aws && args.aws?.service === AwsSecretService.SecretsManager
            ? StoredDocument.AwsDatabaseSecret
            : StoredDocument.Credentials;
        const updatePassword = args.database
            ? postgresPasswordUpdater("database", args.database, username, args.revokePrevious ?? false, document)
            : undefined;
        const aws = args.awsManagedRotation === undefined ? undefined : checkAwsManagedArgs(name, args, username);
        const platformArgs: PlatformSecretArgs = {
            ...args,
            ...(aws ? { refreshInterval: args.refreshInterval ?? aws.checked.refresh.goDuration } : {}),
            namespace: args.namespace ?? "mlflow",
            app: "mlflow",
            valueName: "db-password",
            kubernetesSecretName: args.kubernetesSecretName ?? "mlflow-db-credentials",
            restartWorkloads: args.restartWorkloads ?? ["deployment/mlflow"],
            // With `database` the store holds the pair {"username","password"} the server accepted (under alternating users
            // the login changes with each rotation); ESO reads both from one version.
            // With AWS's rotation the document's username alternates too.
            templateData: { username: args.database || aws ? "{{ .username }}" : username, password: "{{ .password }}" },
        };
        validatePlatformSecretArgs(platformArgs, { name, opts });
        super(componentType("MlflowDbSecret"), name, {}, withPreviousType(opts, "mlops:secrets:MlflowDbSecret"));

        // Passed on so that the namespace's access set, created outside this component, waits for the same things.
        const secret = new PlatformSecret(name, platformArgs, { parent: this, dependsOn: opts?.dependsOn }, updatePassword, aws?.rotation);
        const outputs = exposeSecret(this, secret);
        this.username = pulumi.output(username);
        this.registerOutputs({ ...outputs, username: this.username });
    }

    /** Also syncs this secret into another cluster, read there by that cluster's own identity (see PlatformSecret). */
    syncToCluster(cluster: ClusterAccessArgs, kubernetesProvider: pulumi.ProviderResource, kubeContext?: string): void {
        const secret = platformSecretOf(this);
        if (secret === undefined) {
            throw new SecretsInputError("syncToCluster(cluster)", cluster?.clusterName,
                "Dynamic credentials are made per cluster: declare another MlflowDbSecret with credentials VaultDynamic for that cluster.");
        }
        secret.syncToCluster(cluster, kubernetesProvider, kubeContext);
    }
}

/** `awsManagedRotation` and the arguments it excludes, checked before any resource exists. */
function checkAwsManagedArgs(name: string, args: MlflowDbSecretArgs, username: string) {
    const at = "awsManagedRotation";
    if (args.cloud !== CloudProvider.Aws || args.aws?.service !== AwsSecretService.SecretsManager) {
        throw new SecretsInputError(at, `(cloud ${args.cloud}, aws.service ${args.aws?.service ?? "parameter-store"})`,
            "AWS's own rotation needs the value in Secrets Manager: set cloud: \"aws\" and aws.service: AwsSecretService.SecretsManager.");
    }
    if (args.database !== undefined) {
        throw new SecretsInputError("database", "(set together with awsManagedRotation)",
            "Choose one rotator: AWS's function (awsManagedRotation) or `pulumi up` (database); two would overwrite each other's passwords.");
    }
    if (args.rotationTrigger) {
        throw new SecretsInputError("rotationTrigger", args.rotationTrigger,
            "With awsManagedRotation AWS rotates: rotate now with `aws secretsmanager rotate-secret --secret-id <arn>` and leave rotationTrigger unset.");
    }
    if (args.revokePrevious) {
        throw new SecretsInputError("revokePrevious", args.revokePrevious,
            "AWS's multi-user function keeps the previous login valid until the rotation after next; for a breach rotate twice with " +
                "`aws secretsmanager rotate-secret` (docs/rotation-aws-managed.md, \"Breach response\") and leave revokePrevious unset.");
    }
    if (args.remoteVersion !== undefined) {
        throw new SecretsInputError("remoteVersion", args.remoteVersion,
            "With awsManagedRotation ESO must follow AWSCURRENT: a pinned version's login gets a new password within two rotations. Leave remoteVersion unset.");
    }
    const rotationDays = resolveRotationDays(args.rotationDays);
    const checked = awsManagedDatabaseRotation(at, args.awsManagedRotation!, username, rotationDays, name);
    if (args.refreshInterval !== undefined) {
        const given = requireRefreshInterval("refreshInterval", args.refreshInterval);
        if (goDurationMinutes(given) > checked.checked.refresh.hours * 60) {
            throw new SecretsInputError("refreshInterval", given,
                `AWS rotates every ${rotationDays} days in a ${checked.checked.windowHours}-hour window, so two rotations may come ` +
                    `${checked.checked.refresh.shortestGapHours} h apart; ESO must re-read sooner: use "${checked.checked.refresh.goDuration}" or less, or leave it unset.`);
        }
    }
    return checked;
}
