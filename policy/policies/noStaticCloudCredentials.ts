import { ResourceValidationPolicy } from "@pulumi/policy";
import { KubernetesObject } from "../lib/kubernetesObject";

export interface NoStaticCloudCredentialsConfig {
    readonly allowedStoreNames?: readonly string[];
}

const IRSA = "an IAM role for the Kubernetes service account (IRSA or EKS Pod Identity)";
const AZURE_WI = "a user-assigned managed identity with a federated identity credential (Azure workload identity)";
const GKE_WI = "GKE Workload Identity (roles/iam.workloadIdentityUser on a Google service account, or a direct principal grant)";

/** Resources that mint a long-lived credential, and what to use instead. */
const CREDENTIAL_TYPES: Record<string, string> = {
    "aws:iam/accessKey:AccessKey": `an IAM user access key; use ${IRSA}`,
    "azuread:index/applicationPassword:ApplicationPassword": `an Entra ID application password; use ${AZURE_WI}`,
    "azuread:index/servicePrincipalPassword:ServicePrincipalPassword": `a service principal password; use ${AZURE_WI}`,
    "gcp:serviceaccount/key:Key": `a service account key; use ${GKE_WI}`,
    "gcp:storage/hmacKey:HmacKey": `an HMAC key for a service account; use ${GKE_WI}`,
};

/** External Secrets Operator stores (current API and the no longer served v1beta1 one). */
const STORE_TYPES = ["v1", "v1beta1"].flatMap((v) => [
    `kubernetes:external-secrets.io/${v}:SecretStore`,
    `kubernetes:external-secrets.io/${v}:ClusterSecretStore`,
]);

const STORE_FIX =
    "authenticate with workload identity instead: aws auth.jwt.serviceAccountRef (or no auth block with EKS Pod Identity), " +
    "azurekv authType: WorkloadIdentity with serviceAccountRef, gcpsm auth.workloadIdentity";

interface StoreProps extends KubernetesObject {
    readonly spec?: { readonly provider?: Record<string, unknown> };
}

/**
 * Paths under a store's provider block that point at a Kubernetes Secret holding a credential:
 * `auth.secretRef` (aws, gcpsm), `authSecretRef` (azurekv), `auth.tokenSecretRef` (vault), and so on.
 */
function secretReferences(value: unknown, path: string): string[] {
    if (typeof value !== "object" || value === null) {
        return [];
    }
    return Object.keys(value).flatMap((key) => {
        const child = (value as Record<string, unknown>)[key];
        const childPath = `${path}.${key}`;
        if (/secretref$/i.test(key)) {
            return [childPath];
        }
        return secretReferences(child, childPath);
    });
}

/**
 * The platform's rule: no static cloud credentials. Workloads and External Secrets Operator reach the cloud through
 * workload identity, so there is no key to leak or rotate.
 */
export const noStaticCloudCredentials: ResourceValidationPolicy = {
    name: "no-static-cloud-credentials",
    description:
        "No static cloud credentials: IAM access keys, Entra ID application or service principal passwords, GCP service " +
        "account keys and HMAC keys, and External Secrets Operator stores that authenticate with a Secret reference must be " +
        "replaced by workload identity (IRSA / EKS Pod Identity, Azure workload identity, GKE Workload Identity).",
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
            reportViolation(`"${args.name}" creates ${credential}.`);
            return;
        }
        if (!STORE_TYPES.includes(args.type)) {
            args.notApplicable("Policy only applies to cloud credential resources and External Secrets Operator stores");
        }
        const store = args.props as StoreProps;
        const storeName = store.metadata?.name ?? args.name;
        const allowed = args.getConfig<NoStaticCloudCredentialsConfig>().allowedStoreNames ?? [];
        if (allowed.includes(storeName)) {
            return;
        }
        const references = secretReferences(store.spec?.provider, "spec.provider");
        if (references.length > 0) {
            reportViolation(
                `Store "${storeName}" authenticates with a credential from a Kubernetes Secret (${references.join(", ")}); ` +
                `${STORE_FIX}.`,
            );
        }
    },
};
