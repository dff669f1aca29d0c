/**
 * GCP IAM semantics for Secret Manager: which roles read secret payloads (`secretmanager.versions.access`) or can give
 * themselves that (`setIamPolicy` on the secret or an ancestor, or minting tokens of service accounts that can), for
 * predefined roles by name (Google Cloud, "Secret Manager roles and permissions" and "Basic roles"; Resource Manager
 * and IAM roles) and custom roles by their permissions.
 */

export const ACCESS = "secretmanager.versions.access";
const SET_IAM = ["secretmanager.secrets.setIamPolicy", "resourcemanager.projects.setIamPolicy", "resourcemanager.folders.setIamPolicy", "resourcemanager.organizations.setIamPolicy"];
const IMPERSONATE = ["iam.serviceAccounts.getAccessToken", "iam.serviceAccounts.signJwt", "iam.serviceAccounts.implicitDelegation"];

export interface RoleReach {
    /** Reads payloads itself. */
    readonly reads: boolean;
    /** Can grant itself (or anyone) a reading role. */
    readonly grants: boolean;
    /** Acts as the project's service accounts, reading what they read. */
    readonly impersonates: boolean;
}

/** Predefined roles that reach secret payloads; every other predefined role reaches none. */
export const PREDEFINED_ROLES: Readonly<Record<string, RoleReach>> = {
    "roles/owner": { reads: true, grants: true, impersonates: true },
    "roles/editor": { reads: true, grants: false, impersonates: true },
    "roles/secretmanager.admin": { reads: true, grants: true, impersonates: false },
    "roles/secretmanager.secretAccessor": { reads: true, grants: false, impersonates: false },
    "roles/resourcemanager.projectIamAdmin": { reads: false, grants: true, impersonates: false },
    "roles/resourcemanager.folderAdmin": { reads: false, grants: true, impersonates: false },
    "roles/resourcemanager.folderIamAdmin": { reads: false, grants: true, impersonates: false },
    "roles/resourcemanager.organizationAdmin": { reads: false, grants: true, impersonates: false },
    "roles/iam.securityAdmin": { reads: false, grants: true, impersonates: false },
    "roles/iam.serviceAccountTokenCreator": { reads: false, grants: false, impersonates: true },
};

export function customRoleReach(permissions: readonly string[]): RoleReach {
    return {
        reads: permissions.includes(ACCESS),
        grants: permissions.some((p) => SET_IAM.includes(p)),
        impersonates: permissions.some((p) => IMPERSONATE.includes(p)),
    };
}

export function reachesSecrets(reach: RoleReach | undefined): reach is RoleReach {
    return reach !== undefined && (reach.reads || reach.grants || reach.impersonates);
}

export function describeReach(reach: RoleReach): string {
    const parts = [
        reach.reads ? `reads every secret's payload (${ACCESS})` : undefined,
        reach.grants ? "can grant itself access to every secret (setIamPolicy)" : undefined,
        reach.impersonates ? "can act as every service account and read what they read" : undefined,
    ].filter((p) => p !== undefined);
    return parts.join(" and ");
}

/** Members that are everyone: on a secret they publish it. */
export const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

/** `principalSet://iam.googleapis.com/…/workloadIdentityPools/<pool>/*`: every identity of the pool (every namespace of every cluster). */
export function isWholePool(member: string): boolean {
    return /^principalSet:\/\/iam\.googleapis\.com\/.+\/workloadIdentityPools\/[^/]+\/\*$/.test(member);
}

/**
 * Whether an IAM condition narrows a grant to named secrets: a conjunction (no `||`, no negation) with a term
 * `resource.name == "projects/<p>/secrets/<name>"` or `resource.name.startsWith("projects/<p>/secrets/<name>/")`.
 * A prefix that stops inside a name (`…/secrets/mlflow-`) covers every secret starting with it.
 */
export function conditionNamesSecrets(expression: string | undefined): boolean {
    if (expression === undefined) {
        return false;
    }
    if (/\|\||!/.test(expression)) {
        return false;
    }
    const exact = /resource\.name\s*==\s*["']projects\/[^/"']+\/(locations\/[^/"']+\/)?secrets\/[^/*"']+["']/;
    const prefix = /resource\.name\.startsWith\(\s*["']projects\/[^/"']+\/(locations\/[^/"']+\/)?secrets\/[^/*"']+\/(versions\/)?["']\s*\)/;
    return expression.split("&&").some((term) => exact.test(term) || prefix.test(term));
}
