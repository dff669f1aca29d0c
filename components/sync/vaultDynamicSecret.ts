import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { GENERATORS_API_VERSION } from "./externalSecret";
import { KUBERNETES_LABELS } from "./labels";

/** How ESO reaches Vault and logs in there, in the namespace of the ExternalSecret (the `vault` provider block). */
export interface VaultGeneratorAuth {
    /** Vault's address as ESO reaches it, e.g. `https://vault.vault.svc:8200`. */
    readonly server: pulumi.Input<string>;
    /** PEM of the CA that signs Vault's certificate; ESO takes it base64-encoded. Unset: the system CAs. */
    readonly caBundlePem?: pulumi.Input<string>;
    /** Vault Enterprise / OpenBao namespace; unset for none. */
    readonly vaultNamespace?: pulumi.Input<string>;
    /** Mount path of the Kubernetes auth method. */
    readonly authMountPath: pulumi.Input<string>;
    /** The Kubernetes auth role bound to exactly `serviceAccountName` in this namespace. */
    readonly authRole: pulumi.Input<string>;
    /** The namespace's reader ServiceAccount, whose token ESO requests and presents to Vault. */
    readonly serviceAccountName: pulumi.Input<string>;
    /** `aud` of that token; Vault 1.21+ roles must name one. Unset: the cluster's default audience. */
    readonly audiences?: pulumi.Input<string>[];
}

export interface VaultDynamicSecretSettings {
    readonly namespace: string;
    readonly name: string;
    /** What to read, e.g. `database/creds/mlflow` (a GET: Vault makes a new login with a new lease each time). */
    readonly path: string;
    readonly auth: VaultGeneratorAuth;
}

/**
 * ESO's `VaultDynamicSecret` generator (external-secrets/external-secrets `apis/generators/v1alpha1/types_vault.go`).
 * Every time an ExternalSecret that references it refreshes, ESO reads `path` afresh and the response's `data`
 * (`username`, `password` for a database role) become template variables. ESO keeps no lease: it never renews nor
 * revokes one (`generators/v1/vault/vault.go`: `Cleanup` does nothing), so each login lives its full lease.
 */
export function vaultDynamicSecretManifest(s: VaultDynamicSecretSettings) {
    const caBundle = s.auth.caBundlePem === undefined
        ? undefined
        : pulumi.output(s.auth.caBundlePem).apply((pem) => Buffer.from(pem, "utf8").toString("base64"));
    return {
        apiVersion: GENERATORS_API_VERSION,
        kind: "VaultDynamicSecret",
        metadata: { name: s.name, namespace: s.namespace, labels: { ...KUBERNETES_LABELS } },
        spec: {
            path: s.path,
            method: "GET",
            resultType: "Data",
            provider: {
                server: s.auth.server,
                ...(caBundle === undefined ? {} : { caBundle }),
                ...(s.auth.vaultNamespace === undefined ? {} : { namespace: s.auth.vaultNamespace }),
                auth: {
                    kubernetes: {
                        mountPath: s.auth.authMountPath,
                        role: s.auth.authRole,
                        serviceAccountRef: {
                            name: s.auth.serviceAccountName,
                            ...(s.auth.audiences === undefined ? {} : { audiences: s.auth.audiences }),
                        },
                    },
                },
            },
        },
    };
}

export function createVaultDynamicSecret(name: string, settings: VaultDynamicSecretSettings, opts: pulumi.CustomResourceOptions): CustomResource {
    return new CustomResource(name, vaultDynamicSecretManifest(settings), opts);
}
