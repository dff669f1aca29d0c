// "Who can read what": from the resources a program registers (roles, trust and role policies, pod identity
// associations, federated credentials, role assignments, IAM members, SecretStores), every namespace's reachable cloud
// identities and, for each, every stored value it may read. AWS is decided by the policy pack's IAM evaluator
// (policy/lib/iam/aws), Azure by the pack's role permissions and scope, GCP by IAM members and the pack's role reach.
// Used by whoCanRead.test.ts (against the intended matrix) and scripts/identityTable.ts (docs/identity.md).
import * as k8s from "@pulumi/kubernetes";
import { evaluateAwsRequest } from "../../policy/lib/iam/aws";
import { BUILT_IN_ROLES, GET_SECRET, grantingEntry, roleGuid } from "../../policy/lib/azureRoles";
import { PREDEFINED_ROLES } from "../../policy/lib/gcpRoles";
import { parseVaultPolicy } from "../../policy/lib/vault/vaultPolicy";
import {
    ArgoAdminSecret, AwsIdentityMode, AwsSecretService, CloudProvider, CloudStoreArgs, ClusterAccessArgs, GrafanaSecret, MinioRootSecret, MlflowDbSecret,
    SecretStoreScope,
} from "../../components";
import { CapturedResource, ProgramRun, runProgram } from "../harness";
import { AKS_ISSUER_URL, GCP_PROJECT, GCP_PROJECT_NUMBER, OIDC_HOST_PATH, OIDC_ISSUER_URL, OIDC_PROVIDER_ARN, REGION } from "./fixtures";

/** The ESO chart's controller: an auth-less store in any namespace acts as its ServiceAccount. */
const CONTROLLER = { namespace: "external-secrets", serviceAccount: "external-secrets" };
const PLATFORM_NAMESPACES = ["mlflow", "minio", "argocd", "monitoring"];

/** A namespace someone may create SecretStores, ServiceAccounts and ExternalSecrets in. */
export interface Reader {
    readonly label: string;
    readonly namespace: string;
    /** Whether the namespace is in another cluster than the platform's (same account, subscription or project). */
    readonly otherCluster: boolean;
}

export const READERS: Reader[] = [
    ...PLATFORM_NAMESPACES.map((namespace) => ({ label: namespace, namespace, otherCluster: false })),
    { label: "tenant (no secrets)", namespace: "tenant", otherCluster: false },
    { label: "mlflow, another cluster", namespace: "mlflow", otherCluster: true },
    { label: "external-secrets, another cluster", namespace: "external-secrets", otherCluster: true },
];

/**
 * AWS only: a role of the account whose identity policy allows every action on every resource (an administrator, or a
 * CI role with AdministratorAccess): with Parameter Store nothing but IAM stands in its way; a Secrets Manager secret's
 * resource policy denies it the value.
 */
export const ACCOUNT_ADMIN: Reader = { label: "a role of the account allowed `*` on `*`", namespace: "", otherCluster: false };
const ACCOUNT_ADMIN_ARN = "arn:aws:iam::123456789012:role/platform-admin";

/** The rows of a scenario's table. */
export function readersOf(scenario: Scenario): Reader[] {
    return scenario.cloud === CloudProvider.Aws ? [...READERS, ACCOUNT_ADMIN] : READERS;
}

export interface Scenario {
    readonly label: string;
    readonly cloud: CloudProvider;
    readonly store: CloudStoreArgs;
    /** Undefined when the component refuses the combination. */
    readonly cluster: ClusterAccessArgs;
}

const clusterScope = { storeScope: SecretStoreScope.Cluster, allowedNamespaces: PLATFORM_NAMESPACES };
const irsa = { region: REGION, oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuerUrl: OIDC_ISSUER_URL };
const aksIdentity = { resourceGroupName: "mlops-rg", oidcIssuerUrl: AKS_ISSUER_URL };
const awsStore: CloudStoreArgs = { cloud: CloudProvider.Aws, aws: { region: REGION } };
const secretsManagerStore: CloudStoreArgs = { cloud: CloudProvider.Aws, aws: { region: REGION, service: AwsSecretService.SecretsManager } };
const azureStore: CloudStoreArgs = { cloud: CloudProvider.Azure, azure: { vaultName: "mlops-kv", resourceGroupName: "mlops-rg" } };
const gcpStore: CloudStoreArgs = { cloud: CloudProvider.Gcp, gcp: { project: GCP_PROJECT } };
const vaultStore: CloudStoreArgs = { cloud: CloudProvider.Vault, vault: { address: "https://vault.example.com:8200" } };

export const SCENARIOS: Scenario[] = [
    { label: "AWS IRSA, SecretStore per namespace", cloud: CloudProvider.Aws, store: awsStore, cluster: { clusterName: "mlops-dev", aws: irsa } },
    { label: "AWS IRSA, ClusterSecretStore", cloud: CloudProvider.Aws, store: awsStore, cluster: { clusterName: "mlops-dev", ...clusterScope, aws: irsa } },
    { label: "AWS EKS Pod Identity, ClusterSecretStore", cloud: CloudProvider.Aws, store: awsStore,
        cluster: { clusterName: "mlops-dev", ...clusterScope, aws: { region: REGION, identityMode: AwsIdentityMode.PodIdentity } } },
    { label: "AWS Secrets Manager, IRSA, SecretStore per namespace", cloud: CloudProvider.Aws, store: secretsManagerStore, cluster: { clusterName: "mlops-dev", aws: irsa } },
    { label: "AWS Secrets Manager, EKS Pod Identity, ClusterSecretStore", cloud: CloudProvider.Aws, store: secretsManagerStore,
        cluster: { clusterName: "mlops-dev", ...clusterScope, aws: { region: REGION, identityMode: AwsIdentityMode.PodIdentity } } },
    { label: "Azure Workload Identity, SecretStore per namespace", cloud: CloudProvider.Azure, store: azureStore, cluster: { clusterName: "mlops-aks", azure: aksIdentity } },
    { label: "Azure Workload Identity, ClusterSecretStore", cloud: CloudProvider.Azure, store: azureStore, cluster: { clusterName: "mlops-aks", ...clusterScope, azure: aksIdentity } },
    { label: "GCP Workload Identity, SecretStore per namespace", cloud: CloudProvider.Gcp, store: gcpStore, cluster: { clusterName: "mlops-gke", gcp: { clusterProject: GCP_PROJECT } } },
    { label: "GCP Workload Identity (direct principal), SecretStore per namespace", cloud: CloudProvider.Gcp, store: gcpStore,
        cluster: { clusterName: "mlops-gke", gcp: { clusterProject: GCP_PROJECT, identityMode: "DirectPrincipal" as never, clusterProjectNumber: GCP_PROJECT_NUMBER } } },
    { label: "GCP Workload Identity, ClusterSecretStore", cloud: CloudProvider.Gcp, store: gcpStore, cluster: { clusterName: "mlops-gke", ...clusterScope, gcp: { clusterProject: GCP_PROJECT } } },
    { label: "Vault Kubernetes auth, SecretStore per namespace", cloud: CloudProvider.Vault, store: vaultStore, cluster: { clusterName: "mlops-dev", vault: {} } },
    { label: "Vault Kubernetes auth, ClusterSecretStore", cloud: CloudProvider.Vault, store: vaultStore, cluster: { clusterName: "mlops-dev", ...clusterScope, vault: {} } },
];

/** The platform as a user declares it: the four typed secrets synced into one cluster. */
export function platformProgram(scenario: Scenario): () => void {
    return () => {
        const opts = { provider: new k8s.Provider("cluster", { kubeconfig: "kubeconfig" }) };
        const args = { ...scenario.store, cluster: scenario.cluster };
        new MlflowDbSecret("mlflow-db", args, opts);
        new MinioRootSecret("minio-root", args, opts);
        new ArgoAdminSecret("argocd-admin", args, opts);
        new GrafanaSecret("grafana-admin", args, opts);
    };
}

/** Stored value (its name in the store) -> the readers (labels) that may read it. */
export type Matrix = Record<string, string[]>;

/** The outputs the mock provider answered for a registered resource (ARNs, principal ids, emails). */
const state = (run: ProgramRun, r: CapturedResource) => run.cloud.newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: true }).state;
const ofType = (run: ProgramRun, type: string) => run.resources.filter((r) => r.type === type);

/** What a reader's ExternalSecrets can authenticate as. */
interface Subjects {
    /** `<namespace>/<serviceAccount>` of jwt/workload-identity stores; `*` as the name: any ServiceAccount of that namespace. */
    readonly serviceAccounts: string[];
}

/**
 * A reader can create a SecretStore in its own namespace naming any ServiceAccount there, or no auth at all (then ESO
 * uses the controller's own identity, which every namespace of the cluster can do); and it can use every
 * ClusterSecretStore whose conditions admit its namespace.
 */
function subjectsOf(run: ProgramRun, reader: Reader): Subjects {
    const serviceAccounts = [`${reader.namespace}/*`];
    if (!reader.otherCluster) {
        for (const store of ofType(run, "kubernetes:external-secrets.io/v1:ClusterSecretStore")) {
            const conditions: { namespaces?: string[] }[] | undefined = store.inputs.spec.conditions;
            const admitted = conditions === undefined || conditions.some((c) => (c.namespaces ?? []).includes(reader.namespace));
            if (!admitted) {
                continue;
            }
            const provider = store.inputs.spec.provider;
            const ref = provider.aws?.auth?.jwt?.serviceAccountRef ?? provider.azurekv?.serviceAccountRef ?? provider.gcpsm?.auth?.workloadIdentity?.serviceAccountRef
                ?? provider.vault?.auth?.kubernetes?.serviceAccountRef;
            if (ref) {
                serviceAccounts.push(`${ref.namespace}/${ref.name}`);
            }
        }
    }
    return { serviceAccounts };
}

/** `ns/*` matches every ServiceAccount of ns. */
const subjectMatches = (pattern: string, namespace: string, serviceAccount: string) =>
    pattern === `${namespace}/*` || pattern === `${namespace}/${serviceAccount}`;

// ---- AWS: IAM evaluation of trust and role policies -------------------------------------------------------------

const OTHER_CLUSTER_HOST = "oidc.eks.us-east-1.amazonaws.com/id/FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";

function awsMatrix(run: ProgramRun): Matrix {
    const roles = ofType(run, "aws:iam/role:Role").map((r) => ({ name: r.inputs.name as string, arn: state(run, r).arn as string, trust: JSON.parse(r.inputs.assumeRolePolicy) }));
    const policiesOf = (roleName: string) => ofType(run, "aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === roleName).map((p) => JSON.parse(p.inputs.policy));
    // Each stored value with the request that reads it and the resource policy that guards it (Secrets Manager only).
    const policies = ofType(run, "aws:secretsmanager/secretPolicy:SecretPolicy");
    const values = [
        ...ofType(run, "aws:ssm/parameter:Parameter").map((p) => ({ name: p.inputs.name as string, arn: state(run, p).arn as string,
            action: "ssm:GetParameter", resourcePolicy: undefined })),
        ...ofType(run, "aws:secretsmanager/secret:Secret").map((s) => {
            const arn = state(run, s).arn as string;
            const policy = policies.find((p) => p.inputs.secretArn === arn);
            return { name: s.inputs.name as string, arn, action: "secretsmanager:GetSecretValue", resourcePolicy: policy && JSON.parse(policy.inputs.policy) };
        }),
    ];
    const reads = (roleArn: string, identityPolicies: object[], value: (typeof values)[number]) => evaluateAwsRequest(
        { identityPolicies, resourcePolicy: value.resourcePolicy },
        { action: value.action, resource: value.arn, principal: { type: "AWS", id: roleArn }, context: { "aws:PrincipalArn": roleArn } },
    ) === "Allowed";
    const associations = ofType(run, "aws:eks/podIdentityAssociation:PodIdentityAssociation");
    const matrix: Matrix = Object.fromEntries(values.map((v) => [v.name, []]));
    const administrator = [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }];
    for (const value of values) {
        if (reads(ACCOUNT_ADMIN_ARN, administrator, value)) {
            matrix[value.name].push(ACCOUNT_ADMIN.label);
        }
    }
    for (const reader of READERS) {
        const subjects = subjectsOf(run, reader);
        const host = reader.otherCluster ? OTHER_CLUSTER_HOST : OIDC_HOST_PATH;
        const providerArn = `arn:aws:iam::123456789012:oidc-provider/${host}`;
        const clusterName = reader.otherCluster ? "mlops-other" : "mlops-dev";
        const reachable = roles.filter((role) => {
            // IRSA: AssumeRoleWithWebIdentity with a token of a ServiceAccount the reader's stores may name.
            const web = subjects.serviceAccounts.some((pattern) => {
                const [ns, sa] = pattern.split("/");
                const serviceAccount = sa === "*" ? "any-service-account" : sa;
                const candidates = sa === "*" ? [serviceAccount, ...serviceAccountNamesIn(run, ns)] : [serviceAccount];
                return candidates.some((name) => evaluateAwsRequest({ resourcePolicy: role.trust }, {
                    action: "sts:AssumeRoleWithWebIdentity",
                    resource: role.arn,
                    principal: { type: "Federated", id: providerArn },
                    context: { [`${host}:sub`]: `system:serviceaccount:${ns}:${name}`, [`${host}:aud`]: "sts.amazonaws.com" },
                }) === "Allowed");
            });
            // EKS Pod Identity: the auth service assumes the associated role with the session tags of the controller pod.
            const podIdentity = associations.some((a) =>
                a.inputs.namespace === CONTROLLER.namespace && a.inputs.serviceAccount === CONTROLLER.serviceAccount && a.inputs.clusterName === clusterName
                && evaluateAwsRequest({ resourcePolicy: role.trust }, {
                    action: "sts:AssumeRole",
                    resource: role.arn,
                    principal: { type: "Service", id: "pods.eks.amazonaws.com" },
                    context: {
                        "aws:RequestTag/eks-cluster-name": clusterName,
                        "aws:RequestTag/kubernetes-namespace": CONTROLLER.namespace,
                        "aws:RequestTag/kubernetes-service-account": CONTROLLER.serviceAccount,
                    },
                }) === "Allowed");
            return web || podIdentity;
        });
        for (const value of values) {
            if (reachable.some((role) => reads(role.arn, policiesOf(role.name), value))) {
                matrix[value.name].push(reader.label);
            }
        }
    }
    return matrix;
}

function serviceAccountNamesIn(run: ProgramRun, namespace: string): string[] {
    return ofType(run, "kubernetes:core/v1:ServiceAccount").filter((s) => s.inputs.metadata.namespace === namespace).map((s) => s.inputs.metadata.name);
}

// ---- Azure: federated credentials, role permissions and assignment scope -----------------------------------------

function azureMatrix(run: ProgramRun): Matrix {
    const identities = ofType(run, "azure-native:managedidentity:UserAssignedIdentity").map((i) => ({ name: i.inputs.resourceName, principalId: state(run, i).principalId }));
    const credentials = ofType(run, "azure-native:managedidentity:FederatedIdentityCredential");
    const assignments = ofType(run, "azure-native:authorization:RoleAssignment");
    const secrets = ofType(run, "azure-native:keyvault:Secret").map((s) => ({
        name: s.inputs.secretName as string,
        id: run.cloud.newResource({ type: s.type, name: s.name, inputs: s.inputs, custom: true }).id.toLowerCase(),
    }));
    const matrix: Matrix = Object.fromEntries(secrets.map((s) => [s.name, []]));
    for (const reader of READERS) {
        const subjects = subjectsOf(run, reader);
        const issuer = reader.otherCluster ? "https://westeurope.oic.prod-aks.azure.com/other-tenant/other-cluster/" : AKS_ISSUER_URL;
        const reachable = identities.filter((identity) => credentials.some((c) => {
            const match = /^system:serviceaccount:([^:]+):(.+)$/.exec(c.inputs.subject);
            return c.inputs.resourceName === identity.name && c.inputs.issuer === issuer && match !== null
                && subjects.serviceAccounts.some((pattern) => subjectMatches(pattern, match[1], match[2]));
        }));
        for (const secret of secrets) {
            const reads = reachable.some((identity) => assignments.some((a) => {
                const role = BUILT_IN_ROLES[roleGuid(a.inputs.roleDefinitionId)];
                const scope = String(a.inputs.scope).toLowerCase().replace(/\/+$/, "");
                return a.inputs.principalId === identity.principalId && role !== undefined
                    && grantingEntry([role.permissions], GET_SECRET, true) !== undefined && (secret.id === scope || secret.id.startsWith(`${scope}/`));
            }));
            if (reads) {
                matrix[secret.name].push(reader.label);
            }
        }
    }
    return matrix;
}

// ---- GCP: workload identity members and secret IAM members -------------------------------------------------------

function gcpMatrix(run: ProgramRun): Matrix {
    const pool = `${GCP_PROJECT}.svc.id.goog`;
    const accounts = ofType(run, "gcp:serviceaccount/account:Account").map((a) => state(run, a));
    const bindings = ofType(run, "gcp:serviceaccount/iAMMember:IAMMember");
    const grants = ofType(run, "gcp:secretmanager/secretIamMember:SecretIamMember");
    const secrets = ofType(run, "gcp:secretmanager/secret:Secret").map((s) => ({ id: s.inputs.secretId as string, name: `projects/${GCP_PROJECT}/secrets/${s.inputs.secretId}` }));
    const matrix: Matrix = Object.fromEntries(secrets.map((s) => [s.id, []]));
    for (const reader of READERS) {
        const subjects = subjectsOf(run, reader);
        // The pool is the project's: a ServiceAccount of the same namespace and name in ANY cluster of the project is
        // the same principal (GKE "identity sameness"); so the other cluster reaches what the namespace reaches.
        const isSubject = (namespace: string, serviceAccount: string) =>
            subjects.serviceAccounts.some((pattern) => subjectMatches(pattern, namespace, serviceAccount));
        const members = new Set<string>();
        for (const binding of bindings) {
            const legacy = new RegExp(`^serviceAccount:${pool.replace(/\./g, "\\.")}\\[([^/]+)/([^\\]]+)\\]$`).exec(binding.inputs.member);
            if (binding.inputs.role === "roles/iam.workloadIdentityUser" && legacy && isSubject(legacy[1], legacy[2])) {
                const account = accounts.find((a) => a.name === binding.inputs.serviceAccountId);
                if (account) {
                    members.add(`serviceAccount:${account.email}`);
                }
            }
        }
        for (const grant of grants) {
            const direct = /^principal:\/\/iam\.googleapis\.com\/projects\/\d+\/locations\/global\/workloadIdentityPools\/([^/]+)\/subject\/ns\/([^/]+)\/sa\/(.+)$/.exec(grant.inputs.member);
            if (direct && direct[1] === pool && isSubject(direct[2], direct[3])) {
                members.add(grant.inputs.member);
            }
        }
        for (const secret of secrets) {
            const reads = grants.some((g) => g.inputs.secretId === secret.name && members.has(g.inputs.member) && PREDEFINED_ROLES[g.inputs.role]?.reads === true);
            if (reads) {
                matrix[secret.id].push(reader.label);
            }
        }
    }
    return matrix;
}

// ---- Vault: Kubernetes auth roles, entity aliases and the ACL policies of the resulting token ----------------------

/** Vault's policy path matching (vault/policy.go, acl.go): exact, a trailing `*` prefix, `+` as one whole segment. */
export function vaultPathMatches(pattern: string, path: string): boolean {
    const prefix = pattern.endsWith("*");
    const body = (prefix ? pattern.slice(0, -1) : pattern).replace(/^\//, "");
    const patternSegments = body.split("/");
    const pathSegments = path.split("/");
    if (!body.includes("+")) {
        return prefix ? path.startsWith(body) : path === body;
    }
    if (!prefix && patternSegments.length !== pathSegments.length) {
        return false;
    }
    return patternSegments.every((segment, i) => {
        const last = i === patternSegments.length - 1;
        if (segment === "+") {
            return pathSegments[i] !== undefined;
        }
        return prefix && last ? (pathSegments.slice(i).join("/")).startsWith(segment) : pathSegments[i] === segment;
    });
}

/** The Kubernetes auth plugin's bound-name check (`strutil.StrListContainsGlob`: `*` at either end, or `*` alone). */
const globListContains = (list: string[], value: string) => list.some((item) => item === "*" || item === value
    || (item.endsWith("*") && value.startsWith(item.slice(0, -1))) || (item.startsWith("*") && value.endsWith(item.slice(1))));

function vaultMatrix(run: ProgramRun): Matrix {
    const secrets = ofType(run, "vault:kv/secretV2:SecretV2").map((s) => ({ key: s.inputs.name as string, path: `${s.inputs.mount}/data/${s.inputs.name}` }));
    const roles = ofType(run, "vault:kubernetes/authBackendRole:AuthBackendRole");
    const idOf = (r: CapturedResource) => run.cloud.newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: true }).id;
    const entities = ofType(run, "vault:identity/entity:Entity").map((e) => ({ id: idOf(e), policies: (e.inputs.policies ?? []) as string[] }));
    const aliases = ofType(run, "vault:identity/entityAlias:EntityAlias");
    const attachments = ofType(run, "vault:identity/entityPolicies:EntityPolicies");
    const documents = new Map(ofType(run, "vault:index/policy:Policy").map((p) => [p.inputs.name as string, parseVaultPolicy(p.inputs.policy)]));
    const matrix: Matrix = Object.fromEntries(secrets.map((s) => [s.key, []]));
    for (const reader of READERS) {
        // The platform cluster's auth mount reviews tokens with that cluster's API server: another cluster's tokens fail.
        if (reader.otherCluster) {
            continue;
        }
        const policies = new Set<string>();
        for (const pattern of subjectsOf(run, reader).serviceAccounts) {
            const [ns, sa] = pattern.split("/");
            const names = sa === "*" ? ["any-service-account", ...serviceAccountNamesIn(run, ns)] : [sa];
            for (const name of names) {
                for (const role of roles.filter((r) => globListContains(r.inputs.boundServiceAccountNames ?? [], name)
                    && globListContains(r.inputs.boundServiceAccountNamespaces ?? [], ns))) {
                    (role.inputs.tokenPolicies ?? []).forEach((p: string) => policies.add(p));
                    // With alias_name_source serviceaccount_name the login's alias is `<ns>/<name>` on the role's mount.
                    const alias = role.inputs.aliasNameSource === "serviceaccount_name" ? aliases.find((a) => a.inputs.name === `${ns}/${name}`) : undefined;
                    const entity = entities.find((e) => e.id === alias?.inputs.canonicalId);
                    if (entity) {
                        entity.policies.forEach((p) => policies.add(p));
                        attachments.filter((a) => a.inputs.entityId === entity.id).forEach((a) => (a.inputs.policies as string[]).forEach((p) => policies.add(p)));
                    }
                }
            }
        }
        for (const secret of secrets) {
            const rules = [...policies].flatMap((name) => documents.get(name)?.paths ?? []).filter((rule) => vaultPathMatches(rule.path, secret.path));
            if (rules.some((r) => r.capabilities.includes("read")) && !rules.some((r) => r.capabilities.includes("deny"))) {
                matrix[secret.key].push(reader.label);
            }
        }
    }
    return matrix;
}

/** Runs the scenario's platform (or `program`) and decides, for every reader and every stored value, whether it may read it. */
export async function whoCanRead(scenario: Scenario, program: () => void = platformProgram(scenario)): Promise<Matrix> {
    const run = await runProgram(program);
    switch (scenario.cloud) {
        case CloudProvider.Aws:
            return awsMatrix(run);
        case CloudProvider.Azure:
            return azureMatrix(run);
        case CloudProvider.Gcp:
            return gcpMatrix(run);
        case CloudProvider.Vault:
            return vaultMatrix(run);
    }
}

/** The matrix as a Markdown table: one row per reader, one column per stored value. */
export function renderMatrix(matrix: Matrix, readers: Reader[] = READERS): string {
    const values = Object.keys(matrix).sort();
    const header = `| namespace \\ value | ${values.map((v) => `\`${v}\``).join(" | ")} |`;
    const rule = `|---|${values.map(() => ":---:").join("|")}|`;
    const rows = readers.map((reader) => `| ${reader.label} | ${values.map((v) => (matrix[v].includes(reader.label) ? "**reads**" : "–")).join(" | ")} |`);
    return [header, rule, ...rows].join("\n");
}

export const TABLE_START = "<!-- who-can-read-what: generated by `npm run docs:identity` from the registered graph; do not edit -->";
export const TABLE_END = "<!-- end who-can-read-what -->";

/** The generated section of docs/identity.md. */
export async function identityTables(): Promise<string> {
    const parts = [TABLE_START];
    for (const scenario of SCENARIOS) {
        parts.push("", `#### ${scenario.label}`, "", renderMatrix(await whoCanRead(scenario), readersOf(scenario)));
    }
    parts.push("", TABLE_END);
    return parts.join("\n");
}
