import * as pulumi from "@pulumi/pulumi";
import { Role, RolePolicy } from "@pulumi/aws/iam";
import { Parameter } from "@pulumi/aws/ssm";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { irsaTrustPolicy, parameterReadPolicy } from "../../components/access/aws/awsPolicies";
import { ACCESS_LABELS, ESO_API_VERSION } from "../../components/access/esoSecretStore";
import { identityName } from "../../components/access/identityName";
import { CloudProvider } from "../../components";
import { CLUSTER_NAME, CLUSTERS, STORE_ARGS } from "./benchClouds";
import { RawCloud, READER_SERVICE_ACCOUNT } from "./rawCloud";

const STORE_NAME = "aws-parameter-store";

/** IRSA role, ServiceAccount and SecretStore per namespace; an SSM SecureString and an inline read policy per value. */
export const rawAws: RawCloud = {
    access(namespace) {
        const name = `${CLUSTER_NAME}-${namespace}`;
        const cluster = CLUSTERS[CloudProvider.Aws].aws!;
        const role = new Role(`${name}-role`, {
            name: identityName(["eso", CLUSTER_NAME, namespace], 64),
            description: `External Secrets Operator reader for system:serviceaccount:${namespace}:${READER_SERVICE_ACCOUNT} on cluster ${CLUSTER_NAME}`,
            assumeRolePolicy: JSON.stringify(irsaTrustPolicy(cluster.oidcProviderArn as string, cluster.oidcIssuerUrl as string, namespace, READER_SERVICE_ACCOUNT)),
        });
        const serviceAccount = new ServiceAccount(`${name}-sa`, {
            metadata: { name: READER_SERVICE_ACCOUNT, namespace, labels: ACCESS_LABELS, annotations: { "eks.amazonaws.com/role-arn": role.arn } },
            automountServiceAccountToken: false,
        });
        new CustomResource(`${name}-store`, {
            apiVersion: ESO_API_VERSION,
            kind: "SecretStore",
            metadata: { name: STORE_NAME, namespace, labels: ACCESS_LABELS },
            spec: { provider: { aws: { service: "ParameterStore", region: cluster.region, auth: { jwt: { serviceAccountRef: { name: READER_SERVICE_ACCOUNT } } } } } },
        }, { dependsOn: [serviceAccount] });
        return {
            storeName: STORE_NAME,
            grant: (grantName, grantScope) => new RolePolicy(`${name}-read-${grantName}`, {
                role: role.name,
                policy: grantScope.apply((arn) => JSON.stringify(parameterReadPolicy(arn))),
            }),
        };
    },
    store(name, value, app, valueName) {
        const parameter = new Parameter(name, {
            name: `${STORE_ARGS[CloudProvider.Aws].aws!.parameterPrefix}/${app}/${valueName}`,
            type: "SecureString",
            tier: "Standard",
            value: pulumi.secret(value),
            description: `Managed by @mlops-platform/secrets: ${app} ${valueName}`,
        });
        return { remoteKey: parameter.name, grantScope: parameter.arn, writtenBy: [parameter] };
    },
};
