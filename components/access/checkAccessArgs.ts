import { SecretsInputError } from "../validation/inputError";
import { NamespaceAccessBaseArgs } from "./namespaceAccess";
import { SecretStoreScope } from "./secretStoreScope";
import { DNS1123_LABEL, DNS1123_SUBDOMAIN } from "../validation/kubernetesNames";
import { requireMatch } from "../validation/rules";
import { CLUSTER_NAME } from "./validate";
import { ArgumentPath } from "./argumentPaths";

/** The shared arguments after checking, with defaults applied. */
export interface CheckedAccessArgs {
    readonly clusterName: string;
    readonly namespace: string;
    readonly serviceAccountName: string;
    readonly storeName: string;
    readonly storeScope: SecretStoreScope;
    readonly allowedNamespaces: string[];
}

const DEFAULT_SERVICE_ACCOUNT_NAME = "external-secrets-reader";

/**
 * Checks the arguments every access component shares and applies their defaults. Throws a SecretsInputError naming
 * the argument as `arg` spells it (e.g. `AwsNamespaceAccess.namespace`, or `cluster.clusterName` for a managed
 * secret's access set) before any resource exists.
 */
export function checkAccessArgs(
    arg: ArgumentPath,
    args: NamespaceAccessBaseArgs,
    defaults: { readonly storeName: string; readonly serviceAccountName?: string },
): CheckedAccessArgs {
    if (args === undefined || args === null) {
        throw new SecretsInputError(arg("args"), args, "Pass the component's arguments.");
    }
    const storeScope = args.storeScope ?? SecretStoreScope.Namespace;
    if (!Object.values(SecretStoreScope).includes(storeScope)) {
        throw new SecretsInputError(arg("storeScope"), storeScope, `Use one of ${Object.values(SecretStoreScope).join(", ")}.`);
    }
    return {
        clusterName: requireMatch(arg("clusterName"), args.clusterName, CLUSTER_NAME),
        namespace: requireMatch(arg("namespace"), args.namespace, DNS1123_LABEL),
        serviceAccountName: requireMatch(
            arg("serviceAccountName"),
            args.serviceAccountName ?? defaults.serviceAccountName ?? DEFAULT_SERVICE_ACCOUNT_NAME,
            DNS1123_SUBDOMAIN,
        ),
        storeName: requireMatch(arg("storeName"), args.storeName ?? defaults.storeName, DNS1123_SUBDOMAIN),
        storeScope,
        allowedNamespaces: checkAllowedNamespaces(arg("allowedNamespaces"), storeScope, args.allowedNamespaces),
    };
}

function checkAllowedNamespaces(argument: string, scope: SecretStoreScope, namespaces: string[] | undefined): string[] {
    if (scope === SecretStoreScope.Namespace) {
        if (namespaces !== undefined) {
            throw new SecretsInputError(
                argument,
                namespaces,
                "allowedNamespaces only restricts a ClusterSecretStore: remove it, or set storeScope to SecretStoreScope.Cluster.",
            );
        }
        return [];
    }
    if (!Array.isArray(namespaces) || namespaces.length === 0) {
        throw new SecretsInputError(
            argument,
            namespaces,
            "A ClusterSecretStore must name the namespaces that may use it (e.g. [\"mlflow\", \"minio\"]); without them every namespace could read its secrets.",
        );
    }
    namespaces.forEach((ns, i) => requireMatch(`${argument}[${i}]`, ns, DNS1123_LABEL));
    const duplicate = namespaces.find((ns, i) => namespaces.indexOf(ns) !== i);
    if (duplicate !== undefined) {
        throw new SecretsInputError(argument, namespaces, `Remove the repeated namespace "${duplicate}".`);
    }
    return [...namespaces];
}
