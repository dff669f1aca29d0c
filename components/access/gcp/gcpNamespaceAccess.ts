import * as pulumi from "@pulumi/pulumi";
import { SecretIamMember } from "@pulumi/gcp/secretmanager";
import { Account, IAMMember } from "@pulumi/gcp/serviceaccount";
import { StoredSecret } from "../../stores/storedSecret";
import { SecretsInputError } from "../../validation/inputError";
import { argumentPaths } from "../argumentPaths";
import { CheckedAccessArgs, checkAccessArgs } from "../checkAccessArgs";
import { createEsoSecretStore, esoServiceAccountRef } from "../esoSecretStore";
import { grantResourceName, rememberGrantPrefix } from "../grants";
import { identityName } from "../identityName";
import { GcpIdentityMode } from "../identityModes";
import { NamespaceAccess, NamespaceAccessBaseArgs } from "../namespaceAccess";
import { secretStoreKind } from "../secretStoreScope";
import { Rule, rejectUnused, requireMatch } from "../../validation/rules";
import { createWorkloadServiceAccount } from "../workloadServiceAccount";
import { directPrincipalMember, workloadIdentityMember } from "./gcpMembers";
import { grantGcpRead } from "./grantGcpRead";
import { componentType, withPreviousType } from "../../naming/componentType";

const PROJECT_ID: Rule = {
    pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
    fix: "Use a project id (6-30 lower-case letters, digits or '-', starting with a letter), not its name or number.",
};

export interface GcpNamespaceAccessArgs extends NamespaceAccessBaseArgs {
    /** The id of the project that hosts the GKE cluster; its workload identity pool is `<clusterProject>.svc.id.goog`. */
    readonly clusterProject: string;
    /**
     * The project whose Secret Manager the store reads.
     * @default clusterProject.
     */
    readonly secretsProject?: string;
    /**
     * A Google service account per namespace, or the direct principal form.
     * @default GcpIdentityMode.GoogleServiceAccount.
     */
    readonly identityMode?: GcpIdentityMode;
    /**
     * DirectPrincipal only, required there: the cluster project's number, which principal identifiers use.
     * @default none.
     */
    readonly clusterProjectNumber?: string;
    /**
     * The cluster's location (e.g. "europe-west1"). When set, the store names the cluster explicitly
     * (`clusterLocation`, `clusterName`, `clusterProjectID`), as needed when ESO cannot ask the GKE metadata server.
     * @default none: ESO reads the cluster from the metadata server of the GKE node it runs on.
     */
    readonly clusterLocation?: string;
    /**
     * GoogleServiceAccount only: the Google service account's id.
     * @default "eso-<clusterName>-<namespace>", cut to 30 characters with a hash suffix when longer.
     */
    readonly accountId?: string;
}

/**
 * Gives one namespace read access to exactly the Secret Manager secrets granted to it, without static credentials:
 * GKE Workload Identity for one Kubernetes ServiceAccount (through a Google service account, or as a direct
 * principal), and an ESO SecretStore that authenticates as it. `grantRead` adds one secret at a time.
 */
export class GcpNamespaceAccess extends pulumi.ComponentResource implements NamespaceAccess {
    /** The IAM member that grants name: `serviceAccount:<email>` or the direct `principal://...`. */
    readonly member: pulumi.Output<string>;
    /** GoogleServiceAccount mode only: the Google service account's email. */
    readonly googleServiceAccountEmail?: pulumi.Output<string>;
    readonly namespace: pulumi.Output<string>;
    readonly serviceAccountName: pulumi.Output<string>;
    readonly secretStoreName: pulumi.Output<string>;
    readonly secretStoreKind: pulumi.Output<string>;

    constructor(name: string, args: GcpNamespaceAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const { access, clusterProject, secretsProject, clusterProjectNumber, accountId, clusterLocation } = checkGcpNamespaceAccessArgs(args);

        super(componentType("GcpNamespaceAccess"), name, {}, withPreviousType(opts, "mlops:access:GcpNamespaceAccess"));
        rememberGrantPrefix(this, name);

        const kubernetesMember = workloadIdentityMember(clusterProject, access.namespace, access.serviceAccountName);
        let member: pulumi.Output<string>;
        let bindings: pulumi.Resource[] = [];
        let annotations: Record<string, pulumi.Input<string>> = {};
        if (accountId !== undefined) {
            const account = new Account(
                `${name}-gsa`,
                {
                    accountId,
                    project: clusterProject,
                    // Cut to the API's limits (100 and 256 characters); they are labels only.
                    displayName: `ESO reader ${access.namespace} (${access.clusterName})`.slice(0, 100),
                    description: `External Secrets Operator reads Secret Manager as ${kubernetesMember}`.slice(0, 256),
                },
                { parent: this },
            );
            const workloadIdentityUser = new IAMMember(
                `${name}-workload-identity`,
                { serviceAccountId: account.name, role: "roles/iam.workloadIdentityUser", member: kubernetesMember },
                { parent: this },
            );
            member = account.email.apply((email) => `serviceAccount:${email}`);
            bindings = [workloadIdentityUser];
            annotations = { "iam.gke.io/gcp-service-account": account.email };
            this.googleServiceAccountEmail = account.email;
        } else {
            member = pulumi.output(directPrincipalMember(clusterProjectNumber!, clusterProject, access.namespace, access.serviceAccountName));
        }
        const serviceAccount = createWorkloadServiceAccount(`${name}-sa`, access, annotations, { parent: this });

        const workloadIdentity = {
            serviceAccountRef: esoServiceAccountRef(access),
            ...(clusterLocation === undefined
                ? {}
                : { clusterLocation, clusterName: access.clusterName, clusterProjectID: clusterProject }),
        };
        const provider = { gcpsm: { projectID: secretsProject, auth: { workloadIdentity } } };
        createEsoSecretStore(`${name}-store`, access, provider, { parent: this, dependsOn: [serviceAccount, ...bindings] });

        this.member = member;
        this.namespace = pulumi.output(access.namespace);
        this.serviceAccountName = pulumi.output(access.serviceAccountName);
        this.secretStoreName = pulumi.output(access.storeName);
        this.secretStoreKind = pulumi.output(secretStoreKind(access.storeScope));
        this.registerOutputs({
            member: this.member,
            googleServiceAccountEmail: this.googleServiceAccountEmail,
            namespace: this.namespace,
            serviceAccountName: this.serviceAccountName,
            secretStoreName: this.secretStoreName,
            secretStoreKind: this.secretStoreKind,
        });
    }

    /** Lets this identity read exactly `secret` (a Secret Manager secret), through one child IAM member named after `name`. */
    grantRead(secret: StoredSecret, name: string): SecretIamMember {
        return grantGcpRead(grantResourceName(this, name), { member: this.member, secret }, { parent: this });
    }
}

/** The checked arguments of a GcpNamespaceAccess, with defaults applied. */
export interface CheckedGcpAccessArgs {
    readonly access: CheckedAccessArgs;
    readonly clusterProject: string;
    readonly secretsProject: string;
    /** DirectPrincipal only. */
    readonly clusterProjectNumber?: string;
    /** GoogleServiceAccount only. */
    readonly accountId?: string;
    readonly clusterLocation?: string;
}

/**
 * GKE cluster names: 1-40 lower-case letters, digits or '-', starting with a letter and ending with a letter or digit.
 * ESO builds the cluster's identity provider URL from the name when `clusterLocation` is set, so it must be the real one.
 */
export const GKE_CLUSTER_NAME: Rule = {
    pattern: /^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$/,
    fix: "With clusterLocation set, ESO builds the cluster's identity provider URL from clusterName: use the GKE cluster's real name " +
        "(1-40 lower-case letters, digits or '-', starting with a letter), as `gcloud container clusters list` shows it.",
};

/** Checks every argument of a GcpNamespaceAccess before anything is registered. */
export function checkGcpNamespaceAccessArgs(args: GcpNamespaceAccessArgs): CheckedGcpAccessArgs {
    const at = argumentPaths("GcpNamespaceAccess");
    const access = checkAccessArgs(at, args, { storeName: "gcp-secret-manager" });
    const clusterProject = requireMatch(at("clusterProject"), args.clusterProject, PROJECT_ID);
    const secretsProject = requireMatch(at("secretsProject"), args.secretsProject ?? clusterProject, PROJECT_ID);
    const identityMode = args.identityMode ?? GcpIdentityMode.GoogleServiceAccount;
    if (!Object.values(GcpIdentityMode).includes(identityMode)) {
        throw new SecretsInputError(at("identityMode"), identityMode, `Use one of ${Object.values(GcpIdentityMode).join(", ")}.`);
    }
    let clusterProjectNumber: string | undefined;
    let accountId: string | undefined;
    if (identityMode === GcpIdentityMode.DirectPrincipal) {
        clusterProjectNumber = requireMatch(at("clusterProjectNumber"), args.clusterProjectNumber, {
            pattern: /^[1-9]\d{5,19}$/,
            fix: "The direct principal form needs the cluster project's number (digits, from `gcloud projects describe`).",
        });
        rejectUnused(at("accountId"), args.accountId, "the direct principal form creates no Google service account.");
    } else {
        rejectUnused(at("clusterProjectNumber"), args.clusterProjectNumber, "only the direct principal form uses the project number.");
        accountId = requireMatch(at("accountId"), args.accountId ?? identityName(["eso", access.clusterName, access.namespace], 30), {
            pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
            fix: "Use 6-30 lower-case letters, digits or '-', starting with a letter.",
        });
    }
    let clusterLocation: string | undefined;
    if (args.clusterLocation !== undefined) {
        clusterLocation = requireMatch(at("clusterLocation"), args.clusterLocation, {
            pattern: /^[a-z]+-[a-z]+\d+(-[a-z])?$/,
            fix: "Use the cluster's region or zone, e.g. \"europe-west1\" or \"europe-west1-b\".",
        });
        requireMatch(at("clusterName"), access.clusterName, GKE_CLUSTER_NAME);
    }
    return { access, clusterProject, secretsProject, clusterProjectNumber, accountId, clusterLocation };
}
