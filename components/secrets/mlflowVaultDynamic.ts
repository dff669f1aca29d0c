import * as pulumi from "@pulumi/pulumi";
import { CheckedClusterAccess, checkClusterAccess, namespaceAccessFor } from "../access/namespaceAccessFor";
import type { CheckedVaultAccessArgs, VaultNamespaceAccess } from "../access/vault/vaultNamespaceAccess";
import { secretReloadAnnotations } from "../reloader/reloadAnnotations";
import { DatabaseCredentials, ResolvedVaultDynamicCredentials, resolveVaultDynamicCredentials } from "../rotation/vault/dynamicCredentialsArgs";
import { CloudProvider } from "../stores/storedSecret";
import { createExternalSecret, TargetCreationPolicy } from "../sync/externalSecret";
import { createVaultDynamicSecret } from "../sync/vaultDynamicSecret";
import { SecretsInputError } from "../validation/inputError";
import { requireDns1123Label, requireDns1123Subdomain } from "../validation/kubernetesNames";
import { claimNames, providerIdentity } from "./declaredNames";
import type { MlflowDbSecretArgs } from "./mlflowDbSecret";

/** Arguments that mean something only for a stored password, each with what to do instead under VaultDynamic. */
const NOT_WITH_DYNAMIC: Array<[keyof MlflowDbSecretArgs, string]> = [
    ["database", "Vault makes and drops the logins itself: describe the server in vaultDynamic instead."],
    ["awsManagedRotation", "AWS's rotation is for Secrets Manager; Vault makes the logins here."],
    ["rotationDays", "Each login lives one lease: set vaultDynamic.credentialTtlSeconds."],
    ["passwordLength", "Vault generates the passwords (its password policy)."],
    ["remoteVersion", "Dynamic logins have no versions to roll back to."],
    ["revokePrevious", "Revoke leases in Vault: `vault lease revoke -prefix <mount>/creds/<role>` ends every login at once (docs/rotation-vault-dynamic.md)."],
    ["restartWorkloads", "Stakater Reloader restarts MLflow when ESO writes a new login: put the reloaderAnnotations output in MLflow's chart values (docs/reloader.md)."],
    ["rolloutTimeoutSeconds", "No restart step runs under `pulumi up`; Reloader restarts MLflow."],
    ["missingWorkload", "No restart step runs under `pulumi up`; Reloader restarts MLflow."],
    ["kubeContext", "No kubectl step runs under `pulumi up`."],
    ["secretStoreName", "The generator logs in through the namespace's Kubernetes auth role, which `cluster` sets up."],
    ["secretStoreKind", "The generator logs in through the namespace's Kubernetes auth role, which `cluster` sets up."],
];

export interface CheckedVaultDynamic {
    readonly namespace: string;
    readonly targetName: string;
    readonly credentials: ResolvedVaultDynamicCredentials;
    readonly clusterAccess: CheckedClusterAccess;
    readonly vault: CheckedVaultAccessArgs;
}

/** Which credentials the secret uses, checked: the enum, and `vaultDynamic` only with VaultDynamic. */
export function requireDatabaseCredentials(args: MlflowDbSecretArgs): DatabaseCredentials {
    const credentials = args.credentials ?? DatabaseCredentials.StoredPassword;
    if (!Object.values(DatabaseCredentials).includes(credentials)) {
        throw new SecretsInputError("credentials", credentials,
            `Use one of: ${Object.values(DatabaseCredentials).join(", ")} (DatabaseCredentials.StoredPassword or .VaultDynamic).`);
    }
    if (credentials !== DatabaseCredentials.VaultDynamic && args.vaultDynamic !== undefined) {
        throw new SecretsInputError("vaultDynamic", "(dynamic credential settings)",
            "They are read only with credentials: DatabaseCredentials.VaultDynamic; set that, or remove vaultDynamic.");
    }
    return credentials;
}

/** Every check of `credentials: VaultDynamic`, before any resource exists. */
export function checkVaultDynamic(args: MlflowDbSecretArgs, username: string, name: string, opts: pulumi.ComponentResourceOptions | undefined): CheckedVaultDynamic {
    if (args.cloud !== CloudProvider.Vault) {
        throw new SecretsInputError("credentials", args.credentials,
            `Dynamic credentials come from Vault's database secrets engine: set cloud: CloudProvider.Vault (with vault: { address }), ` +
            `or use DatabaseCredentials.StoredPassword with cloud "${args.cloud}".`);
    }
    for (const [argument, fix] of NOT_WITH_DYNAMIC) {
        if (args[argument] !== undefined) {
            const shown = typeof args[argument] === "object" ? "(settings)" : args[argument];
            throw new SecretsInputError(argument, shown, `Not used with credentials VaultDynamic. ${fix}`);
        }
    }
    if (args.cluster === undefined) {
        throw new SecretsInputError("cluster", undefined,
            "Give the cluster (clusterName, vault: {}): ESO's generator logs in to Vault through that namespace's Kubernetes auth role, " +
            "which gets read on exactly the role's creds path.");
    }
    const namespace = requireDns1123Label("namespace", args.namespace ?? "mlflow");
    const targetName = requireDns1123Subdomain("kubernetesSecretName", args.kubernetesSecretName ?? "mlflow-db-credentials");
    const credentials = resolveVaultDynamicCredentials("vaultDynamic", args.vaultDynamic, {
        ownerRole: username,
        refreshInterval: args.refreshInterval,
        refreshIntervalArgument: "refreshInterval",
    });
    const clusterAccess = checkClusterAccess(args, args.cluster, namespace);
    const { checkVaultNamespaceAccessArgs } = require("../access/vault/vaultNamespaceAccess") as typeof import("../access/vault/vaultNamespaceAccess");
    const vault = checkVaultNamespaceAccessArgs(clusterAccess.args as never);
    claimNames(name, [
        {
            key: `secret:${args.cluster.clusterName}/${namespace}/${targetName}`,
            argument: "kubernetesSecretName",
            value: targetName,
            what: `the Kubernetes Secret ${namespace}/${targetName} in cluster ${args.cluster.clusterName}`,
        },
        {
            key: `vault-database:${providerIdentity(opts, "vault")}:${args.vault?.namespace ?? ""}:${credentials.mountPath}`,
            argument: "vaultDynamic.mountPath",
            value: credentials.mountPath,
            what: `the Vault database secrets engine mounted at ${credentials.mountPath}`,
        },
    ]);
    return { namespace, targetName, credentials, clusterAccess, vault };
}

/** What MlflowDbSecret exposes under VaultDynamic. */
export interface VaultDynamicOutputs {
    readonly cloudLocation: pulumi.Output<string>;
    readonly kubernetesSecretName: pulumi.Output<string>;
    readonly kubernetesNamespace: pulumi.Output<string>;
    readonly kubernetesSecretKeys: pulumi.Output<string[]>;
    readonly refreshInterval: pulumi.Output<string>;
    readonly credentialTtlSeconds: pulumi.Output<number>;
    readonly reloaderAnnotations: pulumi.Output<{ [key: string]: string }>;
}

/**
 * The resources of `credentials: VaultDynamic`: the namespace's access set (shared, at the stack's top level), Vault's
 * database engine, read on exactly `<mount>/creds/<role>` for the namespace's reader, ESO's VaultDynamicSecret generator
 * logging in as that reader, and the ExternalSecret writing `username` / `password` for the MLflow chart.
 */
export function createVaultDynamic(name: string, checked: CheckedVaultDynamic, args: MlflowDbSecretArgs, parent: pulumi.ComponentResource,
    opts: pulumi.ComponentResourceOptions | undefined): VaultDynamicOutputs {
    const access = namespaceAccessFor(checked.clusterAccess, parent, opts?.dependsOn) as VaultNamespaceAccess;
    const { createVaultDatabaseEngine } = require("../rotation/vault/vaultDatabaseEngine") as typeof import("../rotation/vault/vaultDatabaseEngine");
    const engine = createVaultDatabaseEngine(name, checked.credentials, parent, checked.vault.vaultNamespace);
    const grant = access.grantPath(engine.credsPath, `${name}-db-creds`, ["read"]);
    const vault = checked.vault;
    const generator = createVaultDynamicSecret(`${name}-creds`, {
        namespace: checked.namespace,
        name: checked.targetName,
        path: engine.credsPath,
        auth: {
            server: vault.address,
            caBundlePem: vault.caBundlePem,
            vaultNamespace: vault.vaultNamespace,
            authMountPath: vault.authMountPath,
            authRole: vault.roleName,
            serviceAccountName: vault.access.serviceAccountName,
            audiences: [vault.audience],
        },
    }, { parent, dependsOn: [...engine.ready, grant, access] });
    createExternalSecret(name, {
        namespace: checked.namespace,
        name: checked.targetName,
        refreshInterval: checked.credentials.refreshInterval,
        targetName: checked.targetName,
        creationPolicy: TargetCreationPolicy.Owner,
        data: [],
        generators: [{ kind: "VaultDynamicSecret", name: checked.targetName }],
        templateData: { password: "{{ .password }}", username: "{{ .username }}" },
        targetLabels: {},
        // A new rotationTrigger forces a sync now: a new login right away (the previous one lives out its lease).
        rotationId: args.rotationTrigger ?? "",
    }, { parent, dependsOn: [generator] });
    const prefix = vault.vaultNamespace === undefined ? "" : `${vault.vaultNamespace}/`;
    return {
        cloudLocation: pulumi.output(`vault:${prefix}${engine.credsPath}`),
        kubernetesSecretName: pulumi.output(checked.targetName),
        kubernetesNamespace: pulumi.output(checked.namespace),
        kubernetesSecretKeys: pulumi.output(["password", "username"]),
        refreshInterval: pulumi.output(checked.credentials.refreshInterval),
        credentialTtlSeconds: pulumi.output(checked.credentials.ttlSeconds),
        reloaderAnnotations: pulumi.output(secretReloadAnnotations([checked.targetName], "kubernetesSecretName")),
    };
}
