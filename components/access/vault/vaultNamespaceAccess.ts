import * as pulumi from "@pulumi/pulumi";
import { ClusterRoleBinding } from "@pulumi/kubernetes/rbac/v1";
import { getAuthBackendOutput } from "@pulumi/vault";
import { Entity, EntityAlias, EntityPolicies } from "@pulumi/vault/identity";
import { AuthBackendRole } from "@pulumi/vault/kubernetes";
import { StoredSecret } from "../../stores/storedSecret";
import { SecretsInputError } from "../../validation/inputError";
import { requireIntegerInRange } from "../../validation/numbers";
import { requireInputMatch, requireMatch, Rule } from "../../validation/rules";
import { argumentPaths } from "../argumentPaths";
import { CheckedAccessArgs, checkAccessArgs } from "../checkAccessArgs";
import { ACCESS_LABELS, createEsoSecretStore, esoServiceAccountRef } from "../esoSecretStore";
import { grantResourceName, rememberGrantPrefix } from "../grants";
import { VaultTokenReviewer } from "../identityModes";
import { NamespaceAccess, NamespaceAccessBaseArgs } from "../namespaceAccess";
import { secretStoreKind } from "../secretStoreScope";
import { createWorkloadServiceAccount } from "../workloadServiceAccount";
import { grantVaultPath, grantVaultRead, VAULT_POLICY_NAME } from "./grantVaultRead";
import { componentType } from "../../naming/componentType";

export interface VaultNamespaceAccessArgs extends NamespaceAccessBaseArgs {
    /** The server address ESO reaches, `https://…` (SecretStore `vault.server`). */
    readonly address: string;
    /** The KV v2 mount the store reads (SecretStore `vault.path`). */
    readonly mountPath: string;
    /**
     * Vault Enterprise or OpenBao namespace of the mount, role, entity and policies.
     * @default none: the root namespace
     */
    readonly vaultNamespace?: string;
    /**
     * PEM bundle of the CA of the server's certificate (SecretStore `vault.caBundle`).
     * @default none: ESO's system roots
     */
    readonly caBundlePem?: string;
    /**
     * Path of the cluster's Kubernetes auth method.
     * @default "kubernetes"
     */
    readonly authMountPath?: string;
    /**
     * Accessor of that auth mount, which the reader's identity alias names.
     * @default looked up from authMountPath with the deployer's Vault provider
     */
    readonly authMountAccessor?: pulumi.Input<string>;
    /**
     * Audience of ESO's ServiceAccount tokens, required by the role.
     * @default "vault"
     */
    readonly audience?: string;
    /**
     * TTL (and maximum TTL) of the Vault tokens ESO gets, in seconds, 60-3600.
     * @default 600
     */
    readonly tokenTtlSeconds?: number;
    /**
     * The Kubernetes auth role's name.
     * @default "eso-<namespace>"
     */
    readonly roleName?: string;
    /**
     * Whose token reviews logins; `ClientServiceAccount` binds the reader ServiceAccount to `system:auth-delegator`.
     * @default VaultTokenReviewer.VaultServiceAccount
     */
    readonly tokenReviewer?: VaultTokenReviewer;
}

/** The checked arguments of a VaultNamespaceAccess, with defaults applied. */
export interface CheckedVaultAccessArgs {
    readonly access: CheckedAccessArgs;
    readonly address: string;
    readonly mountPath: string;
    readonly vaultNamespace?: string;
    readonly caBundlePem?: string;
    readonly authMountPath: string;
    readonly authMountAccessor?: pulumi.Input<string>;
    readonly audience: string;
    readonly tokenTtlSeconds: number;
    readonly roleName: string;
    readonly entityName: string;
    readonly tokenReviewer: VaultTokenReviewer;
}

const VAULT_MOUNT: Rule = {
    pattern: /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/,
    fix: "Use the mount's path without leading or trailing '/' (e.g. \"kubernetes\" or \"k8s/mlops-dev\"): letters, digits, '_', '.', '-' and '/', no '*' or '+'.",
};
/** Kubernetes auth role names; no globs, so the name ESO sends is the one role meant. */
const ROLE_NAME: Rule = {
    pattern: /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/,
    fix: "Use 1-128 letters, digits, '_', '.' or '-' (e.g. \"eso-mlflow\").",
};
const AUDIENCE: Rule = {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,252}$/,
    fix: "Use one audience string without spaces or '*', e.g. \"vault\" or \"https://vault.example.com\".",
};

/**
 * Gives one namespace read access to exactly the Vault KV v2 secrets granted to it, without any Vault token stored
 * anywhere: ESO requests a short-lived token of the namespace's reader ServiceAccount (audience `audience`) and logs in
 * with Vault's Kubernetes auth through a role bound to exactly that ServiceAccount name and namespace. The Vault tokens
 * it gets carry no policy of their own (only Vault's `default`); what they may read comes from the identity entity the
 * role's logins map to (alias `<namespace>/<serviceaccount>`, `alias_name_source = serviceaccount_name`): one policy per
 * granted secret, each naming that secret's exact `<mount>/data/<path>`. `grantRead` adds one secret at a time.
 */
export class VaultNamespaceAccess extends pulumi.ComponentResource implements NamespaceAccess {
    /** The identity entity of the namespace's reader; grants attach policies to it. */
    readonly entityId: pulumi.Output<string>;
    /** The Kubernetes auth role ESO logs in with. */
    readonly roleName: pulumi.Output<string>;
    readonly namespace: pulumi.Output<string>;
    readonly serviceAccountName: pulumi.Output<string>;
    readonly secretStoreName: pulumi.Output<string>;
    readonly secretStoreKind: pulumi.Output<string>;

    constructor(name: string, args: VaultNamespaceAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const checked = checkVaultNamespaceAccessArgs(args);
        const { access } = checked;
        super(componentType("VaultNamespaceAccess"), name, {}, opts);
        rememberGrantPrefix(this, name);
        VAULT_SETTINGS.set(this, checked);
        const namespace = checked.vaultNamespace === undefined ? {} : { namespace: checked.vaultNamespace };

        const serviceAccount = createWorkloadServiceAccount(`${name}-sa`, access, {}, { parent: this });
        const reviewers: pulumi.Resource[] = [];
        if (checked.tokenReviewer === VaultTokenReviewer.ClientServiceAccount) {
            reviewers.push(new ClusterRoleBinding(`${name}-token-review`, {
                metadata: { name: `${access.serviceAccountName}-${access.namespace}-vault-token-review`.slice(0, 253), labels: ACCESS_LABELS },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
                subjects: [{ kind: "ServiceAccount", name: access.serviceAccountName, namespace: access.namespace }],
            }, { parent: this }));
        }
        const role = new AuthBackendRole(`${name}-role`, {
            backend: checked.authMountPath,
            roleName: checked.roleName,
            boundServiceAccountNames: [access.serviceAccountName],
            boundServiceAccountNamespaces: [access.namespace],
            audience: checked.audience,
            // The entity alias below is named `<namespace>/<serviceaccount>`; a UID alias would change with every
            // re-created ServiceAccount and never match it.
            aliasNameSource: "serviceaccount_name",
            tokenPolicies: [],
            tokenTtl: checked.tokenTtlSeconds,
            tokenMaxTtl: checked.tokenTtlSeconds,
            ...namespace,
        }, { parent: this });
        const entity = new Entity(`${name}-entity`, {
            name: checked.entityName,
            // Policies come only from the per-secret EntityPolicies grants.
            externalPolicies: true,
            metadata: { cluster: access.clusterName, namespace: access.namespace, serviceAccount: access.serviceAccountName },
            ...namespace,
        }, { parent: this });
        const mountAccessor = checked.authMountAccessor
            ?? getAuthBackendOutput({ path: checked.authMountPath, ...namespace }, { parent: this }).accessor;
        const alias = new EntityAlias(`${name}-alias`, {
            name: `${access.namespace}/${access.serviceAccountName}`,
            mountAccessor,
            canonicalId: entity.id,
            ...namespace,
        }, { parent: this });

        const provider = {
            vault: {
                server: checked.address,
                path: checked.mountPath,
                version: "v2",
                ...(checked.vaultNamespace === undefined ? {} : { namespace: checked.vaultNamespace }),
                ...(checked.caBundlePem === undefined ? {} : { caBundle: Buffer.from(checked.caBundlePem).toString("base64") }),
                auth: {
                    kubernetes: {
                        mountPath: checked.authMountPath,
                        role: checked.roleName,
                        serviceAccountRef: { ...esoServiceAccountRef(access), audiences: [checked.audience] },
                    },
                },
            },
        };
        createEsoSecretStore(`${name}-store`, access, provider, { parent: this, dependsOn: [serviceAccount, role, alias, ...reviewers] });

        this.entityId = entity.id;
        this.roleName = role.roleName;
        this.namespace = pulumi.output(access.namespace);
        this.serviceAccountName = pulumi.output(access.serviceAccountName);
        this.secretStoreName = pulumi.output(access.storeName);
        this.secretStoreKind = pulumi.output(secretStoreKind(access.storeScope));
        this.registerOutputs({
            entityId: this.entityId,
            roleName: this.roleName,
            namespace: this.namespace,
            serviceAccountName: this.serviceAccountName,
            secretStoreName: this.secretStoreName,
            secretStoreKind: this.secretStoreKind,
        });
    }

    /**
     * Lets this namespace's reader read exactly `secret` (a KV v2 secret): one Vault policy naming its
     * `<mount>/data/<path>`, attached to the reader's entity, both named after `name`.
     */
    grantRead(secret: StoredSecret, name: string): EntityPolicies {
        const settings = VAULT_SETTINGS.get(this)!;
        const resourceName = grantResourceName(this, name);
        return grantVaultRead(resourceName, {
            entityId: this.entityId,
            secret,
            policyName: requireMatch("grantRead name", `${settings.entityName}-read-${name}`, VAULT_POLICY_NAME),
            namespace: settings.vaultNamespace,
        }, { parent: this });
    }

    /**
     * Lets this namespace's reader use exactly one other Vault path (e.g. `database/creds/mlflow` for ESO's
     * VaultDynamicSecret generator, which logs in through the same role): one policy naming that path, attached to the
     * reader's entity, both named after `name`.
     */
    grantPath(path: string, name: string, capabilities: string[] = ["read"]): EntityPolicies {
        const settings = VAULT_SETTINGS.get(this)!;
        return grantVaultPath(grantResourceName(this, name), {
            entityId: this.entityId,
            path,
            capabilities,
            policyName: requireMatch("grantPath name", `${settings.entityName}-${name}`, VAULT_POLICY_NAME),
            namespace: settings.vaultNamespace,
        }, { parent: this });
    }
}

// Kept outside the component: class properties become schema outputs, and these are deploy-time settings.
const VAULT_SETTINGS = new WeakMap<VaultNamespaceAccess, CheckedVaultAccessArgs>();

/** Checks every argument of a VaultNamespaceAccess before anything is registered. */
export function checkVaultNamespaceAccessArgs(args: VaultNamespaceAccessArgs): CheckedVaultAccessArgs {
    const at = argumentPaths("VaultNamespaceAccess");
    const access = checkAccessArgs(at, args, { storeName: "vault" });
    const address = requireMatch(at("address"), args.address, {
        pattern: /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/,
        fix: "Give the server's https:// address as ESO reaches it, e.g. \"https://vault.example.com:8200\".",
    });
    const mountPath = requireMatch(at("mountPath"), args.mountPath, VAULT_MOUNT);
    const authMountPath = requireMatch(at("authMountPath"), args.authMountPath ?? "kubernetes", VAULT_MOUNT);
    const authMountAccessor = args.authMountAccessor === undefined ? undefined : requireInputMatch(at("authMountAccessor"), args.authMountAccessor, {
        pattern: /^auth_[a-z0-9_-]+_[0-9a-f]{8}$/,
        fix: "Give the auth mount's accessor as `vault auth list` shows it, e.g. \"auth_kubernetes_1a2b3c4d\", or leave it out to look it up.",
    });
    const audience = requireMatch(at("audience"), args.audience ?? "vault", AUDIENCE);
    const tokenTtlSeconds = requireIntegerInRange(at("tokenTtlSeconds"), args.tokenTtlSeconds ?? 600, 60, 3600,
        "It is how long a Vault token of ESO lives; ESO logs in again when less than a minute is left.");
    const roleName = requireMatch(at("roleName"), args.roleName ?? `eso-${access.namespace}`, ROLE_NAME);
    const tokenReviewer = args.tokenReviewer ?? VaultTokenReviewer.VaultServiceAccount;
    if (!Object.values(VaultTokenReviewer).includes(tokenReviewer)) {
        throw new SecretsInputError(at("tokenReviewer"), tokenReviewer, `Use one of ${Object.values(VaultTokenReviewer).join(", ")}.`);
    }
    if (args.vaultNamespace !== undefined) {
        requireMatch(at("vaultNamespace"), args.vaultNamespace, {
            pattern: /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/,
            fix: "Give the namespace path without leading or trailing '/', e.g. \"platform/dev\".",
        });
    }
    if (args.caBundlePem !== undefined && !/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(args.caBundlePem)) {
        throw new SecretsInputError(at("caBundlePem"), "(not a PEM certificate bundle)", "Give the PEM text of the CA certificate(s).");
    }
    const entityName = requireMatch(at("clusterName"), `eso-${access.clusterName}-${access.namespace}`.toLowerCase(), {
        pattern: /^[a-z0-9][a-z0-9_.-]{0,99}$/,
        fix: "The cluster and namespace names make the reader's Vault entity and policy names: use a shorter clusterName.",
    });
    return {
        access, address, mountPath, vaultNamespace: args.vaultNamespace, caBundlePem: args.caBundlePem, authMountPath,
        authMountAccessor, audience, tokenTtlSeconds, roleName, entityName, tokenReviewer,
    };
}
