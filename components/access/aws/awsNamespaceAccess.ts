import * as pulumi from "@pulumi/pulumi";
import { PodIdentityAssociation } from "@pulumi/aws/eks";
import { Role, RolePolicy } from "@pulumi/aws/iam";
import { StoredSecret } from "../../stores/storedSecret";
import { SecretsInputError } from "../../validation/inputError";
import { checkAccessArgs } from "../checkAccessArgs";
import { createEsoSecretStore, esoServiceAccountRef } from "../esoSecretStore";
import { grantResourceName, rememberGrantPrefix } from "../grants";
import { identityName } from "../identityName";
import { NamespaceAccess, NamespaceAccessBaseArgs } from "../namespaceAccess";
import { SecretStoreScope, secretStoreKind } from "../secretStoreScope";
import { rejectUnused, requireInputMatch, requireMatch } from "../../validation/rules";
import { AwsIdentityMode } from "../identityModes";
import { HTTPS_URL } from "../validate";
import { createWorkloadServiceAccount } from "../workloadServiceAccount";
import { irsaTrustPolicy, podIdentityTrustPolicy, requireProviderForIssuer } from "./awsPolicies";
import { grantAwsRead } from "./grantAwsRead";

export interface AwsNamespaceAccessArgs extends NamespaceAccessBaseArgs {
    /** The region of the SSM parameters, written to the store (e.g. "eu-west-1"). */
    readonly region: string;
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
        const component = "AwsNamespaceAccess";
        const podIdentity = args?.identityMode === AwsIdentityMode.PodIdentity;
        const access = checkAccessArgs(component, args, {
            storeName: "aws-parameter-store",
            // The chart's controller ServiceAccount, which is where a Pod Identity association must go.
            serviceAccountName: podIdentity ? "external-secrets" : undefined,
        });
        const identityMode = args.identityMode ?? AwsIdentityMode.Irsa;
        if (!Object.values(AwsIdentityMode).includes(identityMode)) {
            throw new SecretsInputError(`${component}.identityMode`, identityMode, `Use one of ${Object.values(AwsIdentityMode).join(", ")}.`);
        }
        const region = requireMatch(`${component}.region`, args.region, {
            pattern: /^[a-z]{2}(-[a-z]+)+-\d+$/,
            fix: "Use the region of the SSM parameters, e.g. \"eu-west-1\".",
        });
        const roleName = requireMatch(`${component}.roleName`, args.roleName ?? identityName(["eso", access.clusterName, access.namespace], 64), {
            pattern: /^[\w+=,.@-]{1,64}$/,
            fix: "Use 1-64 of letters, digits and +=,.@_-.",
        });
        const subject = `system:serviceaccount:${access.namespace}:${access.serviceAccountName}`;
        let assumeRolePolicy: pulumi.Input<string>;
        if (podIdentity) {
            if (access.storeScope !== SecretStoreScope.Cluster) {
                throw new SecretsInputError(
                    `${component}.identityMode`,
                    identityMode,
                    "EKS Pod Identity binds the role to the ESO controller's own ServiceAccount, so every store without an auth block acts as it: " +
                        "use it with storeScope SecretStoreScope.Cluster and allowedNamespaces, or use AwsIdentityMode.Irsa for per-namespace isolation.",
                );
            }
            rejectUnused(`${component}.oidcProviderArn`, args.oidcProviderArn, "EKS Pod Identity does not use the OIDC provider.");
            rejectUnused(`${component}.oidcIssuerUrl`, args.oidcIssuerUrl, "EKS Pod Identity does not use the OIDC issuer.");
            assumeRolePolicy = JSON.stringify(podIdentityTrustPolicy(access.clusterName, access.namespace, access.serviceAccountName));
        } else {
            const issuerUrl = requireInputMatch(`${component}.oidcIssuerUrl`, args.oidcIssuerUrl, HTTPS_URL);
            const providerArn = requireInputMatch(`${component}.oidcProviderArn`, args.oidcProviderArn, {
                pattern: /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/.+$/,
                fix: "Use the cluster's IAM OIDC provider ARN, arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>.",
            });
            if (typeof providerArn === "string" && typeof issuerUrl === "string") {
                requireProviderForIssuer(`${component}.oidcProviderArn`, providerArn, issuerUrl);
            }
            // Checked again once both are known, for values that are Outputs of the cluster.
            assumeRolePolicy = pulumi.all([providerArn, issuerUrl]).apply(([arn, issuer]) => {
                requireProviderForIssuer(`${component}.oidcProviderArn`, arn, issuer);
                return JSON.stringify(irsaTrustPolicy(arn, issuer, access.namespace, access.serviceAccountName));
            });
        }

        super(`mlops:access:${component}`, name, {}, opts);
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

        const provider = {
            aws: {
                service: "ParameterStore",
                region,
                ...(podIdentity ? {} : { auth: { jwt: { serviceAccountRef: esoServiceAccountRef(access) } } }),
            },
        };
        createEsoSecretStore(`${name}-store`, access, provider, { parent: this, dependsOn: [identityBinding] });

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.namespace = pulumi.output(access.namespace);
        this.serviceAccountName = pulumi.output(access.serviceAccountName);
        this.secretStoreName = pulumi.output(access.storeName);
        this.secretStoreKind = pulumi.output(secretStoreKind(access.storeScope));
        this.registerOutputs({
            roleArn: this.roleArn,
            roleName: this.roleName,
            namespace: this.namespace,
            serviceAccountName: this.serviceAccountName,
            secretStoreName: this.secretStoreName,
            secretStoreKind: this.secretStoreKind,
        });
    }

    /** Lets this role read exactly `secret` (an SSM parameter), through one child role policy named after `name`. */
    grantRead(secret: StoredSecret, name: string): RolePolicy {
        return grantAwsRead(grantResourceName(this, name), { roleName: this.roleName, secret }, { parent: this });
    }
}
