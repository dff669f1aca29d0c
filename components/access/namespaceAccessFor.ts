import * as pulumi from "@pulumi/pulumi";
import { CloudStoreArgs } from "../stores/cloudStoreArgs";
import { CloudProvider } from "../stores/storedSecret";
import { SecretsInputError } from "../validation/inputError";
import { ArgumentPath, withArgumentPaths } from "./argumentPaths";
import { ClusterAccessArgs } from "./clusterAccessArgs";
import { NamespaceAccess, NamespaceAccessBaseArgs } from "./namespaceAccess";
import { SecretStoreScope } from "./secretStoreScope";

// One registry per deployment (the engine connection), so every secret of a namespace shares one access set.
const registries = new WeakMap<object, Map<string, { access: NamespaceAccess; providers: pulumi.ProviderResource[] }>>();

function registry(): Map<string, { access: NamespaceAccess; providers: pulumi.ProviderResource[] }> {
    const monitor = pulumi.runtime.getMonitor() ?? registries;
    let found = registries.get(monitor);
    if (!found) {
        found = new Map();
        registries.set(monitor, found);
    }
    return found;
}

/** The Pulumi package of each cloud's resources, whose provider the access set must use. */
const CLOUD_PACKAGE: Record<CloudProvider, string> = {
    [CloudProvider.Aws]: "aws",
    [CloudProvider.Azure]: "azure-native",
    [CloudProvider.Gcp]: "gcp",
    [CloudProvider.Vault]: "vault",
};

/** A namespace's access set, checked and ready to be created. */
export interface CheckedClusterAccess {
    readonly cloud: CloudProvider;
    /** Registry key: cloud, cluster and namespace (or the cluster store). */
    readonly key: string;
    /** The access component's resource name, `<clusterName>-<namespace>` (or `-cluster-store`). */
    readonly name: string;
    /** The cloud access component's arguments. */
    readonly args: NamespaceAccessBaseArgs & Record<string, unknown>;
    /** How its errors name the user's arguments. */
    readonly paths: ArgumentPath;
}

/**
 * Checks a managed secret's `cluster` settings completely, before anything is registered: the shape, that they are
 * for the secret's cloud only, and every setting the cloud's access component will be given (the same checks it
 * runs), with errors naming the user's argument paths (`cluster.aws.region`, not `AwsNamespaceAccess.region`).
 * `base` is how the user passed the settings (`cluster`, or `syncToCluster(cluster)`).
 */
export function checkClusterAccess(store: CloudStoreArgs, cluster: ClusterAccessArgs, namespace: string, base = "cluster"): CheckedClusterAccess {
    if (typeof cluster !== "object" || cluster === null || Array.isArray(cluster)) {
        throw new SecretsInputError(base, cluster, "Give the cluster's settings as an object: { clusterName, aws | azure | gcp: {...} }.");
    }
    const cloud = store.cloud;
    // Vault's cluster settings all have defaults: `vault: {}` or nothing at all.
    const settings = cloud === CloudProvider.Vault ? (cluster.vault ?? {}) : cluster[cloud];
    if (typeof settings !== "object" || settings === null) {
        throw new SecretsInputError(`${base}.${cloud}`, settings,
            `With cloud "${cloud}", give ${base}.${cloud} (how ESO in the cluster authenticates: OIDC issuer, identity settings).`);
    }
    for (const other of Object.values(CloudProvider).filter((c) => c !== cloud)) {
        if (cluster[other] !== undefined) {
            throw new SecretsInputError(`${base}.${other}`, "(settings for another cloud)",
                `The secret is kept in ${cloud}: remove ${base}.${other}, or set cloud to "${other}" if that is the cloud you meant.`);
        }
    }
    const scope = cluster.storeScope === SecretStoreScope.Cluster ? "cluster-store" : namespace;
    const shared: Record<string, string> = {
        clusterName: `${base}.clusterName`,
        storeScope: `${base}.storeScope`,
        allowedNamespaces: `${base}.allowedNamespaces`,
        namespace: "namespace",
        // Derived from the cluster and namespace names, so a bad one means one of those is too long or odd.
        roleName: `${base}.clusterName`,
        identityName: `${base}.clusterName`,
        accountId: `${base}.clusterName`,
        vaultUrl: "azure.vaultName",
        address: "vault.address",
        mountPath: "vault.mountPath",
        vaultNamespace: "vault.namespace",
        caBundlePem: "vault.caBundlePem",
        entityName: `${base}.clusterName`,
        secretsProject: "gcp.project",
    };
    const paths: ArgumentPath = (field) => shared[field] ?? `${base}.${cloud}.${field}`;
    const sharedArgs = {
        clusterName: cluster.clusterName,
        namespace: cluster.storeScope === SecretStoreScope.Cluster ? "external-secrets" : namespace,
        storeScope: cluster.storeScope,
        allowedNamespaces: cluster.allowedNamespaces,
    };
    let args: NamespaceAccessBaseArgs & Record<string, unknown>;
    switch (cloud) {
        case CloudProvider.Aws: {
            // The first secret's service names the access set's first store; another service's store is added by its grants.
            args = { ...sharedArgs, ...cluster.aws!, service: store.aws?.service };
            const { checkAwsNamespaceAccessArgs } = require("./aws/awsNamespaceAccess") as typeof import("./aws/awsNamespaceAccess");
            withArgumentPaths(paths, () => checkAwsNamespaceAccessArgs(args as never));
            const storeRegion = store.aws?.region;
            if (storeRegion !== undefined && cluster.aws!.region !== storeRegion) {
                throw new SecretsInputError(`${base}.aws.region`, cluster.aws!.region,
                    `The values are kept in aws.region "${storeRegion}" and ESO reads only the store's region: use "${storeRegion}".`);
            }
            break;
        }
        case CloudProvider.Azure: {
            args = { ...sharedArgs, ...cluster.azure!, vaultUrl: `https://${store.azure!.vaultName}.vault.azure.net/` };
            const { checkAzureNamespaceAccessArgs } = require("./azure/azureNamespaceAccess") as typeof import("./azure/azureNamespaceAccess");
            withArgumentPaths(paths, () => checkAzureNamespaceAccessArgs(args as never));
            break;
        }
        case CloudProvider.Gcp: {
            args = { ...sharedArgs, ...cluster.gcp!, secretsProject: store.gcp!.project };
            const { checkGcpNamespaceAccessArgs } = require("./gcp/gcpNamespaceAccess") as typeof import("./gcp/gcpNamespaceAccess");
            withArgumentPaths(paths, () => checkGcpNamespaceAccessArgs(args as never));
            break;
        }
        case CloudProvider.Vault: {
            const vault = store.vault!;
            args = {
                ...sharedArgs,
                ...(settings as object),
                address: vault.address,
                mountPath: vault.mountPath ?? "secret",
                vaultNamespace: vault.namespace,
                caBundlePem: vault.caBundlePem,
            };
            const { checkVaultNamespaceAccessArgs } = require("./vault/vaultNamespaceAccess") as typeof import("./vault/vaultNamespaceAccess");
            withArgumentPaths(paths, () => checkVaultNamespaceAccessArgs(args as never));
            break;
        }
    }
    return { cloud, key: `${cloud}/${cluster.clusterName}/${scope}`, name: `${cluster.clusterName}-${scope}`, args, paths };
}

/**
 * The access set (ServiceAccount, cloud identity, SecretStore) of one namespace in one cluster, created by the first
 * secret that needs it and shared by the rest. It is registered at the stack's top level, named
 * `<clusterName>-<namespace>`, so it stays put when secrets come and go. Its providers are the ones the secret
 * resolved by Pulumi's own rules (`provider`, `providers` as a list or map, inherited from the secret's parents),
 * read with `getProvider`, for both the Kubernetes and the cloud package; `kubernetesProvider` overrides the
 * Kubernetes one (another cluster). Each cloud's module loads only when used.
 */
export function namespaceAccessFor(
    checked: CheckedClusterAccess,
    secret: pulumi.Resource,
    dependsOn: pulumi.ComponentResourceOptions["dependsOn"],
    kubernetesProvider?: pulumi.ProviderResource,
): NamespaceAccess {
    const providers = [
        kubernetesProvider ?? secret.getProvider("kubernetes::any"),
        secret.getProvider(`${CLOUD_PACKAGE[checked.cloud]}::any`),
    ].filter((p): p is pulumi.ProviderResource => p !== undefined);
    const known = registry().get(checked.key);
    if (known) {
        if (known.providers.length !== providers.length || known.providers.some((p, i) => p !== providers[i])) {
            throw new SecretsInputError(checked.paths("clusterName"), checked.args.clusterName,
                "Secrets of one namespace and cluster share one access set, and this secret was given other providers than the first: " +
                    "give them the same Kubernetes and cloud providers, or a different clusterName.");
        }
        return known.access;
    }
    // The access set waits for what the secret waits for (e.g. the ESO install that brings the SecretStore CRD).
    const opts: pulumi.ComponentResourceOptions = { dependsOn: asArray(dependsOn), providers };
    const access = withArgumentPaths(checked.paths, (): NamespaceAccess => {
        switch (checked.cloud) {
            case CloudProvider.Aws: {
                const { AwsNamespaceAccess } = require("./aws/awsNamespaceAccess") as typeof import("./aws/awsNamespaceAccess");
                return new AwsNamespaceAccess(checked.name, checked.args as never, opts);
            }
            case CloudProvider.Azure: {
                const { AzureNamespaceAccess } = require("./azure/azureNamespaceAccess") as typeof import("./azure/azureNamespaceAccess");
                return new AzureNamespaceAccess(checked.name, checked.args as never, opts);
            }
            case CloudProvider.Gcp: {
                const { GcpNamespaceAccess } = require("./gcp/gcpNamespaceAccess") as typeof import("./gcp/gcpNamespaceAccess");
                return new GcpNamespaceAccess(checked.name, checked.args as never, opts);
            }
            case CloudProvider.Vault: {
                const { VaultNamespaceAccess } = require("./vault/vaultNamespaceAccess") as typeof import("./vault/vaultNamespaceAccess");
                return new VaultNamespaceAccess(checked.name, checked.args as never, opts);
            }
        }
    });
    registry().set(checked.key, { access, providers });
    return access;
}

function asArray(dependsOn: pulumi.ComponentResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
    if (dependsOn === undefined) {
        return [];
    }
    return Array.isArray(dependsOn) ? dependsOn : [dependsOn as pulumi.Input<pulumi.Resource>];
}
