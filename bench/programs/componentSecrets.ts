import { CloudProvider, PlatformSecret } from "../../components";
import { CLUSTERS, NAMESPACES, secretPlacement, STORE_ARGS } from "./benchClouds";

/**
 * N managed secrets through the package, spread over `namespaces` namespaces: one PlatformSecret each, with the cluster,
 * so each namespace's access set (identity, ServiceAccount, SecretStore) and each value's read grant are included.
 */
export function componentSecrets(cloud: CloudProvider, secrets: number, namespaces = NAMESPACES): void {
    for (let i = 0; i < secrets; i++) {
        new PlatformSecret(`secret-${i}`, { ...STORE_ARGS[cloud], cluster: CLUSTERS[cloud], ...secretPlacement(i, namespaces) });
    }
}
