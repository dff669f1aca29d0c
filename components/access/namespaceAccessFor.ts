import * as pulumi from "@pulumi/pulumi";
import { CloudStoreArgs } from "../stores/cloudStoreArgs";
import { CloudProvider } from "../stores/storedSecret";
import { SecretsInputError } from "../validation/inputError";
import { ClusterAccessArgs } from "./clusterAccessArgs";
import { NamespaceAccess } from "./namespaceAccess";
import { SecretStoreScope } from "./secretStoreScope";

// One registry per deployment (the engine connection), so every secret of a namespace shares one access set.
const registries = new WeakMap<object, Map<string, NamespaceAccess>>();

function registry(): Map<string, NamespaceAccess> {
    const monitor = pulumi.runtime.getMonitor() ?? registries;
    let found = registries.get(monitor);
    if (!found) {
        found = new Map();
        registries.set(monitor, found);
    }
    return found;
}

/** Checks that the cluster settings match the cloud, before any resource exists. */
export function validateClusterAccessArgs(cloud: CloudProvider, cluster: ClusterAccessArgs): void {
    const settings = { [CloudProvider.Aws]: cluster.aws, [CloudProvider.Azure]: cluster.azure, [CloudProvider.Gcp]: cluster.gcp }[cloud];
    if (!settings) {
        throw new SecretsInputError(`cluster.${cloud}`, settings,
            `With cloud "${cloud}", give cluster.${cloud} (how ESO in the cluster authenticates: OIDC issuer, identity settings).`);
    }
}

/**
 * The access set (ServiceAccount, cloud identity, SecretStore) of one namespace in one cluster, created by the first
 * secret that needs it and shared by the rest. It is registered at the stack's top level, named
 * `<clusterName>-<namespace>`, so it stays put when secrets come and go. Each cloud's module loads only when used.
 */
export function namespaceAccessFor(
    store: CloudStoreArgs, cluster: ClusterAccessArgs, namespace: string, secretOpts: pulumi.ComponentResourceOptions | undefined,
): NamespaceAccess {
    const scope = cluster.storeScope === SecretStoreScope.Cluster ? "cluster-store" : namespace;
    const key = `${store.cloud}/${cluster.clusterName}/${scope}`;
    const known = registry().get(key);
    if (known) {
        return known;
    }
    const name = `${cluster.clusterName}-${scope}`;
    const base = {
        clusterName: cluster.clusterName,
        namespace: cluster.storeScope === SecretStoreScope.Cluster ? "external-secrets" : namespace,
        storeScope: cluster.storeScope,
        allowedNamespaces: cluster.allowedNamespaces,
    };
    const kubernetesProvider = kubernetesProviderOf(secretOpts);
    // The access set waits for what the secret waits for (e.g. the ESO install that brings the SecretStore CRD).
    const opts: pulumi.ComponentResourceOptions = {
        dependsOn: asArray(secretOpts?.dependsOn),
        ...(kubernetesProvider ? { providers: { kubernetes: kubernetesProvider } } : {}),
    };
    let access: NamespaceAccess;
    switch (store.cloud) {
        case CloudProvider.Aws: {
            const { AwsNamespaceAccess } = require("./aws/awsNamespaceAccess") as typeof import("./aws/awsNamespaceAccess");
            access = new AwsNamespaceAccess(name, { ...base, ...cluster.aws! }, opts);
            break;
        }
        case CloudProvider.Azure: {
            const { AzureNamespaceAccess } = require("./azure/azureNamespaceAccess") as typeof import("./azure/azureNamespaceAccess");
            access = new AzureNamespaceAccess(name, {
                ...base, ...cluster.azure!, vaultUrl: `https://${store.azure!.vaultName}.vault.azure.net/`,
            }, opts);
            break;
        }
        case CloudProvider.Gcp: {
            const { GcpNamespaceAccess } = require("./gcp/gcpNamespaceAccess") as typeof import("./gcp/gcpNamespaceAccess");
            access = new GcpNamespaceAccess(name, { ...base, ...cluster.gcp!, secretsProject: store.gcp!.project }, opts);
            break;
        }
    }
    registry().set(key, access);
    return access;
}

function asArray(dependsOn: pulumi.ComponentResourceOptions["dependsOn"]): pulumi.Input<pulumi.Resource>[] {
    if (dependsOn === undefined) {
        return [];
    }
    return Array.isArray(dependsOn) ? dependsOn : [dependsOn as pulumi.Input<pulumi.Resource>];
}

/** The Kubernetes provider the secret's ExternalSecret will use, so its namespace's access set goes to the same cluster. */
function kubernetesProviderOf(opts: pulumi.ComponentResourceOptions | undefined): pulumi.ProviderResource | undefined {
    const providers = opts?.providers;
    const listed = Array.isArray(providers) ? providers : Object.values(providers ?? {});
    const fromOpts = [opts?.provider, ...listed].find((p) => p !== undefined && (p as any).getPackage?.() === "kubernetes");
    return fromOpts ?? opts?.parent?.getProvider("kubernetes::any");
}
