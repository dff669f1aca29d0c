import * as pulumi from "@pulumi/pulumi";
import { Secret, SecretIamMember, SecretVersion } from "@pulumi/gcp/secretmanager";
import { Account, IAMMember } from "@pulumi/gcp/serviceaccount";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { ACCESS_LABELS, ESO_API_VERSION } from "../../components/access/esoSecretStore";
import { workloadIdentityMember } from "../../components/access/gcp/gcpMembers";
import { SECRET_ACCESSOR_ROLE } from "../../components/access/gcp/grantGcpRead";
import { identityName } from "../../components/access/identityName";
import { CloudProvider } from "../../components";
import { CLUSTER_NAME, CLUSTERS, STORE_ARGS } from "./benchClouds";
import { RawCloud, READER_SERVICE_ACCOUNT } from "./rawCloud";

const STORE_NAME = "gcp-secret-manager";

/** Google service account, Workload Identity binding, ServiceAccount and SecretStore per namespace; a secret, a version and an accessor binding per value. */
export const rawGcp: RawCloud = {
    access(namespace) {
        const name = `${CLUSTER_NAME}-${namespace}`;
        const project = CLUSTERS[CloudProvider.Gcp].gcp!.clusterProject;
        const kubernetesMember = workloadIdentityMember(project, namespace, READER_SERVICE_ACCOUNT);
        const account = new Account(`${name}-gsa`, {
            accountId: identityName(["eso", CLUSTER_NAME, namespace], 30),
            project,
            displayName: `ESO reader ${namespace} (${CLUSTER_NAME})`,
            description: `External Secrets Operator reads Secret Manager as ${kubernetesMember}`,
        });
        const workloadIdentityUser = new IAMMember(`${name}-workload-identity`, {
            serviceAccountId: account.name, role: "roles/iam.workloadIdentityUser", member: kubernetesMember,
        });
        const serviceAccount = new ServiceAccount(`${name}-sa`, {
            metadata: { name: READER_SERVICE_ACCOUNT, namespace, labels: ACCESS_LABELS, annotations: { "iam.gke.io/gcp-service-account": account.email } },
            automountServiceAccountToken: false,
        });
        new CustomResource(`${name}-store`, {
            apiVersion: ESO_API_VERSION,
            kind: "SecretStore",
            metadata: { name: STORE_NAME, namespace, labels: ACCESS_LABELS },
            spec: { provider: { gcpsm: { projectID: project, auth: { workloadIdentity: { serviceAccountRef: { name: READER_SERVICE_ACCOUNT } } } } } },
        }, { dependsOn: [serviceAccount, workloadIdentityUser] });
        const member = account.email.apply((email) => `serviceAccount:${email}`);
        return {
            storeName: STORE_NAME,
            grant: (grantName, grantScope) => new SecretIamMember(`${name}-read-${grantName}`, { secretId: grantScope, role: SECRET_ACCESSOR_ROLE, member }),
        };
    },
    store(name, value, app, valueName) {
        const project = STORE_ARGS[CloudProvider.Gcp].gcp!.project;
        const secret = new Secret(name, {
            project,
            secretId: `${app}-${valueName}`,
            replication: { auto: {} },
            labels: { "managed-by": "mlops-platform-secrets", app },
        });
        const version = new SecretVersion(name, { secret: secret.id, secretData: pulumi.secret(value), deletionPolicy: "ABANDON" });
        return { remoteKey: secret.secretId, grantScope: secret.id, writtenBy: [secret, version] };
    },
};
