import { ResourceValidationPolicy } from "@pulumi/policy";
import { isLiteralValue } from "../lib/credentialNames";
import { isStore, storeProvider } from "../lib/esoObjects";
import { declaredObjects, DeclaredObject, describeObject, objectRef, rawProps, yamlDocuments } from "../lib/kubernetesObject";

export interface NoStaticCloudCredentialsConfig {
    readonly allowedStoreNames?: readonly string[];
}

const IRSA = "an IAM role for the Kubernetes service account (IRSA or EKS Pod Identity)";
const AZURE_WI = "a user-assigned managed identity with a federated identity credential (Azure workload identity)";
const GKE_WI = "GKE Workload Identity (roles/iam.workloadIdentityUser on a Google service account, or a direct principal grant)";
const VAULT_K8S = "Vault's Kubernetes auth for workloads (a role bound to one ServiceAccount), and the deployer's own login";
const DEPLOYER = "let the provider take the deployer's ambient credentials (environment, SSO profile, OIDC from CI) instead";

/** Resources that mint a long-lived credential, and what to use instead. */
const CREDENTIAL_TYPES: Record<string, string> = {
    "aws:iam/accessKey:AccessKey": `an IAM user access key; use ${IRSA}`,
    "aws:iam/userLoginProfile:UserLoginProfile": `a console password for an IAM user; use IAM Identity Center (SSO) users, and ${IRSA} for workloads`,
    "aws:iam/serviceSpecificCredential:ServiceSpecificCredential": `a service-specific password for an IAM user; use ${IRSA}`,
    "azuread:index/applicationPassword:ApplicationPassword": `an Entra ID application password; use ${AZURE_WI}`,
    "azuread:index/servicePrincipalPassword:ServicePrincipalPassword": `a service principal password; use ${AZURE_WI}`,
    "gcp:serviceaccount/key:Key": `a service account key; use ${GKE_WI}`,
    "gcp:storage/hmacKey:HmacKey": `an HMAC key for a service account; use ${GKE_WI}`,
    "vault:appRole/authBackendRoleSecretId:AuthBackendRoleSecretId": `a Vault AppRole secret id (a static login, kept in state); use ${VAULT_K8S}`,
};

/** Provider inputs that hold a static credential, per provider type. Paths (`credentials` as a file name) pass. */
const PROVIDER_CREDENTIALS: Record<string, readonly string[]> = {
    "pulumi:providers:aws": ["accessKey", "secretKey", "token"],
    "pulumi:providers:gcp": ["credentials", "accessToken"],
    "pulumi:providers:google-native": ["credentials", "accessToken"],
    "pulumi:providers:azure-native": ["clientSecret", "clientCertificatePassword", "clientCertificate"],
    "pulumi:providers:azure": ["clientSecret", "clientCertificatePassword", "clientCertificate"],
    "pulumi:providers:azuread": ["clientSecret", "clientCertificatePassword", "clientCertificate"],
    // A Vault token in the provider's config (program or stack config) is kept in state and often a root token; the
    // provider reads VAULT_TOKEN or ~/.vault-token (`vault login`) by itself.
    "pulumi:providers:vault": ["token"],
};

function safeJson(text: string): any {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/** kubeconfig user fields that are credentials (an `exec` plugin or an auth provider is not). */
const KUBECONFIG_CREDENTIALS = ["token", "password", "client-key-data", "client-key"];

function providerCredentials(type: string, props: Record<string, any>): string[] {
    const fields = (PROVIDER_CREDENTIALS[type] ?? []).filter((f) => isLiteralValue(props[f]));
    if (type === "pulumi:providers:gcp" || type === "pulumi:providers:google-native") {
        // `credentials` may be a key file's path (the deployer's own file) or its JSON content (kept in state).
        return fields.filter((f) => f !== "credentials" || /^\s*\{/.test(props[f]));
    }
    if (type === "pulumi:providers:vault") {
        // Login blocks arrive JSON-encoded in provider inputs; a password in one is as static as a token.
        for (const block of ["authLoginUserpass", "authLoginRadius"]) {
            const value = typeof props[block] === "string" ? safeJson(props[block]) : props[block];
            if (isLiteralValue(value?.password)) {
                fields.push(`${block}.password`);
            }
        }
    }
    if (type === "pulumi:providers:kubernetes" && typeof props.kubeconfig === "string") {
        for (const doc of yamlDocuments(props.kubeconfig)) {
            const users: any[] = Array.isArray((doc as any)?.users) ? (doc as any).users : [];
            users.forEach((u, i) => {
                for (const f of KUBECONFIG_CREDENTIALS) {
                    if (isLiteralValue(u?.user?.[f])) {
                        fields.push(`kubeconfig users[${i}].user.${f}`);
                    }
                }
            });
        }
    }
    return fields;
}

/**
 * Paths under a store's provider block that point at a Kubernetes Secret holding a credential: `auth.secretRef`
 * (aws, gcpsm), `authSecretRef` (azurekv), `auth.tokenSecretRef` (vault), `auth.token.bearerToken` and
 * `auth.cert.clientKey` (kubernetes), any `{name, key}` Secret selector under `auth`. The CA bundle is not a credential.
 */
function secretReferences(value: unknown, path: string, underAuth: boolean): string[] {
    if (typeof value !== "object" || value === null || /caProvider|caBundle/i.test(path)) {
        return [];
    }
    const record = value as Record<string, unknown>;
    if (underAuth && typeof record.name === "string" && typeof record.key === "string") {
        return [path];
    }
    return Object.keys(record).flatMap((key) => {
        const childPath = `${path}.${key}`;
        if (/secretref$/i.test(key) && typeof record[key] === "object") {
            return [childPath];
        }
        if (/^(bearerToken|token|password|clientSecret)$/.test(key) && isLiteralValue(record[key])) {
            return [childPath];
        }
        return secretReferences(record[key], childPath, underAuth || key === "auth");
    });
}

function storeFindings(store: DeclaredObject): string[] {
    const provider = storeProvider(store);
    if (provider === undefined) {
        return [];
    }
    const base = `${store.path ? `${store.path}.` : ""}spec.provider.${provider[0]}`;
    return secretReferences(provider[1], base, false);
}

/**
 * The platform's rule: no static cloud credentials. Workloads and External Secrets Operator reach the cloud through
 * workload identity, and the deployer through its own ambient login, so there is no key to leak or rotate.
 */
export const noStaticCloudCredentials: ResourceValidationPolicy = {
    name: "no-static-cloud-credentials",
    description:
        "No static cloud credentials: IAM access keys, login profiles and service-specific credentials, Entra ID application or " +
        "service principal passwords, GCP service account and HMAC keys, provider configs with keys or secrets (aws " +
        "accessKey/secretKey, gcp credentials JSON, azure clientSecret, vault token or login password, a kubeconfig with a token), " +
        "Vault AppRole secret ids, and External Secrets " +
        "Operator stores that authenticate with a Secret (any …SecretRef, a bearer token). Use workload identity (IRSA / EKS " +
        "Pod Identity, Azure workload identity, GKE Workload Identity) and the deployer's ambient credentials.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedStoreNames: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "metadata.name of SecretStores / ClusterSecretStores allowed to authenticate with a Secret reference, " +
                    "for providers that offer nothing else.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const credential = CREDENTIAL_TYPES[args.type];
        if (credential !== undefined) {
            reportViolation(`creates ${credential}. Remove it.`);
            return;
        }
        const props = rawProps(args);
        if (args.type.startsWith("pulumi:providers:")) {
            const fields = providerCredentials(args.type, props);
            if (fields.length > 0) {
                reportViolation(`the provider is configured with a static credential in ${fields.join(", ")}; remove it and ${DEPLOYER}.`);
            }
            return;
        }
        const stores = declaredObjects(args.type, props).filter(isStore);
        if (stores.length === 0) {
            return;
        }
        const allowed = args.getConfig<NoStaticCloudCredentialsConfig>().allowedStoreNames ?? [];
        for (const store of stores) {
            if (allowed.includes(objectRef(store.object, args.name).name)) {
                continue;
            }
            const references = storeFindings(store);
            if (references.length > 0) {
                reportViolation(
                    `${describeObject(store, args.name)} authenticates with a static credential (${references.join(", ")}); ` +
                    "authenticate with workload identity instead: aws auth.jwt.serviceAccountRef, azurekv authType: " +
                    "WorkloadIdentity with serviceAccountRef, gcpsm auth.workloadIdentity.",
                );
            }
        }
    },
};
