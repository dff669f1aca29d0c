import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { CloudProvider, StoredSecret } from "../../components/stores/storedSecret";
import { CapturedResource, ProgramRun } from "../harness";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
export const OIDC_HOST_PATH = "oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";
export const OIDC_ISSUER_URL = `https://${OIDC_HOST_PATH}`;
export const OIDC_PROVIDER_ARN = `arn:aws:iam::${ACCOUNT}:oidc-provider/${OIDC_HOST_PATH}`;
export const KMS_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const AZURE_SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
export const AKS_ISSUER_URL = "https://eastus.oic.prod-aks.azure.com/00000000-0000-4000-8000-000000000002/11111111-2222-4333-8444-555555555555/";
export const VAULT_URL = "https://mlops-kv.vault.azure.net/";
export const GCP_PROJECT = "mlops-platform-dev";
export const GCP_PROJECT_NUMBER = "123456789012";

/** The platform's consumer namespaces and the secrets each one syncs. */
export const PLATFORM: Record<string, string[]> = {
    mlflow: ["mlflow-db-password", "mlflow-artifact-credentials"],
    minio: ["minio-root-password"],
    argocd: ["argocd-admin-password"],
    monitoring: ["grafana-admin-password"],
};

/** StoredSecrets as the stores would return them, with fixed ids (call inside a program). */
export function awsSecret(namespace: string, secret: string, kmsKeyArn?: string): StoredSecret {
    const parameter = `/mlops-platform-dev/${namespace}/${secret}`;
    return {
        cloud: CloudProvider.Aws,
        remoteKey: pulumi.output(parameter),
        grantScope: pulumi.output(parameterArn(parameter)),
        location: pulumi.output(`ssm:${parameter}`),
        writtenBy: [],
        kmsKeyArn: kmsKeyArn === undefined ? undefined : pulumi.output(kmsKeyArn),
        region: pulumi.output(REGION),
    };
}

export function parameterArn(parameter: string): string {
    return `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${parameter}`;
}

export function azureSecretId(secret: string): string {
    return `/subscriptions/${AZURE_SUBSCRIPTION}/resourceGroups/mlops-rg/providers/Microsoft.KeyVault/vaults/mlops-kv/secrets/${secret}`;
}

export function azureSecret(secret: string): StoredSecret {
    return {
        cloud: CloudProvider.Azure,
        remoteKey: pulumi.output(secret),
        grantScope: pulumi.output(azureSecretId(secret)),
        location: pulumi.output(`keyvault:mlops-kv/${secret}`),
        writtenBy: [],
        vaultUrl: pulumi.output(VAULT_URL),
    };
}

export function gcpSecretId(secret: string): string {
    return `projects/${GCP_PROJECT}/secrets/${secret}`;
}

export function gcpSecret(secret: string): StoredSecret {
    return {
        cloud: CloudProvider.Gcp,
        remoteKey: pulumi.output(secret),
        grantScope: pulumi.output(gcpSecretId(secret)),
        location: pulumi.output(`secretmanager:${gcpSecretId(secret)}`),
        writtenBy: [],
        project: pulumi.output(GCP_PROJECT),
    };
}

export function ofType(run: ProgramRun, type: string): CapturedResource[] {
    return run.resources.filter((r) => r.type === type);
}

export function single(run: ProgramRun, type: string): CapturedResource {
    const found = ofType(run, type);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}`);
    }
    return found[0];
}

export const TYPES = {
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    secretStore: "kubernetes:external-secrets.io/v1:SecretStore",
    clusterSecretStore: "kubernetes:external-secrets.io/v1:ClusterSecretStore",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    podIdentityAssociation: "aws:eks/podIdentityAssociation:PodIdentityAssociation",
    userAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
    federatedIdentityCredential: "azure-native:managedidentity:FederatedIdentityCredential",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    googleServiceAccount: "gcp:serviceaccount/account:Account",
    serviceAccountIamMember: "gcp:serviceaccount/iAMMember:IAMMember",
    secretIamMember: "gcp:secretmanager/secretIamMember:SecretIamMember",
    clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    vaultRole: "vault:kubernetes/authBackendRole:AuthBackendRole",
    vaultEntity: "vault:identity/entity:Entity",
    vaultEntityAlias: "vault:identity/entityAlias:EntityAlias",
    vaultEntityPolicies: "vault:identity/entityPolicies:EntityPolicies",
    vaultPolicy: "vault:index/policy:Policy",
    vaultKvSecret: "vault:kv/secretV2:SecretV2",
};

/**
 * Validates a captured manifest against the ESO v1 / Kubernetes core models. Their schemas check types, enums and
 * required fields but not unknown fields, so tests also compare provider blocks exactly.
 */
export async function validateManifest(inputs: Record<string, unknown>): Promise<void> {
    const models: Record<string, { new (data: any): { validate(): void } }> = {
        SecretStore: (await import("@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore")).SecretStore,
        ClusterSecretStore: (await import("@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore")).ClusterSecretStore,
        ServiceAccount: (await import("kubernetes-models/v1/ServiceAccount")).ServiceAccount,
    };
    const model = models[String(inputs.kind)];
    if (!model) {
        throw new Error(`no model for kind ${String(inputs.kind)}`);
    }
    new model(inputs).validate();
}

/** Every `Resource` of a policy document, as a list. */
export function policyResources(document: { Statement: { Resource?: string | string[] }[] }): string[] {
    return document.Statement.flatMap((s) => (s.Resource === undefined ? [] : Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
}

/**
 * Runs the scenarios of `deferredChecks.ts` in their own process and returns each one's deployment errors. Checks on
 * inputs known only at deployment throw inside an `apply`; Pulumi surfaces that as an unhandled rejection (the real
 * engine host turns it into a failed update), which node's test runner would pin on whichever test is running, so it
 * is observed from outside.
 */
export function runDeferredChecks(): Record<string, string[]> {
    const result = spawnSync(process.execPath, ["--import", "tsx", join(__dirname, "deferredChecks.ts")], { encoding: "utf8" });
    if (result.status !== 0) {
        throw new Error(`deferredChecks.ts failed: ${result.stderr}`);
    }
    return JSON.parse(result.stdout);
}

export const VAULT_ADDRESS = "https://vault.example.com:8200";

/** A Vault KV v2 StoredSecret as `storeInVault` returns it for `secret/data/mlops-platform-dev/<app>/<secret>`. */
export function vaultSecret(app: string, secret: string): StoredSecret {
    const path = `mlops-platform-dev/${app}/${secret}`;
    return {
        cloud: CloudProvider.Vault,
        remoteKey: pulumi.output(path),
        grantScope: pulumi.output(`secret/data/${path}`),
        location: pulumi.output(`vault:secret/data/${path}`),
        writtenBy: [],
        remoteProperty: "value",
        vaultMount: pulumi.output("secret"),
    };
}
