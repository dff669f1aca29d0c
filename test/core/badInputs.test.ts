import assert from "node:assert/strict";
import { test } from "node:test";
import {
    ArgoAdminSecret, AwsSecretService, CloudProvider, CloudStoreArgs, GrafanaSecret, MinioRootSecret, MlflowDbSecret, PlatformSecret, SecretsInputError,
} from "../../components";
import * as pulumi from "@pulumi/pulumi";
import { AwsIdentityMode, ClusterAccessArgs, GcpIdentityMode, SecretStoreScope, VaultTokenReviewer } from "../../components";
import { attemptProgram } from "../harness";
import { GCP_PROJECT, RESOURCE_GROUP, VAULT_NAME } from "./cloudCases";

const aws: CloudStoreArgs = { cloud: CloudProvider.Aws };
const azure = (settings: object): CloudStoreArgs => ({ cloud: CloudProvider.Azure, azure: { vaultName: VAULT_NAME, resourceGroupName: RESOURCE_GROUP, ...settings } });
const gcp = (settings: object): CloudStoreArgs => ({ cloud: CloudProvider.Gcp, gcp: { project: GCP_PROJECT, ...settings } });
const vault = (settings: object = {}): CloudStoreArgs => ({ cloud: CloudProvider.Vault, vault: { address: "https://vault.example.com:8200", ...settings } });
const vaultCluster = (settings: object = {}, store: object = {}) => ({ ...vault(store), cluster: { clusterName: "mlops-dev", vault: settings } });
const generic = { namespace: "jupyterhub", app: "jupyterhub", valueName: "cookie-secret" };

// Cluster settings a user copies from the docs; each case below breaks one thing.
const OIDC_HOST = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E";
const eks = { region: "eu-west-1", oidcProviderArn: `arn:aws:iam::111122223333:oidc-provider/${OIDC_HOST}`, oidcIssuerUrl: `https://${OIDC_HOST}` };
const awsCluster = (cluster: object = {}, settings: object = {}): CloudStoreArgs & { cluster: ClusterAccessArgs } =>
    ({ cloud: CloudProvider.Aws, aws: { region: "eu-west-1" }, cluster: { clusterName: "mlops-dev", aws: { ...eks, ...settings }, ...cluster } });
const aksCluster = (settings: object = {}) => ({
    ...azure({}), cluster: { clusterName: "mlops-aks", azure: { resourceGroupName: RESOURCE_GROUP, oidcIssuerUrl: "https://westeurope.oic.prod-aks.azure.com/t/c/", ...settings } },
});
const gkeCluster = (cluster: object = {}, settings: object = {}) => ({
    ...gcp({}), cluster: { clusterName: "mlops-gke", gcp: { clusterProject: GCP_PROJECT, ...settings }, ...cluster },
});

interface BadInput {
    readonly what: string;
    readonly create: () => unknown;
    /** The argument the message must name. */
    readonly argument: string;
    /** How the message must show the bad value. */
    readonly shows: string;
    /** What the message must say to do. */
    readonly fix: RegExp;
    /**
     * Declared first, successfully (e.g. the secret a second one collides with): the bad one must add nothing to what
     * it registered.
     */
    readonly before?: () => unknown;
}

const sm = (settings: object = {}): CloudStoreArgs => ({ cloud: CloudProvider.Aws, aws: { service: AwsSecretService.SecretsManager, ...settings } });

const BAD_INPUTS: BadInput[] = [
    { what: "an AWS service that does not exist", create: () => new MlflowDbSecret("s", { cloud: CloudProvider.Aws, aws: { service: "SecretsManager" as never } }),
        argument: "aws.service", shows: '"SecretsManager"', fix: /parameter-store, secrets-manager/ },
    { what: "an SSM parameter prefix on Secrets Manager", create: () => new MlflowDbSecret("s", sm({ parameterPrefix: "/mlops" })),
        argument: "aws.parameterPrefix", shows: '"/mlops"', fix: /with aws\.service "secrets-manager" name the secrets with aws\.secretNamePrefix/ },
    { what: "a Secrets Manager setting on Parameter Store", create: () => new MlflowDbSecret("s", { cloud: CloudProvider.Aws, aws: { recoveryWindowInDays: 7 } }),
        argument: "aws.recoveryWindowInDays", shows: "7", fix: /applies to Secrets Manager only/ },
    { what: "a Secrets Manager name prefix with a space", create: () => new GrafanaSecret("s", sm({ secretNamePrefix: "mlops dev" })),
        argument: "aws.secretNamePrefix", shows: '"mlops dev"', fix: /letters, digits and '\/_\+=\.@-'/ },
    { what: "a Secrets Manager name prefix starting with '/'", create: () => new GrafanaSecret("s", sm({ secretNamePrefix: "/mlops" })),
        argument: "aws.secretNamePrefix", shows: '"/mlops"', fix: /does not start with '\/'/ },
    { what: "a Secrets Manager recovery window of 3 days", create: () => new MinioRootSecret("s", sm({ recoveryWindowInDays: 3 })),
        argument: "aws.recoveryWindowInDays", shows: "3", fix: /from 7 to 30 .* or 0 to delete at once/ },
    { what: "an assumed-role session ARN as a Secrets Manager administrator", create: () => new MinioRootSecret("s",
        sm({ adminPrincipalArns: ["arn:aws:sts::111122223333:assumed-role/admin/alice"] })),
        argument: "aws.adminPrincipalArns", shows: '"arn:aws:sts::111122223333:assumed-role/admin/alice"', fix: /assumed-role session ARN/ },
    { what: "a wildcard as a Secrets Manager administrator", create: () => new MinioRootSecret("s", sm({ adminPrincipalArns: ["arn:aws:iam::111122223333:role/*"] })),
        argument: "aws.adminPrincipalArns", shows: '"arn:aws:iam::111122223333:role/*"', fix: /IAM role or user ARNs/ },
    { what: "an SSM parameter version as a Secrets Manager rollback", create: () => new MinioRootSecret("s", { ...sm(), remoteVersion: "3" }),
        argument: "remoteVersion", shows: '"3"', fix: /"AWSPREVIOUS" or "uuid\/<VersionId>"/ },
    { what: "a namespace with capitals", create: () => new MlflowDbSecret("s", { ...aws, namespace: "MLflow" }),
        argument: "namespace", shows: '"MLflow"', fix: /lowercase letters, digits or '-'/ },
    { what: "a Kubernetes Secret name with '_'", create: () => new MlflowDbSecret("s", { ...aws, kubernetesSecretName: "mlflow_db" }),
        argument: "kubernetesSecretName", shows: '"mlflow_db"', fix: /lowercase letters, digits, '-' or '.'/ },
    { what: "an SSM prefix starting with /aws", create: () => new MlflowDbSecret("s", { cloud: CloudProvider.Aws, aws: { parameterPrefix: "/aws-prod" } }),
        argument: "aws.parameterPrefix", shows: '"/aws-prod"', fix: /must not begin with 'aws' or 'ssm'/ },
    { what: "an SSM name of 16 levels", create: () => new MlflowDbSecret("s", { cloud: CloudProvider.Aws, aws: { parameterPrefix: "/a/b/c/d/e/f/g/h/i/j/k/l/m/n" } }),
        argument: "aws.parameterPrefix", shows: '"/a/b/c/d/e/f/g/h/i/j/k/l/m/n"', fix: /at most 15 levels/ },
    { what: "a KMS alias instead of a key ARN", create: () => new MlflowDbSecret("s", { cloud: CloudProvider.Aws, aws: { kmsKeyArn: "alias/aws/ssm" } }),
        argument: "aws.kmsKeyArn", shows: '"alias/aws/ssm"', fix: /full key ARN/ },
    { what: "cloud azure without its settings", create: () => new GrafanaSecret("s", { cloud: CloudProvider.Azure }),
        argument: "azure", shows: "nothing (the argument is missing)", fix: /set azure\.vaultName and azure\.resourceGroupName/ },
    { what: "a Key Vault name with '_'", create: () => new GrafanaSecret("s", azure({ vaultName: "mlops_kv" })),
        argument: "azure.vaultName", shows: '"mlops_kv"', fix: /3-24 letters, digits and '-'/ },
    { what: "a Key Vault without a resource group", create: () => new GrafanaSecret("s", azure({ resourceGroupName: "" })),
        argument: "azure.resourceGroupName", shows: '""', fix: /resource group/ },
    { what: "a Key Vault secret prefix with '_'", create: () => new GrafanaSecret("s", azure({ secretNamePrefix: "dev_" })),
        argument: "azure.secretNamePrefix", shows: '"dev_"', fix: /letters, digits and '-'/ },
    { what: "cloud gcp without a project", create: () => new MinioRootSecret("s", { cloud: CloudProvider.Gcp }),
        argument: "gcp.project", shows: "nothing (the argument is missing)", fix: /set gcp\.project to a project id/ },
    { what: "a GCP project id with capitals", create: () => new MinioRootSecret("s", gcp({ project: "My_Project" })),
        argument: "gcp.project", shows: '"My_Project"', fix: /6-30 lowercase letters/ },
    { what: "a GCP replication location that is no region", create: () => new MinioRootSecret("s", gcp({ replicationLocations: ["europe"] })),
        argument: "gcp.replicationLocations", shows: '["europe"]', fix: /regions such as "europe-west1"/ },
    { what: "MinIO password of 41 characters", create: () => new MinioRootSecret("s", { ...aws, passwordLength: 41 }),
        argument: "passwordLength", shows: "41", fix: /from 16 to 40\. MinIO accepts/ },
    { what: "MinIO password of 15 characters", create: () => new MinioRootSecret("s", { ...aws, passwordLength: 15 }),
        argument: "passwordLength", shows: "15", fix: /from 16 to 40/ },
    { what: "MinIO root user of 2 characters", create: () => new MinioRootSecret("s", { ...aws, rootUser: "ab" }),
        argument: "rootUser", shows: '"ab"', fix: /at least 3/ },
    { what: "Argo CD password of 73 characters (bcrypt reads 72 bytes)", create: () => new ArgoAdminSecret("s", { ...aws, passwordLength: 73 }),
        argument: "passwordLength", shows: "73", fix: /from 16 to 72\. bcrypt uses only the first 72 bytes/ },
    { what: "rotation every 0 days", create: () => new GrafanaSecret("s", { ...aws, rotationDays: 0 }),
        argument: "rotationDays", shows: "0", fix: /whole number from 1 to 365\./ },
    { what: "rotation every 1.5 days", create: () => new GrafanaSecret("s", { ...aws, rotationDays: 1.5 }),
        argument: "rotationDays", shows: "1.5", fix: /whole number/ },
    { what: 'refreshInterval "0s"', create: () => new MlflowDbSecret("s", { ...aws, refreshInterval: "0s" }),
        argument: "refreshInterval", shows: '"0s"', fix: /non-zero Go duration.*"24h"/ },
    { what: 'refreshInterval "banana"', create: () => new MlflowDbSecret("s", { ...aws, refreshInterval: "banana" }),
        argument: "refreshInterval", shows: '"banana"', fix: /Go duration/ },
    { what: "an MLflow username with a quote", create: () => new MlflowDbSecret("s", { ...aws, username: "mlflow'; DROP ROLE x; --" }),
        argument: "username", shows: `"mlflow'; DROP ROLE x; --"`, fix: /PostgreSQL role name/ },
    { what: "a Grafana admin user with a space", create: () => new GrafanaSecret("s", { ...aws, adminUser: "grafana admin" }),
        argument: "adminUser", shows: '"grafana admin"', fix: /letters, digits/ },
    { what: "templateData that never uses the secret", create: () => new PlatformSecret("s", { ...aws, ...generic, templateData: { user: "jupyter" } }),
        argument: "templateData", shows: '{"user":"jupyter"}', fix: /reference it as \{\{ \.password \}\}/ },
    { what: "a bcryptHash template without storeBcryptHash", create: () => new PlatformSecret("s", { ...aws, ...generic, templateData: { hash: "{{ .bcryptHash }}" } }),
        argument: "templateData.hash", shows: '"{{ .bcryptHash }}"', fix: /set storeBcryptHash: true/ },
    { what: "an unknown cloud", create: () => new PlatformSecret("s", { ...generic, cloud: "oracle" as CloudProvider }),
        argument: "cloud", shows: '"oracle"', fix: /Use one of: aws, azure, gcp, vault/ },
    { what: "a SecretStore name with capitals", create: () => new MlflowDbSecret("s", { ...aws, secretStoreName: "Platform" }),
        argument: "secretStoreName", shows: '"Platform"', fix: /lowercase letters/ },

    // The cluster settings of a typed secret are checked before the typed secret registers itself, and errors name the
    // user's path (cluster.aws.region), not the internal component's (AwsNamespaceAccess.region).
    { what: "cluster region in capitals", create: () => new MlflowDbSecret("s", awsCluster({}, { region: "EU-WEST-1" })),
        argument: "cluster.aws.region", shows: '"EU-WEST-1"', fix: /lower case, e\.g\. "eu-west-1"/ },
    { what: "an OIDC issuer without https://", create: () => new GrafanaSecret("s", awsCluster({}, { oidcIssuerUrl: OIDC_HOST })),
        argument: "cluster.aws.oidcIssuerUrl", shows: `"${OIDC_HOST}"`, fix: /full https:\/\/ URL/ },
    { what: "an issuer over http", create: () => new MinioRootSecret("s", awsCluster({}, { oidcIssuerUrl: `http://${OIDC_HOST}` })),
        argument: "cluster.aws.oidcIssuerUrl", shows: `"http://${OIDC_HOST}"`, fix: /https:\/\// },
    { what: "another cluster's OIDC provider ARN", create: () => new ArgoAdminSecret("s", awsCluster({}, { oidcProviderArn: eks.oidcProviderArn.replace(/id\/.*/, "id/OTHERCLUSTER") })),
        argument: "cluster.aws.oidcProviderArn", shows: `"${eks.oidcProviderArn.replace(/id\/.*/, "id/OTHERCLUSTER")}"`, fix: /provider and issuer of the same cluster/ },
    { what: "a role ARN instead of the OIDC provider", create: () => new MlflowDbSecret("s", awsCluster({}, { oidcProviderArn: "arn:aws:iam::111122223333:role/eks" })),
        argument: "cluster.aws.oidcProviderArn", shows: '"arn:aws:iam::111122223333:role/eks"', fix: /IAM OIDC provider ARN/ },
    { what: "no OIDC provider ARN with IRSA", create: () => new MlflowDbSecret("s", awsCluster({}, { oidcProviderArn: undefined })),
        argument: "cluster.aws.oidcProviderArn", shows: "nothing (the argument is missing)", fix: /IAM OIDC provider ARN/ },
    { what: "a clusterName with a space", create: () => new MlflowDbSecret("s", awsCluster({ clusterName: "mlops dev" })),
        argument: "cluster.clusterName", shows: '"mlops dev"', fix: /cluster's name/ },
    { what: "an unknown identity mode", create: () => new MlflowDbSecret("s", awsCluster({}, { identityMode: "IRSA" })),
        argument: "cluster.aws.identityMode", shows: '"IRSA"', fix: /Irsa, PodIdentity/ },
    { what: "EKS Pod Identity with per-namespace stores (it cannot isolate)",
        create: () => new MlflowDbSecret("s", awsCluster({}, { identityMode: AwsIdentityMode.PodIdentity, oidcProviderArn: undefined, oidcIssuerUrl: undefined })),
        argument: "cluster.aws.identityMode", shows: '"PodIdentity"', fix: /does not isolate namespaces/ },
    { what: "EKS Pod Identity given an OIDC provider", create: () => new MlflowDbSecret("s", awsCluster(
        { storeScope: SecretStoreScope.Cluster, allowedNamespaces: ["mlflow"] }, { identityMode: AwsIdentityMode.PodIdentity, oidcIssuerUrl: undefined })),
        argument: "cluster.aws.oidcProviderArn", shows: `"${eks.oidcProviderArn}"`, fix: /does not use the OIDC provider/ },
    { what: "a ClusterSecretStore without allowedNamespaces", create: () => new MlflowDbSecret("s", awsCluster({ storeScope: SecretStoreScope.Cluster })),
        argument: "cluster.allowedNamespaces", shows: "nothing (the argument is missing)", fix: /must name the namespaces/ },
    { what: "a ClusterSecretStore with a bad namespace", create: () => new GrafanaSecret("s", awsCluster({ storeScope: SecretStoreScope.Cluster, allowedNamespaces: ["monitoring", "Argo CD"] })),
        argument: "cluster.allowedNamespaces[1]", shows: '"Argo CD"', fix: /DNS-1123 label/ },
    { what: "an unknown store scope", create: () => new GrafanaSecret("s", awsCluster({ storeScope: "Global" })),
        argument: "cluster.storeScope", shows: '"Global"', fix: /Namespace, Cluster/ },
    { what: "a cluster region other than the values' region", create: () => new MlflowDbSecret("s", { ...awsCluster(), aws: { region: "us-east-1" } }),
        argument: "cluster.aws.region", shows: '"eu-west-1"', fix: /kept in aws\.region "us-east-1"/ },
    { what: "an AWS store region that is no region", create: () => new MlflowDbSecret("s", { cloud: CloudProvider.Aws, aws: { region: "Ireland" } }),
        argument: "aws.region", shows: '"Ireland"', fix: /AWS region in lower case/ },
    { what: 'cloud "AWS" (capitals)', create: () => new MlflowDbSecret("s", { ...awsCluster(), cloud: "AWS" as CloudProvider }),
        argument: "cloud", shows: '"AWS"', fix: /Use one of: aws, azure, gcp, vault/ },
    { what: "store settings for another cloud", create: () => new MlflowDbSecret("s", { ...aws, gcp: { project: GCP_PROJECT } }),
        argument: "gcp", shows: '"(settings for another cloud)"', fix: /kept in aws: remove gcp/ },
    { what: "cluster settings for another cloud", create: () => new MlflowDbSecret("s", awsCluster({ azure: { resourceGroupName: "rg", oidcIssuerUrl: "https://x/" } })),
        argument: "cluster.azure", shows: '"(settings for another cloud)"', fix: /remove cluster\.azure/ },
    { what: "a cluster without settings for the secret's cloud", create: () => new MinioRootSecret("s", { ...gcp({}), cluster: { clusterName: "mlops-gke" } }),
        argument: "cluster.gcp", shows: "nothing (the argument is missing)", fix: /give cluster\.gcp/ },
    { what: "a cluster given as a string", create: () => new MinioRootSecret("s", { ...aws, cluster: "mlops-dev" as unknown as ClusterAccessArgs }),
        argument: "cluster", shows: '"mlops-dev"', fix: /as an object/ },
    { what: "a number as rotationTrigger", create: () => new MlflowDbSecret("s", { ...aws, rotationTrigger: 2 as unknown as string }),
        argument: "rotationTrigger", shows: "2", fix: /Give a string/ },
    { what: "NaN as passwordLength (shown as NaN, not null)", create: () => new GrafanaSecret("s", { ...aws, passwordLength: Number("x") }),
        argument: "passwordLength", shows: "NaN", fix: /whole number/ },
    { what: "NaN as rotationDays", create: () => new GrafanaSecret("s", { ...aws, rotationDays: NaN }),
        argument: "rotationDays", shows: "NaN", fix: /whole number/ },
    { what: "a literal password next to {{ .password }}", create: () => new PlatformSecret("s", { ...aws, ...generic,
        templateData: { "config.ini": "[db]\npassword = {{ .password }}\nadmin_password = hunter2-literal" } }),
        argument: "templateData.config.ini", shows: '"(a template with a literal credential, not shown)"', fix: /Keep credentials in the cloud store/ },
    { what: "a literal password in a connection URL", create: () => new PlatformSecret("s", { ...aws, ...generic,
        templateData: { password: "{{ .password }}", url: "postgres://admin:hunter2@db:5432/app" } }),
        argument: "templateData.url", shows: '"(a template with a literal credential, not shown)"', fix: /plain text/ },
    { what: "a literal value under a credential key", create: () => new PlatformSecret("s", { ...aws, ...generic,
        templateData: { password: "{{ .password }}", "api-token": "tok-0123456789" } }),
        argument: "templateData.api-token", shows: '"(a literal value, not shown)"', fix: /another managed secret/ },
    { what: "a template that is not a string", create: () => new PlatformSecret("s", { ...aws, ...generic, templateData: { password: 5 as unknown as string } }),
        argument: "templateData.password", shows: "5", fix: /template string/ },
    { what: "two MlflowDbSecrets in two namespaces writing one SSM parameter", before: () => new MlflowDbSecret("first", aws),
        create: () => new MlflowDbSecret("second", { ...aws, namespace: "mlflow-staging" }),
        argument: "aws.parameterPrefix", shows: '"/mlops-platform-dev/mlflow/db-password"', fix: /Secret "first" of this program already writes the SSM parameter/ },
    { what: "two secrets writing one Kubernetes Secret in one namespace", before: () => new PlatformSecret("first", { ...aws, ...generic }),
        create: () => new PlatformSecret("second", { ...aws, ...generic, valueName: "api-key", kubernetesSecretName: "jupyterhub-cookie-secret" }),
        argument: "kubernetesSecretName", shows: '"jupyterhub-cookie-secret"', fix: /already writes the Kubernetes Secret jupyterhub\/jupyterhub-cookie-secret/ },
    { what: "two GrafanaSecrets in one Key Vault", before: () => new GrafanaSecret("first", azure({})),
        create: () => new GrafanaSecret("second", { ...azure({}), namespace: "grafana-2" }),
        argument: "azure.secretNamePrefix", shows: '"grafana-admin-password"', fix: /already writes the Key Vault secret/ },
    { what: "two ArgoAdminSecrets in one GCP project", before: () => new ArgoAdminSecret("first", gcp({})),
        create: () => new ArgoAdminSecret("second", { ...gcp({}), namespace: "argocd-2" }),
        argument: "gcp.secretIdPrefix", shows: '"argocd-admin-password"', fix: /already writes the Secret Manager secret/ },
    { what: "an AKS issuer over http", create: () => new MinioRootSecret("s", aksCluster({ oidcIssuerUrl: "http://westeurope.oic.prod-aks.azure.com/t/c/" })),
        argument: "cluster.azure.oidcIssuerUrl", shows: '"http://westeurope', fix: /full https:\/\/ URL/ },
    { what: "an AKS cluster without a resource group", create: () => new MinioRootSecret("s", aksCluster({ resourceGroupName: undefined })),
        argument: "cluster.azure.resourceGroupName", shows: "nothing (the argument is missing)", fix: /resource group/ },
    { what: "a GCP cluster project name instead of id", create: () => new ArgoAdminSecret("s", gkeCluster({}, { clusterProject: "MLOps Platform" })),
        argument: "cluster.gcp.clusterProject", shows: '"MLOps Platform"', fix: /project id/ },
    { what: "a GKE clusterName that is no GKE cluster name, with clusterLocation", create: () => new ArgoAdminSecret("s", gkeCluster({ clusterName: "MLOps_GKE" }, { clusterLocation: "europe-west1" })),
        argument: "cluster.clusterName", shows: '"MLOps_GKE"', fix: /GKE cluster's real name/ },
    { what: "a GKE location that is no location", create: () => new ArgoAdminSecret("s", gkeCluster({}, { clusterLocation: "Belgium" })),
        argument: "cluster.gcp.clusterLocation", shows: '"Belgium"', fix: /"europe-west1"/ },
    { what: "the direct principal form without the project number", create: () => new ArgoAdminSecret("s", gkeCluster({}, { identityMode: GcpIdentityMode.DirectPrincipal })),
        argument: "cluster.gcp.clusterProjectNumber", shows: "nothing (the argument is missing)", fix: /project's number/ },
    { what: "a namespace too long for a cluster identity name", create: () => new PlatformSecret("s", { ...gkeCluster(), ...generic, namespace: "n".repeat(64) }),
        argument: "namespace", shows: `"${"n".repeat(64)}"`, fix: /DNS-1123 label/ },
    { what: "cloud vault without its settings", create: () => new MlflowDbSecret("s", { cloud: CloudProvider.Vault }),
        argument: "vault", shows: "nothing (the argument is missing)", fix: /set vault\.address/ },
    { what: "a Vault address over plain http", create: () => new MlflowDbSecret("s", vault({ address: "http://vault.internal:8200" })),
        argument: "vault.address", shows: '"http://vault.internal:8200"', fix: /https:\/\/ address/ },
    { what: "a Vault address with a path", create: () => new MlflowDbSecret("s", vault({ address: "https://vault.example.com/v1/secret" })),
        argument: "vault.address", shows: '"https://vault.example.com/v1/secret"', fix: /no path/ },
    { what: "a KV mount path with a glob", create: () => new MlflowDbSecret("s", vault({ mountPath: "secret/*" })),
        argument: "vault.mountPath", shows: '"secret/*"', fix: /no '\*' or '\+'/ },
    { what: "a KV mount on a path Vault reserves", create: () => new MlflowDbSecret("s", vault({ mountPath: "sys" })),
        argument: "vault.mountPath", shows: '"sys"', fix: /reserves/ },
    { what: "a Vault path prefix with a '+' segment", create: () => new MlflowDbSecret("s", vault({ pathPrefix: "teams/+/dev" })),
        argument: "vault.pathPrefix", shows: '"teams/+/dev"', fix: /without '\*', '\+'/ },
    { what: "a Vault path prefix with '..'", create: () => new MlflowDbSecret("s", vault({ pathPrefix: "dev/../prod" })),
        argument: "vault.pathPrefix", shows: '"dev/../prod"', fix: /'\.\.' segments/ },
    { what: "a Vault namespace with a leading '/'", create: () => new MlflowDbSecret("s", vault({ namespace: "/platform/dev" })),
        argument: "vault.namespace", shows: '"/platform/dev"', fix: /without leading or trailing '\/'/ },
    { what: "a Vault CA bundle that is no PEM", create: () => new MlflowDbSecret("s", vault({ caBundlePem: "MIIB..." })),
        argument: "vault.caBundlePem", shows: '"(not a PEM certificate bundle)"', fix: /BEGIN CERTIFICATE/ },
    { what: "Vault keeping a single version", create: () => new MlflowDbSecret("s", vault({ maxVersions: 1 })),
        argument: "vault.maxVersions", shows: "1", fix: /previous version must stay readable/ },
    { what: "a Kubernetes auth mount with a glob", create: () => new MlflowDbSecret("s", vaultCluster({ authMountPath: "kubernetes/*" })),
        argument: "cluster.vault.authMountPath", shows: '"kubernetes/*"', fix: /no '\*' or '\+'/ },
    { what: "a token audience '*'", create: () => new MlflowDbSecret("s", vaultCluster({ audience: "*" })),
        argument: "cluster.vault.audience", shows: '"*"', fix: /one audience string/ },
    { what: "Vault tokens living a day", create: () => new MlflowDbSecret("s", vaultCluster({ tokenTtlSeconds: 86400 })),
        argument: "cluster.vault.tokenTtlSeconds", shows: "86400", fix: /from 60 to 3600/ },
    { what: "an auth mount accessor that is a path", create: () => new MlflowDbSecret("s", vaultCluster({ authMountAccessor: "auth/kubernetes" })),
        argument: "cluster.vault.authMountAccessor", shows: '"auth/kubernetes"', fix: /auth_kubernetes_1a2b3c4d/ },
    { what: "an unknown token reviewer", create: () => new MlflowDbSecret("s", vaultCluster({ tokenReviewer: "root-token" as VaultTokenReviewer })),
        argument: "cluster.vault.tokenReviewer", shows: '"root-token"', fix: /VaultServiceAccount, ClientServiceAccount/ },
    { what: "two MlflowDbSecrets writing one Vault path", before: () => new MlflowDbSecret("first", vault()),
        create: () => new MlflowDbSecret("second", { ...vault(), namespace: "mlflow-2" }),
        argument: "vault.pathPrefix", shows: '"secret/data/mlops-platform-dev/mlflow/db-password"', fix: /already writes the Vault KV secret/ },
];

/** Runs the program, catching what it throws, so that what was registered before the throw stays visible. */
async function attempt(create: () => unknown, before?: () => unknown) {
    const { error, run } = await attemptProgram(() => {
        before?.();
        return create();
    });
    const baseline = before ? (await attemptProgram(before)).run.resources.map((r) => r.urn) : [];
    return { error, registered: run.resources.map((r) => r.urn).filter((urn) => !baseline.includes(urn)) };
}

test("the suite covers at least 40 bad inputs", () => {
    assert.ok(BAD_INPUTS.length >= 40, String(BAD_INPUTS.length));
});

for (const bad of BAD_INPUTS) {
    test(`${bad.what}: a clear error naming ${bad.argument}, and no resource registered`, async () => {
        const { error, registered } = await attempt(bad.create, bad.before);
        assert.ok(error instanceof SecretsInputError, `expected a SecretsInputError, got ${String(error)}`);
        assert.equal(error.argument, bad.argument);
        assert.ok(error.message.startsWith(`Invalid argument "${bad.argument}": got ${bad.shows}`), error.message);
        assert.match(error.message, bad.fix);
        assert.deepEqual(registered, []);
        // Never an internal component's name in place of the user's argument.
        assert.doesNotMatch(error.message, /(Aws|Azure|Gcp|Vault)NamespaceAccess\./);
    });
}

test("a secret Output's value is never shown, even when a check prints the value", () => {
    const error = new SecretsInputError("x", pulumi.secret("v"), "fix");
    assert.doesNotMatch(error.message, /"v"/);
});

test("control: the same wrapper sees what a valid program registers", async () => {
    const { error, registered } = await attempt(() => new MinioRootSecret("s", { ...aws, passwordLength: 40 }));
    assert.equal(error, undefined);
    assert.ok(registered.some((urn) => urn.endsWith("aws:ssm/parameter:Parameter::s")), registered.join(", "));
});
