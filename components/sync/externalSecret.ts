import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { KUBERNETES_LABELS } from "./labels";

/** Which kind of ESO store an ExternalSecret reads through. */
export enum SecretStoreKind {
    /** A namespaced store: only ExternalSecrets in its own namespace can use it (least privilege). */
    SecretStore = "SecretStore",
    /** A cluster-wide store, limited by its conditions to named namespaces. */
    ClusterSecretStore = "ClusterSecretStore",
}

/** How ESO writes the target Kubernetes Secret. */
export enum TargetCreationPolicy {
    /** ESO creates and owns the Secret; it goes away with the ExternalSecret. */
    Owner = "Owner",
    /** ESO merges its keys into a Secret another tool owns (e.g. Argo CD's `argocd-secret`) and never deletes it. */
    Merge = "Merge",
}

/**
 * Annotation the ExternalSecret's template sets on the synced Secret, with the rotation id as its value. ESO writes it
 * in the same update as the new data, so the restart step waits for it instead of ever reading the Secret's data.
 */
export const ROTATION_ID_ANNOTATION = "mlops.platform/rotation-id";
/**
 * Set on an ExternalSecret by the wait step (not by Pulumi) when a Merge target appeared after ESO last found it
 * missing: any annotation change makes ESO sync again, instead of after refreshInterval.
 */
export const SYNC_RETRY_ANNOTATION = "mlops.platform/sync-retry";
/** ESO re-syncs at once when any ExternalSecret annotation changes; this one carries the rotation id. */
export const FORCE_SYNC_ANNOTATION = "force-sync";
/** ESO's generator API group and version (external-secrets/external-secrets `apis/generators/v1alpha1`). */
export const GENERATORS_API_VERSION = "generators.external-secrets.io/v1alpha1";

export interface ExternalSecretData {
    /** Template variable / key the remote value is read into. */
    readonly secretKey: string;
    readonly remoteKey: pulumi.Input<string>;
    /** The field of the remote document that holds the value (Vault KV: `value`); the whole value when unset. */
    readonly property?: string;
    /** An earlier version to read (rollback); the latest when unset. */
    readonly version?: string;
}

/** An ESO generator (`generators.external-secrets.io/v1alpha1`) whose output an ExternalSecret reads. */
export interface GeneratorRef {
    readonly kind: "VaultDynamicSecret" | "Password" | "ClusterGenerator";
    readonly name: pulumi.Input<string>;
}

export interface ExternalSecretSettings {
    readonly namespace: string;
    readonly name: string;
    /** The store `data` and `extract` read through; unset when only generators feed the Secret. */
    readonly secretStoreName?: pulumi.Input<string>;
    readonly secretStoreKind?: pulumi.Input<string>;
    readonly refreshInterval: string;
    readonly targetName: string;
    readonly creationPolicy: TargetCreationPolicy;
    readonly data: ExternalSecretData[];
    /**
     * Cloud values holding a JSON object, read whole in one provider call (`dataFrom[].extract`): each top-level field
     * becomes a template variable. Unlike one `data` entry per field (one call each), the fields always come from the
     * same version of the value.
     */
    readonly extract?: ReadonlyArray<Pick<ExternalSecretData, "remoteKey" | "property" | "version">>;
    /**
     * Generators whose values become template variables (`dataFrom[].sourceRef.generatorRef`; ESO's deprecated
     * `data[].sourceRef.generatorRef` is not used). Each refresh runs them again: new values every refreshInterval.
     */
    readonly generators?: ReadonlyArray<GeneratorRef>;
    /** Target Secret keys to Go templates over the data keys; keys are written in sorted order. */
    readonly templateData: Record<string, pulumi.Input<string>>;
    readonly targetLabels: Record<string, string>;
    readonly rotationId: pulumi.Input<string>;
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
    return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]]));
}

/** The `external-secrets.io/v1` ExternalSecret manifest, with deterministic key order. */
export function externalSecretManifest(s: ExternalSecretSettings) {
    const merge = s.creationPolicy === TargetCreationPolicy.Merge;
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: {
            name: s.name,
            namespace: s.namespace,
            labels: { ...KUBERNETES_LABELS },
            annotations: { [FORCE_SYNC_ANNOTATION]: s.rotationId },
        },
        spec: {
            refreshInterval: s.refreshInterval,
            refreshPolicy: "Periodic",
            ...(s.secretStoreName === undefined ? {} : { secretStoreRef: { name: s.secretStoreName, kind: s.secretStoreKind } }),
            target: {
                name: s.targetName,
                creationPolicy: s.creationPolicy,
                // Delete is refused together with Merge; Retain keeps a Secret another tool owns.
                deletionPolicy: merge ? "Retain" : "Delete",
                template: {
                    engineVersion: "v2",
                    // No template mergePolicy: its default (Replace) writes only the templated keys, while `Merge` would also
                    // copy every fetched key (e.g. the raw `bcryptHash`) into the target. Keeping the target's other keys is
                    // creationPolicy Merge's job. Under Merge the type is left unset, so the owner's type is kept.
                    // external-secrets/external-secrets: pkg/controllers/externalsecret/externalsecret_controller_template.go
                    ...(merge ? {} : { type: "Opaque" }),
                    metadata: {
                        labels: sorted(s.targetLabels),
                        annotations: { [ROTATION_ID_ANNOTATION]: s.rotationId },
                    },
                    data: sorted(s.templateData),
                },
            },
            ...(s.data.length > 0
                ? { data: s.data.map((d) => ({ secretKey: d.secretKey, remoteRef: { key: d.remoteKey, ...(d.property ? { property: d.property } : {}), ...(d.version ? { version: d.version } : {}) } })) }
                : {}),
            ...(s.extract?.length || s.generators?.length
                ? {
                    dataFrom: [
                        ...(s.extract ?? []).map((d) => ({ extract: { key: d.remoteKey, ...(d.property ? { property: d.property } : {}), ...(d.version ? { version: d.version } : {}) } })),
                        ...(s.generators ?? []).map((g) => ({
                            sourceRef: { generatorRef: { apiVersion: GENERATORS_API_VERSION, kind: g.kind, name: g.name } },
                        })),
                    ],
                }
                : {}),
        },
    };
}

export function createExternalSecret(name: string, settings: ExternalSecretSettings, opts: pulumi.CustomResourceOptions): CustomResource {
    return new CustomResource(name, externalSecretManifest(settings), opts);
}
