import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { ClusterAccessArgs } from "../access/clusterAccessArgs";
import { NamespaceAccess } from "../access/namespaceAccess";
import { CheckedClusterAccess, checkClusterAccess, namespaceAccessFor } from "../access/namespaceAccessFor";
import { createRotatingPassword, createSeedPassword } from "../generation/rotatingPassword";
import { PasswordProfile, resolvePasswordLength } from "../generation/passwordProfile";
import { ConsumerUpdater } from "../rotation/consumerUpdate";
import type { ExternalRotation } from "../rotation/externalRotation";
import { WorkloadReloadPatch } from "../reloader/workloadReloadPatch";
import { MissingWorkload, requireMissingWorkload } from "../rotation/kubernetes/missingWorkload";
import { waitAndRestartCommandArgs } from "../rotation/kubernetes/waitAndRestartCommand";
import { requireWorkloadRefs } from "../rotation/kubernetes/workloadRef";
import { resolveRotationDays } from "../generation/rotationSchedule";
import { awsValueName, keyVaultSecretName, secretManagerSecretId, ValueName, validateCloudStoreArgs, vaultMountPath, vaultPolicyPath, vaultSecretPath } from "../stores/cloudStoreArgs";
import { storeInCloud } from "../stores/storeInCloud";
import { AwsSecretService, CloudProvider, StoredSecret } from "../stores/storedSecret";
import { createExternalSecret, ExternalSecretData, SecretStoreKind, TargetCreationPolicy } from "../sync/externalSecret";
import { requireRefreshInterval } from "../validation/duration";
import { SecretsInputError } from "../validation/inputError";
import { requireDns1123Label, requireDns1123Subdomain, requireSecretKey } from "../validation/kubernetesNames";
import { requireIntegerInRange } from "../validation/numbers";
import { requireNoLiteralCredential } from "../validation/templateCredentials";
import { claimNames, NameClaim, providerIdentity } from "./declaredNames";
import { ManagedSecretArgs } from "./managedSecretArgs";
import { componentType, withPreviousType } from "../naming/componentType";

export interface PlatformSecretArgs extends ManagedSecretArgs {
    /** Namespace of the consumer: the ExternalSecret and the Kubernetes Secret it produces live here. */
    readonly namespace: string;
    /** The consumer, used in cloud names, e.g. `mlflow` in `/mlops-platform-dev/mlflow/db-password`. */
    readonly app: string;
    /** The value's name, e.g. `db-password`. */
    readonly valueName: string;
    /**
     * Name of the Kubernetes Secret ESO writes.
     * @default `<app>-<valueName>`
     */
    readonly kubernetesSecretName?: string;
    /**
     * Character and length rules of the consumer.
     * @default UrlSafe
     */
    readonly passwordProfile?: PasswordProfile;
    /**
     * Also keep the password's bcrypt hash in the cloud store (as `<valueName>-bcrypt`), for consumers that want a hash.
     * The hash is computed once by Pulumi and is stable; ESO's own bcrypt function would re-salt on every refresh.
     * @default false
     */
    readonly storeBcryptHash?: boolean;
    /**
     * Keys of the Kubernetes Secret, each a Go template (ESO template engine v2) over `.password` and, with
     * storeBcryptHash, `.bcryptHash`. Only the values a template uses are read into the cluster.
     * `{{ .rotatedAt }}` is filled in by Pulumi (not ESO) with the rotation time, RFC 3339. When a typed secret's
     * consumer update stores a JSON value (MLflow with `database`: `{"username","password"}`), its fields are the
     * variables, read by ESO from one version of the value.
     * @default `{ password: "{{ .password }}" }`
     */
    readonly templateData?: { [key: string]: string };
    /**
     * Merge the keys into an existing Secret owned by another tool (ESO `creationPolicy: Merge`), instead of owning a new one.
     * @default false
     */
    readonly mergeIntoExistingSecret?: boolean;
    /**
     * With mergeIntoExistingSecret: the application that creates that Secret, named in the rotation's failure when
     * the Secret does not exist (ESO's Merge never creates it). With mergeIntoExistingSecret the rotation always
     * waits for the sync (needs `kubectl` where `pulumi up` runs), even with no workload to restart.
     * @default "the application that owns Secret <namespace>/<kubernetesSecretName>"
     */
    readonly existingSecretOwner?: string;
    /**
     * Labels ESO sets on the Kubernetes Secret.
     * @default none besides `app.kubernetes.io/managed-by`
     */
    readonly targetLabels?: { [key: string]: string };
}

// Kept beside the component rather than as properties, so that the inferred multi-language schema has only Outputs.
const STORED_VALUES = new WeakMap<PlatformSecret, StoredSecret[]>();
const EXTRA_CLUSTERS = new WeakMap<PlatformSecret, (cluster: ClusterAccessArgs, provider: pulumi.ProviderResource, kubeContext?: string) => void>();
const TEMPLATE_VARIABLES: Record<string, RegExp> = {
    password: /\{\{[^}]*\.password\b[^}]*\}\}/,
    bcryptHash: /\{\{[^}]*\.bcryptHash\b[^}]*\}\}/,
};

export interface ResolvedArgs {
    readonly namespace: string;
    readonly value: ValueName;
    readonly targetName: string;
    readonly profile: PasswordProfile;
    readonly length: number;
    readonly rotationDays: number;
    readonly refreshInterval: string;
    readonly templateData: Record<string, string>;
    readonly secretStoreName: string;
    readonly restartWorkloads: string[];
    readonly rolloutTimeoutSeconds: number;
    readonly missingWorkload: MissingWorkload;
    /** With `cluster`: the namespace's access set, checked. */
    readonly clusterAccess?: CheckedClusterAccess;
}

/** The secret being declared: its resource name and options, for the collision checks against the rest of the program. */
export interface DeclaredSecret {
    readonly name: string;
    readonly opts?: pulumi.ComponentResourceOptions;
}

/**
 * Checks every argument and name before any resource exists; typed secrets call it before registering themselves.
 * With `declared`, it also checks (and then records) that no other secret of this program writes the same cloud value
 * or Kubernetes Secret.
 */
export function validatePlatformSecretArgs(args: PlatformSecretArgs, declared?: DeclaredSecret): ResolvedArgs {
    if (args === undefined || args === null || typeof args !== "object") {
        throw new SecretsInputError("args", args, "Pass the secret's arguments, e.g. { cloud: CloudProvider.Aws }.");
    }
    // The cloud first: every other setting is read in its light.
    if (!Object.values(CloudProvider).includes(args.cloud)) {
        throw new SecretsInputError("cloud", args.cloud, `Use one of: ${Object.values(CloudProvider).join(", ")} (CloudProvider.Aws, .Azure, .Gcp or .Vault).`);
    }
    for (const other of Object.values(CloudProvider).filter((c) => c !== args.cloud)) {
        if (args[other] !== undefined) {
            throw new SecretsInputError(other, "(settings for another cloud)",
                `The secret is kept in ${args.cloud}: remove ${other}, or set cloud to "${other}" if that is the cloud you meant.`);
        }
    }
    if (args.rotationTrigger !== undefined && typeof args.rotationTrigger !== "string") {
        throw new SecretsInputError("rotationTrigger", args.rotationTrigger,
            "Give a string (e.g. \"2026-11-30\" or String(n)); a number would be turned into a different keeper value by each SDK and rotate unexpectedly.");
    }
    const namespace = requireDns1123Label("namespace", args.namespace);
    const value = { app: requireDns1123Label("app", args.app), name: requireDns1123Label("valueName", args.valueName) };
    const targetName = requireDns1123Subdomain("kubernetesSecretName", args.kubernetesSecretName ?? `${value.app}-${value.name}`);
    const profile = args.passwordProfile ?? PasswordProfile.UrlSafe;
    const length = resolvePasswordLength(profile, args.passwordLength);
    const rotationDays = resolveRotationDays(args.rotationDays);
    const refreshInterval = requireRefreshInterval("refreshInterval", args.refreshInterval ?? "24h");
    const secretStoreName = requireDns1123Subdomain("secretStoreName", args.secretStoreName ?? "platform-secrets");
    const templateData = args.templateData ?? { password: "{{ .password }}" };
    if (Object.keys(templateData).length === 0) {
        throw new SecretsInputError("templateData", templateData, "Give at least one key, e.g. { password: \"{{ .password }}\" }.");
    }
    for (const [key, template] of Object.entries(templateData)) {
        requireSecretKey("templateData", key);
        if (typeof template !== "string") {
            throw new SecretsInputError(`templateData.${key}`, template, "Give each key a template string, e.g. \"{{ .password }}\".");
        }
        requireNoLiteralCredential("templateData", key, template);
        if (TEMPLATE_VARIABLES.bcryptHash.test(template) && !args.storeBcryptHash) {
            throw new SecretsInputError(`templateData.${key}`, template, "The template uses .bcryptHash; set storeBcryptHash: true so the hash is stored.");
        }
    }
    if (!Object.values(templateData).some((t) => Object.values(TEMPLATE_VARIABLES).some((re) => re.test(t)))) {
        throw new SecretsInputError("templateData", templateData, "No key uses the secret; reference it as {{ .password }} (or {{ .bcryptHash }}).");
    }
    const values = args.storeBcryptHash ? [value, { app: value.app, name: `${value.name}-bcrypt` }] : [value];
    validateCloudStoreArgs(args, values);
    const clusterAccess = args.cluster === undefined ? undefined : checkClusterAccess(args, args.cluster, namespace);
    const secretsManager = args.cloud === CloudProvider.Aws && args.aws?.service === AwsSecretService.SecretsManager;
    if (secretsManager && args.remoteVersion !== undefined && !/^(AWSPREVIOUS|AWSCURRENT|uuid\/[A-Za-z0-9-]{32,64})$/.test(args.remoteVersion)) {
        // ESO reads a staging label or `uuid/<VersionId>` (external-secrets docs/provider/aws-secrets-manager.md).
        throw new SecretsInputError("remoteVersion", args.remoteVersion,
            "Give a version of the Secrets Manager secret as ESO reads it: the staging label \"AWSPREVIOUS\" or \"uuid/<VersionId>\" " +
                "(aws secretsmanager list-secret-version-ids); leave it unset for AWSCURRENT.");
    }
    if (!secretsManager && args.remoteVersion !== undefined && !/^[A-Za-z0-9]{1,64}$/.test(args.remoteVersion)) {
        throw new SecretsInputError("remoteVersion", args.remoteVersion,
            "Give a version of the cloud value: an SSM parameter version (\"3\"), a Key Vault version id or a Secret Manager version number; leave it unset for the latest.");
    }
    const restartWorkloads = requireWorkloadRefs("restartWorkloads", args.restartWorkloads ?? []);
    const rolloutTimeoutSeconds = requireIntegerInRange("rolloutTimeoutSeconds", args.rolloutTimeoutSeconds ?? 300, 1, 3600,
        "It is how long each restarted workload may take to roll out.");
    const missingWorkload = requireMissingWorkload(args.missingWorkload ?? MissingWorkload.Skip);
    if (args.revokePrevious !== undefined && typeof args.revokePrevious !== "boolean") {
        throw new SecretsInputError("revokePrevious", args.revokePrevious, "Use true (breach response: end the previous credential) or false.");
    }
    if (declared) {
        claimNames(declared.name, [
            ...values.map((v) => cloudValueClaim(args, v, declared.opts)),
            {
                key: `secret:${args.cluster?.clusterName ?? providerIdentity(declared.opts, "kubernetes")}/${namespace}/${targetName}`,
                argument: "kubernetesSecretName",
                value: targetName,
                what: `the Kubernetes Secret ${namespace}/${targetName}${args.cluster ? ` in cluster ${args.cluster.clusterName}` : ""}`,
            },
        ]);
    }
    return {
        namespace, value, targetName, profile, length, rotationDays, refreshInterval, templateData, secretStoreName,
        restartWorkloads: [...restartWorkloads], rolloutTimeoutSeconds, missingWorkload, clusterAccess,
    };
}

/** What a stored value is in its cloud, for the collision check: the parameter, Key Vault secret or Secret Manager secret. */
function cloudValueClaim(args: PlatformSecretArgs, value: ValueName, opts: pulumi.ComponentResourceOptions | undefined): NameClaim {
    const via = providerIdentity(opts, { aws: "aws", azure: "azure-native", gcp: "gcp", vault: "vault" }[args.cloud]);
    switch (args.cloud) {
        case CloudProvider.Aws: {
            const name = awsValueName(args.aws ?? {}, value);
            return args.aws?.service === AwsSecretService.SecretsManager
                ? { key: `cloud:aws-secretsmanager:${via}:${args.aws?.region ?? ""}:${name}`, argument: "aws.secretNamePrefix", value: name, what: `the Secrets Manager secret ${name}` }
                : { key: `cloud:aws:${via}:${args.aws?.region ?? ""}:${name}`, argument: "aws.parameterPrefix", value: name, what: `the SSM parameter ${name}` };
        }
        case CloudProvider.Azure: {
            const name = keyVaultSecretName(args.azure!, value);
            return { key: `cloud:azure:${via}:${args.azure!.vaultName}/${name}`, argument: "azure.secretNamePrefix", value: name, what: `the Key Vault secret ${args.azure!.vaultName}/${name}` };
        }
        case CloudProvider.Gcp: {
            const id = secretManagerSecretId(args.gcp!, value);
            return { key: `cloud:gcp:${via}:${args.gcp!.project}/${id}`, argument: "gcp.secretIdPrefix", value: id, what: `the Secret Manager secret projects/${args.gcp!.project}/secrets/${id}` };
        }
        case CloudProvider.Vault: {
            const path = vaultPolicyPath(vaultMountPath(args.vault!), vaultSecretPath(args.vault!, value));
            const where = `${args.vault!.namespace ?? ""}:${path}`;
            return { key: `cloud:vault:${via}:${where}`, argument: "vault.pathPrefix", value: path, what: `the Vault KV secret ${path}` };
        }
    }
}

/**
 * A generated password kept in the cloud secret store and synced into one Kubernetes Secret by an ESO ExternalSecret.
 * The typed secrets (MlflowDbSecret, MinioRootSecret, ArgoAdminSecret, GrafanaSecret) are built on it; use it
 * directly for any other platform password.
 */
export class PlatformSecret extends pulumi.ComponentResource {
    /** The generated password, as a secret; wire it into a managed database resource. */
    readonly password: pulumi.Output<string>;
    /** The password's bcrypt hash (`$2a$`, cost 10), as a secret; stable until the next rotation. */
    readonly bcryptHash: pulumi.Output<string>;
    /** Where the value lives in the cloud, e.g. `ssm:/mlops-platform-dev/mlflow/db-password`. */
    readonly cloudLocation: pulumi.Output<string>;
    /** The Kubernetes Secret ESO writes. */
    readonly kubernetesSecretName: pulumi.Output<string>;
    readonly kubernetesNamespace: pulumi.Output<string>;
    /** The keys of that Secret, sorted. */
    readonly kubernetesSecretKeys: pulumi.Output<string[]>;
    /** When the current password was generated (RFC 3339); it is also the rotation id consumers and ESO see. */
    readonly rotatedAt: pulumi.Output<string>;
    /** The same instant in Unix seconds, for alerts on overdue rotations. */
    readonly rotatedAtUnix: pulumi.Output<number>;
    /** Days between scheduled rotations. */
    readonly rotationDays: pulumi.Output<number>;
    /** The workloads restarted after each rotation, as `kind/name`. */
    readonly restartWorkloads: pulumi.Output<string[]>;
    /** The ExternalSecret's name in the namespace. */
    readonly externalSecretName: pulumi.Output<string>;

    /**
     * @param consumerUpdate for typed secrets: the step that makes the consumer accept a new password, run before the
     *   value is stored (and so before ESO can sync it).
     * @param externalRotation for typed secrets that something else rotates (AWS Secrets Manager): the first value is
     *   stored once, the rotator is attached to it, and the restart workloads are marked for the Reloader instead of
     *   being restarted by `pulumi up`.
     */
    constructor(name: string, args: PlatformSecretArgs, opts?: pulumi.ComponentResourceOptions, consumerUpdate?: ConsumerUpdater,
        externalRotation?: ExternalRotation) {
        const r = validatePlatformSecretArgs(args, { name, opts });
        super(componentType("PlatformSecret"), name, {}, withPreviousType(opts, "mlops:secrets:PlatformSecret"));
        // At the stack's top level (shared by the namespace's secrets), with the providers this secret resolved.
        const access = r.clusterAccess ? namespaceAccessFor(r.clusterAccess, this, opts?.dependsOn) : undefined;

        const generated = externalRotation
            ? createSeedPassword(name, r.length, this)
            : createRotatingPassword(name, {
                length: r.length,
                rotationTrigger: args.rotationTrigger ?? "",
                rotationDays: r.rotationDays,
            }, this);
        // Step 1, the consumer update, comes first: the store is written only once the consumer accepts the new value,
        // so whatever ESO syncs at any instant (even after a failed step) works with the consumer.
        const update = consumerUpdate?.({ name, parent: this, password: generated.password, rotatedAt: generated.rotatedAt });
        const afterUpdate = { parent: this, dependsOn: update?.steps ?? [] };
        const storedValue = update?.storedValue ?? externalRotation?.storedValue(generated.password);
        const password = storeInCloud(name, storedValue ?? generated.password, args, r.value, afterUpdate, externalRotation?.versionOptions);
        // In the same turn as the store: the rotator's access goes into the secret's resource policy.
        externalRotation?.attach(password, this);
        const stored = [password];
        STORED_VALUES.set(this, stored);
        const data: ExternalSecretData[] = [];
        const extract: Array<Pick<ExternalSecretData, "remoteKey" | "property" | "version">> = [];
        const synced: Array<[StoredSecret, string]> = [];
        const uses = (variable: string) => Object.values(r.templateData).some((t) => TEMPLATE_VARIABLES[variable].test(t));
        if (storedValue) {
            // A JSON value (e.g. username and password) is read whole, in one provider call.
            extract.push({ remoteKey: password.remoteKey, property: password.remoteProperty, version: args.remoteVersion });
            synced.push([password, `${r.value.app}-${r.value.name}`]);
        } else if (uses("password")) {
            data.push({ secretKey: "password", remoteKey: password.remoteKey, property: password.remoteProperty, version: args.remoteVersion });
            synced.push([password, `${r.value.app}-${r.value.name}`]);
        }
        if (args.storeBcryptHash) {
            const hash = storeInCloud(`${name}-bcrypt`, generated.bcryptHash, args, { app: r.value.app, name: `${r.value.name}-bcrypt` }, afterUpdate);
            stored.push(hash);
            if (uses("bcryptHash")) {
                data.push({ secretKey: "bcryptHash", remoteKey: hash.remoteKey, property: hash.remoteProperty, version: args.remoteVersion });
                synced.push([hash, `${r.value.app}-${r.value.name}-bcrypt`]);
            }
        }
        const pulumiFilled: Record<string, pulumi.Input<string>> = { rotatedAt: generated.rotatedAt };
        // A rollback is a rotation for ESO and the workloads: a new id forces the sync and the restarts.
        const rotationId = args.remoteVersion === undefined
            ? generated.rotatedAt
            : generated.rotatedAt.apply((at) => `${at}.v${args.remoteVersion}`);
        const templateData = Object.fromEntries(Object.entries(r.templateData).map(([key, template]) => [key, fillTemplate(template, pulumiFilled)]));

        /** Steps 3 and 4 of a rotation in one cluster: read grants, the ExternalSecret (forced sync), then the restart. */
        const syncInto = (childName: string, readers: NamespaceAccess | undefined, provider?: pulumi.ProviderResource, kubeContext?: string) => {
            // Read access only on what ESO syncs: e.g. Argo CD's plaintext stays unreadable from the cluster.
            const grants = readers ? synced.map(([value, grantName]) => readers.grantRead(value, grantName)) : [];
            const externalSecret = createExternalSecret(childName, {
                namespace: r.namespace,
                name: r.targetName,
                secretStoreName: readers?.secretStoreNameFor?.(password) ?? readers?.secretStoreName ?? r.secretStoreName,
                secretStoreKind: readers?.secretStoreKind ?? args.secretStoreKind ?? SecretStoreKind.SecretStore,
                refreshInterval: r.refreshInterval,
                targetName: r.targetName,
                creationPolicy: args.mergeIntoExistingSecret ? TargetCreationPolicy.Merge : TargetCreationPolicy.Owner,
                data,
                extract,
                templateData,
                targetLabels: args.targetLabels ?? {},
                rotationId,
            }, { parent: this, provider, dependsOn: [...stored.flatMap((s) => s.writtenBy), ...grants] });
            if (externalRotation) {
                // No `pulumi up` runs when the value changes: the Reloader restarts the workloads when ESO writes the Secret.
                const marks = r.restartWorkloads.map((workload) => new WorkloadReloadPatch(`${childName}-reload-${workload.replace("/", "-")}`, {
                    namespace: r.namespace, workload, secretNames: [r.targetName],
                }, { parent: this, provider, dependsOn: [externalSecret] }));
                return { externalSecret, restarted: [externalSecret, ...marks] };
            }
            // A Merge target gets the wait even with nothing to restart: it is what notices a missing target Secret.
            if (r.restartWorkloads.length === 0 && !args.mergeIntoExistingSecret) {
                return { externalSecret, restarted: [externalSecret] };
            }
            const restart = new command.local.Command(`${childName}-restart`, waitAndRestartCommandArgs({
                namespace: r.namespace,
                externalSecretName: r.targetName,
                secretName: r.targetName,
                rotationId,
                workloads: r.restartWorkloads,
                rolloutTimeoutSeconds: r.rolloutTimeoutSeconds,
                missingWorkload: r.missingWorkload,
                mergeTargetOwner: args.mergeIntoExistingSecret
                    ? args.existingSecretOwner ?? `the application that owns Secret ${r.namespace}/${r.targetName}`
                    : undefined,
                kubeContext,
            }), { parent: this, dependsOn: [externalSecret] });
            return { externalSecret, restarted: [restart] };
        };
        const { externalSecret, restarted } = syncInto(name, access, undefined, args.kubeContext);
        update?.afterRestart?.(restarted);
        EXTRA_CLUSTERS.set(this, (cluster, provider, kubeContext) => {
            if (!args.cluster) {
                throw new SecretsInputError("cluster", args.cluster, "Give the secret its first cluster with `cluster` before syncing it into more.");
            }
            const checked = checkClusterAccess(args, cluster, r.namespace, "syncToCluster(cluster)");
            if (cluster.clusterName === args.cluster.clusterName) {
                throw new SecretsInputError("syncToCluster(cluster).clusterName", cluster.clusterName,
                    "The secret is already synced into that cluster; give each cluster its own name.");
            }
            const readers = namespaceAccessFor(checked, this, opts?.dependsOn, provider);
            syncInto(`${name}-${cluster.clusterName}`, readers, provider, kubeContext);
        });

        this.password = pulumi.secret(generated.password);
        this.bcryptHash = pulumi.secret(generated.bcryptHash);
        this.cloudLocation = password.location;
        this.kubernetesSecretName = pulumi.output(r.targetName);
        this.kubernetesNamespace = pulumi.output(r.namespace);
        this.kubernetesSecretKeys = pulumi.output(Object.keys(r.templateData).sort());
        this.restartWorkloads = pulumi.output(r.restartWorkloads);
        this.rotatedAt = generated.rotatedAt;
        this.rotatedAtUnix = generated.rotatedAtUnix;
        this.rotationDays = pulumi.output(r.rotationDays);
        this.externalSecretName = externalSecret.metadata.name;
        this.registerOutputs({
            // Marks this as a managed secret for the policy pack's rotation check.
            managedSecret: true,
            password: this.password,
            bcryptHash: this.bcryptHash,
            cloudLocation: this.cloudLocation,
            kubernetesSecretName: this.kubernetesSecretName,
            kubernetesNamespace: this.kubernetesNamespace,
            kubernetesSecretKeys: this.kubernetesSecretKeys,
            restartWorkloads: this.restartWorkloads,
            rotatedAt: this.rotatedAt,
            rotatedAtUnix: this.rotatedAtUnix,
            rotationDays: this.rotationDays,
            externalSecretName: this.externalSecretName,
        });
    }

    /** The cloud values behind this secret (the password, and its hash when stored), for access grants. */
    storedSecrets(): StoredSecret[] {
        return [...(STORED_VALUES.get(this) ?? [])];
    }

    /**
     * Also syncs this secret into another cluster: that cluster's own identity for the namespace gets read access to
     * the same cloud values, and an ExternalSecret (and the restart step, with `kubeContext`) runs there. The consumer
     * update (PostgreSQL, Grafana reset) runs once, for the first cluster.
     */
    syncToCluster(cluster: ClusterAccessArgs, kubernetesProvider: pulumi.ProviderResource, kubeContext?: string): void {
        EXTRA_CLUSTERS.get(this)!(cluster, kubernetesProvider, kubeContext);
    }
}

/** Replaces the Pulumi-filled `{{ .name }}` placeholders; ESO's own variables (`.password`, ...) are left for ESO. */
function fillTemplate(template: string, values: Record<string, pulumi.Input<string>>): pulumi.Input<string> {
    const placeholder = (name: string) => new RegExp(`\\{\\{\\s*\\.${name}\\s*\\}\\}`, "g");
    const names = Object.keys(values).filter((n) => placeholder(n).test(template));
    if (names.length === 0) {
        return template;
    }
    return pulumi.all(names.map((n) => values[n])).apply((filled) =>
        names.reduce((t, n, i) => t.replace(placeholder(n), filled[i]), template));
}
