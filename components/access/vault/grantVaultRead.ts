import * as pulumi from "@pulumi/pulumi";
import { EntityPolicies } from "@pulumi/vault/identity";
import { Policy } from "@pulumi/vault";
import { CloudProvider, StoredSecret } from "../../stores/storedSecret";
import { requireCloud } from "../grants";
import { requireMatch, requireInputMatch } from "../../validation/rules";
import { vaultPathPolicyDocument, vaultReadPolicyDocument } from "./vaultPolicyDocument";

/** Vault policy names: Vault stores them in lower case, so only lower-case names stay free of diffs. */
export const VAULT_POLICY_NAME = {
    pattern: /^[a-z0-9][a-z0-9_.-]{0,127}$/,
    fix: "Use 1-128 lower-case letters, digits, '_', '.' or '-' (Vault lower-cases policy names).",
};

const ENTITY_ID = {
    pattern: /^[A-Za-z0-9-]{1,64}$/,
    fix: "Give the identity entity's id (a UUID, e.g. from vault.identity.Entity.id).",
};

export interface GrantVaultReadArgs {
    /** The identity entity to grant (e.g. `VaultNamespaceAccess.entityId`, or an entity you manage). */
    readonly entityId: pulumi.Input<string>;
    /** The KV v2 secret to read, as its store returned it. */
    readonly secret: StoredSecret;
    /** Name of the Vault policy that names the secret's exact path. */
    readonly policyName: string;
    /**
     * Vault Enterprise or OpenBao namespace of the entity and policy.
     * @default the provider's namespace
     */
    readonly namespace?: string;
}

/**
 * Lets an existing identity entity read exactly one stored KV v2 secret: a Vault policy with `read` on that secret's
 * `<mount>/data/<path>` only, attached to the entity non-exclusively (`identity.EntityPolicies`, `exclusive: false`), so
 * each grant adds and removes only its own policy. Identity policies apply to every token of the entity at request
 * time: a grant added after ESO logged in takes effect without a new login. Returns the attachment (depend on it).
 */
export function grantVaultRead(name: string, args: GrantVaultReadArgs, opts?: pulumi.CustomResourceOptions): EntityPolicies {
    requireCloud("grantVaultRead.secret", args?.secret, CloudProvider.Vault);
    const policyName = requireMatch("grantVaultRead.policyName", args.policyName, VAULT_POLICY_NAME);
    const entityId = requireInputMatch("grantVaultRead.entityId", args.entityId, ENTITY_ID);
    const document = pulumi.output(args.secret.grantScope).apply((path) => vaultReadPolicyDocument([path]));
    return attachPolicy(name, entityId, policyName, document, args.namespace, opts);
}

export interface GrantVaultPathArgs {
    /** The identity entity to grant (e.g. `VaultNamespaceAccess.entityId`). */
    readonly entityId: pulumi.Input<string>;
    /** One exact Vault path, e.g. `database/creds/mlflow` (no globs). */
    readonly path: string;
    /**
     * What the entity may do there: `read` (GET) and/or `update` (POST, e.g. an endpoint that issues credentials on POST).
     * @default ["read"]
     */
    readonly capabilities?: string[];
    /** Name of the Vault policy. */
    readonly policyName: string;
    /**
     * Vault Enterprise or OpenBao namespace of the entity and policy.
     * @default the provider's namespace
     */
    readonly namespace?: string;
}

/**
 * Lets an existing identity entity use exactly one Vault path that is not a KV secret (e.g. a database secrets engine's
 * `database/creds/<role>`): one policy naming that path only, attached non-exclusively like `grantVaultRead`.
 */
export function grantVaultPath(name: string, args: GrantVaultPathArgs, opts?: pulumi.CustomResourceOptions): EntityPolicies {
    const policyName = requireMatch("grantVaultPath.policyName", args?.policyName, VAULT_POLICY_NAME);
    const entityId = requireInputMatch("grantVaultPath.entityId", args.entityId, ENTITY_ID);
    const document = vaultPathPolicyDocument(args.path, args.capabilities ?? ["read"]);
    return attachPolicy(name, entityId, policyName, document, args.namespace, opts);
}

/** A policy and its non-exclusive attachment to the entity, both named `name`; returns the attachment. */
function attachPolicy(
    name: string, entityId: pulumi.Input<string>, policyName: string, document: pulumi.Input<string>, vaultNamespace: string | undefined,
    opts: pulumi.CustomResourceOptions | undefined,
): EntityPolicies {
    const namespace = vaultNamespace === undefined ? {} : { namespace: vaultNamespace };
    const policy = new Policy(name, { name: policyName, policy: document, ...namespace }, opts);
    return new EntityPolicies(name, { entityId, policies: [policy.name], exclusive: false, ...namespace }, opts);
}
