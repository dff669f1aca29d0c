import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/aws/iam";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import * as storage from "@pulumi/gcp/storage";
import * as k8s from "@pulumi/kubernetes";
import { CorpusCase, violations } from "./corpusCase";

const POLICY = "no-static-cloud-credentials";

/** An External Secrets Operator store, as the platform's components register it (a CustomResource). */
function store(name: string, kind: string, provider: Record<string, unknown>): void {
    new k8s.apiextensions.CustomResource(name, {
        apiVersion: "external-secrets.io/v1",
        kind,
        metadata: kind === "SecretStore" ? { name, namespace: "mlflow" } : { name },
        spec: { provider },
    });
}

/**
 * `@pulumi/azuread` is not a dependency of this package, so its resources are registered by type token, exactly as
 * the engine would receive them from the azuread SDK.
 */
class AzureadResource extends pulumi.CustomResource {
    constructor(type: string, name: string, props: Record<string, unknown>) {
        super(type, name, props);
    }
}

function azureadResource(type: string, name: string, props: Record<string, unknown>): void {
    new AzureadResource(type, name, props);
}

export const staticCredentialCases: CorpusCase[] = [
    {
        title: "bad: an IAM user access key",
        program: () => new iam.AccessKey("ci", { user: "ci-deployer" }),
        expect: violations(POLICY, "aws:iam/accessKey:AccessKey"),
    },
    {
        title: "bad: an Entra ID application password",
        program: () => azureadResource("azuread:index/applicationPassword:ApplicationPassword", "eso-app", {
            applicationId: "/applications/00000000-0000-4000-8000-0000000000aa",
            displayName: "eso",
        }),
        expect: violations(POLICY, "azuread:index/applicationPassword:ApplicationPassword"),
    },
    {
        title: "bad: a service principal password",
        program: () => azureadResource("azuread:index/servicePrincipalPassword:ServicePrincipalPassword", "eso-sp", {
            servicePrincipalId: "/servicePrincipals/00000000-0000-4000-8000-0000000000bb",
        }),
        expect: violations(POLICY, "azuread:index/servicePrincipalPassword:ServicePrincipalPassword"),
    },
    {
        title: "bad: a GCP service account key",
        program: () => new serviceaccount.Key("eso", { serviceAccountId: "projects/mlops-platform-dev/serviceAccounts/eso@mlops-platform-dev.iam.gserviceaccount.com" }),
        expect: violations(POLICY, "gcp:serviceaccount/key:Key"),
    },
    {
        title: "bad: a GCS HMAC key (static S3-style credentials for MLflow's artifact store)",
        program: () => new storage.HmacKey("mlflow-artifacts", { serviceAccountEmail: "mlflow@mlops-platform-dev.iam.gserviceaccount.com" }),
        expect: violations(POLICY, "gcp:storage/hmacKey:HmacKey"),
    },
    {
        title: "bad: a SecretStore reading Parameter Store with an access key from a Secret",
        program: () => store("ssm-static", "SecretStore", {
            aws: {
                service: "ParameterStore",
                region: "eu-west-1",
                auth: { secretRef: {
                    accessKeyIDSecretRef: { name: "aws-creds", key: "access-key-id" },
                    secretAccessKeySecretRef: { name: "aws-creds", key: "secret-access-key" },
                } },
            },
        }),
        expect: violations(POLICY, "kubernetes:external-secrets.io/v1:SecretStore"),
    },
    {
        title: "bad: a ClusterSecretStore reading Key Vault with a service principal secret",
        program: () => store("kv-static", "ClusterSecretStore", {
            azurekv: {
                authType: "ServicePrincipal",
                vaultUrl: "https://mlops-kv.vault.azure.net/",
                tenantId: "00000000-0000-4000-8000-000000000002",
                authSecretRef: { clientId: { name: "azure-sp", key: "client-id", namespace: "eso" }, clientSecret: { name: "azure-sp", key: "client-secret", namespace: "eso" } },
            },
        }),
        expect: violations(POLICY, "kubernetes:external-secrets.io/v1:ClusterSecretStore"),
    },
    {
        title: "bad: a SecretStore reading Secret Manager with a service account key from a Secret",
        program: () => store("gcpsm-static", "SecretStore", {
            gcpsm: { projectID: "mlops-platform-dev", auth: { secretRef: { secretAccessKeySecretRef: { name: "gcp-sa", key: "key.json" } } } },
        }),
        expect: violations(POLICY, "kubernetes:external-secrets.io/v1:SecretStore"),
    },
    {
        title: "good: SecretStores on workload identity (IRSA, Azure workload identity, GKE Workload Identity)",
        program: () => {
            store("ssm", "SecretStore", {
                aws: { service: "ParameterStore", region: "eu-west-1", auth: { jwt: { serviceAccountRef: { name: "eso-mlflow" } } } },
            });
            store("kv", "ClusterSecretStore", {
                azurekv: { authType: "WorkloadIdentity", vaultUrl: "https://mlops-kv.vault.azure.net/", serviceAccountRef: { name: "eso", namespace: "eso" } },
            });
            store("gcpsm", "SecretStore", {
                gcpsm: { projectID: "mlops-platform-dev", auth: { workloadIdentity: { serviceAccountRef: { name: "eso-mlflow" } } } },
            });
            store("pod-identity", "ClusterSecretStore", { aws: { service: "ParameterStore", region: "eu-west-1" } });
        },
        expect: [],
    },
    {
        title: "good: a store on a Secret reference that the config allows by name",
        program: () => store("vault-token", "ClusterSecretStore", {
            vault: { server: "https://vault.internal:8200", path: "secret", auth: { tokenSecretRef: { name: "vault-token", key: "token", namespace: "eso" } } },
        }),
        config: { [POLICY]: { allowedStoreNames: ["vault-token"] } },
        expect: [],
    },
];
