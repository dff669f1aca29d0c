/** The legacy Workload Identity member of a Kubernetes ServiceAccount, used to let it act as a Google service account. */
export function workloadIdentityMember(clusterProject: string, namespace: string, serviceAccountName: string): string {
    return `serviceAccount:${clusterProject}.svc.id.goog[${namespace}/${serviceAccountName}]`;
}

/** The direct principal of a Kubernetes ServiceAccount in the cluster project's workload identity pool (no Google service account). */
export function directPrincipalMember(clusterProjectNumber: string, clusterProject: string, namespace: string, serviceAccountName: string): string {
    return (
        `principal://iam.googleapis.com/projects/${clusterProjectNumber}/locations/global/workloadIdentityPools/` +
        `${clusterProject}.svc.id.goog/subject/ns/${namespace}/sa/${serviceAccountName}`
    );
}
