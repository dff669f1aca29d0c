import { CloudProvider, CloudStoreArgs, ClusterAccessArgs } from "../../components";

/** The clouds every measurement runs on, in report order. */
export const BENCH_CLOUDS: CloudProvider[] = [CloudProvider.Aws, CloudProvider.Azure, CloudProvider.Gcp];

export const CLUSTER_NAME = "bench";
const OIDC_HOST_PATH = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";

/** Where values live on each cloud: the shapes the README documents. */
export const STORE_ARGS: Record<CloudProvider, CloudStoreArgs> = {
    [CloudProvider.Aws]: { cloud: CloudProvider.Aws, aws: { parameterPrefix: "/bench" } },
    [CloudProvider.Azure]: { cloud: CloudProvider.Azure, azure: { vaultName: "bench-kv", resourceGroupName: "bench-rg" } },
    [CloudProvider.Gcp]: { cloud: CloudProvider.Gcp, gcp: { project: "bench-project" } },
    [CloudProvider.Vault]: { cloud: CloudProvider.Vault, vault: { address: "https://vault.bench.example:8200", pathPrefix: "bench" } },
};

/** The cluster each cloud's secrets sync into, with each cloud's default identity mode (IRSA, Workload Identity, Google SA). */
export const CLUSTERS: Record<CloudProvider, ClusterAccessArgs> = {
    [CloudProvider.Aws]: {
        clusterName: CLUSTER_NAME,
        aws: {
            region: "us-east-1", // the mock cloud's region: the parameters must be where ESO reads
            oidcProviderArn: `arn:aws:iam::123456789012:oidc-provider/${OIDC_HOST_PATH}`,
            oidcIssuerUrl: `https://${OIDC_HOST_PATH}`,
        },
    },
    [CloudProvider.Azure]: {
        clusterName: CLUSTER_NAME,
        azure: {
            resourceGroupName: "bench-rg",
            oidcIssuerUrl: "https://westeurope.oic.prod-aks.azure.com/00000000-0000-4000-8000-000000000002/11111111-2222-4333-8444-555555555555/",
        },
    },
    [CloudProvider.Gcp]: { clusterName: CLUSTER_NAME, gcp: { clusterProject: "bench-project" } },
    [CloudProvider.Vault]: { clusterName: CLUSTER_NAME, vault: { authMountAccessor: "auth_kubernetes_0123abcd" } },
};

/** How many namespaces N secrets are spread over: a few, as on a real platform (fewer when there are fewer secrets). */
export const NAMESPACES = 4;

export function namespaceCount(secrets: number): number {
    return Math.min(secrets, NAMESPACES);
}

/** Secret i goes to namespace `team-<i mod namespaces>`, its value is `app-<i>/password`. */
export function secretPlacement(i: number, namespaces = NAMESPACES): { namespace: string; app: string; valueName: string } {
    return { namespace: `team-${i % namespaces}`, app: `app-${i}`, valueName: "password" };
}

export function parseCloud(value: string | undefined): CloudProvider {
    if (!BENCH_CLOUDS.includes(value as CloudProvider)) {
        throw new Error(`Unknown cloud ${JSON.stringify(value)}; use one of ${BENCH_CLOUDS.join(", ")}`);
    }
    return value as CloudProvider;
}
