import * as pulumi from "@pulumi/pulumi";
import { PodIdentityAssociation } from "@pulumi/aws/eks";
import { Role, RolePolicy } from "@pulumi/aws/iam";
import { AwsSecretService, StoredSecret } from "../../stores/storedSecret";
import { SecretsInputError } from "../../validation/inputError";
import { ArgumentPath, argumentPaths } from "../argumentPaths";
import { CheckedAccessArgs, checkAccessArgs } from "../checkAccessArgs";
import { createEsoSecretStore, esoServiceAccountRef } from "../esoSecretStore";
import { grantResourceName, rememberGrantPrefix } from "../grants";
import { identityName } from "../identityName";
import { NamespaceAccess, NamespaceAccessBaseArgs } from "../namespaceAccess";
import { SecretStoreScope, secretStoreKind } from "../secretStoreScope";
import { rejectUnused, requireInputMatch, requireMatch, Rule } from "../../validation/rules";
import { AwsIdentityMode } from "../identityModes";
import { HTTPS_URL } from "../validate";
import { createWorkloadServiceAccount } from "../workloadServiceAccount";
import { irsaTrustPolicy, podIdentityTrustPolicy, requireProviderForIssuer } from "./awsPolicies";
import { grantAwsRead } from "./grantAwsRead";
import { componentType, withPreviousType } from "../../naming/componentType";

export interface AwsNamespaceAccessArgs extends NamespaceAccessBaseArgs {
    /** The region of the values (SSM parameters, Secrets Manager secrets), written to the store (e.g. "eu-west-1"). */
    readonly region: string;
    /**
     * The service of the SecretStore created with the access set (named `storeName`). Granting a value of the other
     * service adds that service's store too, under its default name ("aws-parameter-store" or "aws-secrets-manager").
     * @default AwsSecretService.ParameterStore
     */
    readonly service?: AwsSecretService;
    /**
     * IRSA or EKS Pod Identity.
     * @default AwsIdentityMode.Irsa: a ServiceAccount annotated with the role, trusted for exactly that ServiceAccount.
     */
    readonly identityMode?: AwsIdentityMode;
    /**
     * IRSA only, required there: the ARN of the cluster's IAM OIDC provider
     * (`arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>`).
     * @default none.
     */
    readonly oidcProviderArn?: pulumi.Input<string>;
    /**
     * IRSA only, required there: the cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<id>`);
     * it must belong to `oidcProviderArn`.
     * @default none.
     */
    readonly oidcIssuerUrl?: pulumi.Input<string>;
    /**
     * The IAM role's name.
     * @default "eso-<clusterName>-<namespace>", cut to 64 characters with a hash suffix when longer.
     */
    readonly roleName?: string;
}

/**
 * Gives one namespace read access to exactly the SSM parameters granted to it, without static credentials: an IAM
 * role bound to one Kubernetes ServiceAccount (IRSA, or EKS Pod Identity in cluster-store mode), and an ESO
 * SecretStore that authenticates as it. `grantRead` adds one parameter at a time.
 */
export class AwsNamespaceAccess extends pulumi.ComponentResource implements NamespaceAccess {
    /** The ARN of the IAM role ESO assumes. */
    readonly roleArn: pulumi.Output<string>;
    /** The IAM role's name, for `grantAwsRead` from other stacks. */
    readonly roleName: pulumi.Output<string>;
    readonly namespace: pulumi.Output<string>;
    readonly serviceAccountName: pulumi.Output<string>;
    readonly secretStoreName: pulumi.Output<string>;
    readonly secretStoreKind: pulumi.Output<string>;

    constructor(name: string, args: AwsNamespaceAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        const { access, region, roleName, podIdentity, assumeRolePolicy, at, service } = checkAwsNamespaceAccessArgs(args);
        const subject = `system:serviceaccount:${access.namespace}:${access.serviceAccountName}`;

        super(componentType("AwsNamespaceAccess"), name, {}, withPreviousType(opts, "mlops:access:AwsNamespaceAccess"));
        rememberGrantPrefix(this, name);

        const role = new Role(
            `${name}-role`,
            {
                name: roleName,
                description: `External Secrets Operator reader for ${subject} on cluster ${access.clusterName}`,
                assumeRolePolicy,
            },
            { parent: this },
        );

        // With IRSA the ServiceAccount is ours; with Pod Identity it is the ESO chart's controller ServiceAccount.
        const identityBinding = podIdentity
            ? new PodIdentityAssociation(
                  `${name}-pod-identity`,
                  { clusterName: access.clusterName, namespace: access.namespace, serviceAccount: access.serviceAccountName, roleArn: role.arn },
                  { parent: this },
              )
            : createWorkloadServiceAccount(`${name}-sa`, access, { "eks.amazonaws.com/role-arn": role.arn }, { parent: this });

        // One store per AWS service: ESO's aws provider reads one service per store (`service`).
        const stores = new Map<AwsSecretService, pulumi.Output<string>>();
        const storeFor = (storeService: AwsSecretService): pulumi.Output<string> => {
            let storeName = stores.get(storeService);
            if (storeName === undefined) {
                const storeAccess = storeService === service ? access : { ...access, storeName: DEFAULT_STORE_NAMES[storeService] };
                const provider = {
                    aws: {
                        service: ESO_SERVICES[storeService],
                        region,
                        ...(podIdentity ? {} : { auth: { jwt: { serviceAccountRef: esoServiceAccountRef(access) } } }),
                    },
                };
                // The first store keeps the name it always had; a second service's store is named after that service.
                const childName = storeService === service ? `${name}-store` : `${name}-store-${storeService}`;
                createEsoSecretStore(childName, storeAccess, provider, { parent: this, dependsOn: [identityBinding] });
                storeName = pulumi.output(storeAccess.storeName);
                stores.set(storeService, storeName);
            }
            return storeName;
        };
        storeFor(service);

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.namespace = pulumi.output(access.namespace);
        this.serviceAccountName = pulumi.output(access.serviceAccountName);
        this.secretStoreName = pulumi.output(access.storeName);
        this.secretStoreKind = pulumi.output(secretStoreKind(access.storeScope));
        ACCESS_STATE.set(this, { region, argument: at("region"), storeFor });
        this.registerOutputs({
            roleArn: this.roleArn,
            roleName: this.roleName,
            namespace: this.namespace,
            serviceAccountName: this.serviceAccountName,
            secretStoreName: this.secretStoreName,
            secretStoreKind: this.secretStoreKind,
        });
    }

    /**
     * Lets this role read exactly `secret` (an SSM parameter or a Secrets Manager secret), through one child role policy
     * named after `name`; a Secrets Manager secret's resource policy also gets the role as a reader. Adds the store of
     * the value's service when the access set has none yet.
     */
    grantRead(secret: StoredSecret, name: string): RolePolicy {
        const store = ACCESS_STATE.get(this)!;
        store.storeFor(secret?.awsService ?? AwsSecretService.ParameterStore);
        // The store reads one region: a parameter of another region would be granted but never found by ESO.
        const grantScope = pulumi.all([secret?.grantScope, secret?.region]).apply(([scope, region]) => {
            if (region !== undefined && region !== store.region) {
                throw new SecretsInputError(store.argument, store.region,
                    `The parameter ${scope} is in ${region}, and ESO reads only the store's region: use "${region}" (or keep the value in ${store.region}).`);
            }
            return scope;
        });
        return grantAwsRead(grantResourceName(this, name), { roleName: this.roleName, roleArn: this.roleArn, secret: secret && { ...secret, grantScope } }, { parent: this });
    }

    /** The name of the SecretStore that reads `secret`'s service (created by `grantRead` when needed). */
    secretStoreNameFor(secret: StoredSecret): pulumi.Output<string> {
        return ACCESS_STATE.get(this)!.storeFor(secret?.awsService ?? AwsSecretService.ParameterStore);
    }
}

/** ESO's `spec.provider.aws.service` for each service (external-secrets `apis/externalsecrets/v1/secretstore_aws_types.go`). */
const ESO_SERVICES: Record<AwsSecretService, string> = {
    [AwsSecretService.ParameterStore]: "ParameterStore",
    [AwsSecretService.SecretsManager]: "SecretsManager",
};

/** The default SecretStore name for each service. */
export const DEFAULT_STORE_NAMES: Record<AwsSecretService, string> = {
    [AwsSecretService.ParameterStore]: "aws-parameter-store",
    [AwsSecretService.SecretsManager]: "aws-secrets-manager",
};

// The store's region and how the user named it (for the region check of each grant), and the stores per service; kept
// outside the class, whose properties become outputs of the multi-language schema.
const ACCESS_STATE = new WeakMap<AwsNamespaceAccess, {
    region: string;
    argument: string;
    storeFor: (service: AwsSecretService) => pulumi.Output<string>;
}>();

/** The checked arguments of an AwsNamespaceAccess, with defaults applied. */
export interface CheckedAwsAccessArgs {
    readonly access: CheckedAccessArgs;
    readonly region: string;
    readonly roleName: string;
    readonly podIdentity: boolean;
    readonly assumeRolePolicy: pulumi.Input<string>;
    readonly at: ArgumentPath;
    readonly service: AwsSecretService;
}

/**
 * Checks every argument of an AwsNamespaceAccess before anything is registered; values held as Outputs are checked
 * when known (the deployment then fails). Errors name the arguments as the current `argumentPaths` spell them.
 */
export function checkAwsNamespaceAccessArgs(args: AwsNamespaceAccessArgs): CheckedAwsAccessArgs {
    const at = argumentPaths("AwsNamespaceAccess");
    const podIdentity = args?.identityMode === AwsIdentityMode.PodIdentity;
    const service = args?.service ?? AwsSecretService.ParameterStore;
    if (!Object.values(AwsSecretService).includes(service)) {
        throw new SecretsInputError(at("service"), service, `Use one of ${Object.values(AwsSecretService).join(", ")}.`);
    }
    const access = checkAccessArgs(at, args, {
        storeName: DEFAULT_STORE_NAMES[service],
        // The chart's controller ServiceAccount, which is where a Pod Identity association must go.
        serviceAccountName: podIdentity ? "external-secrets" : undefined,
    });
    const identityMode = args.identityMode ?? AwsIdentityMode.Irsa;
    if (!Object.values(AwsIdentityMode).includes(identityMode)) {
        throw new SecretsInputError(at("identityMode"), identityMode, `Use one of ${Object.values(AwsIdentityMode).join(", ")}.`);
    }
    const region = requireMatch(at("region"), args.region, AWS_REGION);
    const roleName = requireMatch(at("roleName"), args.roleName ?? identityName(["eso", access.clusterName, access.namespace], 64), {
        pattern: /^[\w+=,.@-]{1,64}$/,
        fix: "Use 1-64 of letters, digits and +=,.@_-.",
    });
    let assumeRolePolicy: pulumi.Input<string>;
    if (podIdentity) {
        if (access.storeScope !== SecretStoreScope.Cluster) {
            throw new SecretsInputError(
                at("identityMode"),
                identityMode,
                "EKS Pod Identity does not isolate namespaces: the role is bound to the ESO controller's own ServiceAccount, so a SecretStore " +
                    "without an auth block in ANY namespace acts as it. A namespaced store would promise an isolation it cannot give: use " +
                    "AwsIdentityMode.Irsa for per-namespace isolation, or storeScope SecretStoreScope.Cluster to share one identity openly.",
            );
        }
        rejectUnused(at("oidcProviderArn"), args.oidcProviderArn, "EKS Pod Identity does not use the OIDC provider.");
        rejectUnused(at("oidcIssuerUrl"), args.oidcIssuerUrl, "EKS Pod Identity does not use the OIDC issuer.");
        assumeRolePolicy = JSON.stringify(podIdentityTrustPolicy(access.clusterName, access.namespace, access.serviceAccountName));
    } else {
        const issuerUrl = requireInputMatch(at("oidcIssuerUrl"), args.oidcIssuerUrl, HTTPS_URL);
        const providerArn = requireInputMatch(at("oidcProviderArn"), args.oidcProviderArn, OIDC_PROVIDER_ARN_RULE);
        if (typeof providerArn === "string" && typeof issuerUrl === "string") {
            requireProviderForIssuer(at("oidcProviderArn"), providerArn, issuerUrl);
        }
        // Checked again once both are known, for values that are Outputs of the cluster.
        assumeRolePolicy = pulumi.all([providerArn, issuerUrl]).apply(([arn, issuer]) => {
            requireProviderForIssuer(at("oidcProviderArn"), arn, issuer);
            return JSON.stringify(irsaTrustPolicy(arn, issuer, access.namespace, access.serviceAccountName));
        });
    }
    return { access, region, roleName, podIdentity, assumeRolePolicy, at, service };
}

export const AWS_REGION: Rule = {
    pattern: /^[a-z]{2}(-[a-z]+)+-\d+$/,
    fix: "Use the region of the SSM parameters in lower case, e.g. \"eu-west-1\".",
};

const OIDC_PROVIDER_ARN_RULE: Rule = {
    pattern: /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/.+$/,
    fix: "Use the cluster's IAM OIDC provider ARN, arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>.",
};
