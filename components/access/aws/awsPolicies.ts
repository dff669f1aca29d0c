import { SecretsInputError } from "../../validation/inputError";

/** An IAM policy document, as AWS parses it. */
export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: PolicyStatement[];
}

export interface PolicyStatement {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Principal?: Record<string, string>;
    readonly Action: string | string[];
    readonly Resource?: string;
    readonly Condition?: Record<string, Record<string, string>>;
}

/**
 * The actions ESO's Parameter Store provider needs to read one parameter: its `data` and `dataFrom.extract` reads call
 * `GetParameter` only (external-secrets `providers/v1/aws/parameterstore/parameterstore.go`). `GetParametersByPath` is
 * never granted: it is authorized against the requested path, so a grant on `/a` would return everything below `/a`.
 */
export const PARAMETER_READ_ACTIONS = ["ssm:GetParameter"];

/**
 * The actions ESO's Secrets Manager provider needs to read one secret: its `data` and `dataFrom.extract` reads call
 * `GetSecretValue` only (with `VersionStage`, default AWSCURRENT, or `VersionId` for `uuid/<id>`); `DescribeSecret` only
 * with `metadataPolicy: Fetch`, and `ListSecrets`/`BatchGetSecretValue` only for `find`, none of which the package uses
 * (external-secrets `providers/v1/aws/secretsmanager/secretsmanager.go`: GetSecret → fetch → constructSecretValue;
 * GetAllSecrets → findByName/fetchWithBatch).
 */
export const SECRET_READ_ACTIONS = ["secretsmanager:GetSecretValue"];

const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;
const PARAMETER_ARN = /^arn:(aws[a-z-]*):ssm:([a-z0-9-]+):(\d{12}):parameter\/[A-Za-z0-9_.\-/]+$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
// A complete secret ARN ends in `-` and the 6 random characters Secrets Manager appends to the name.
const SECRET_ARN = /^arn:(aws[a-z-]*):secretsmanager:([a-z0-9-]+):(\d{12}):secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/;

/** `oidc.eks.<region>.amazonaws.com/id/<id>` from the issuer URL: the prefix of IRSA's condition keys. */
export function issuerHostPath(issuerUrl: string): string {
    return issuerUrl.replace(/^https:\/\//, "").replace(/\/+$/, "");
}

/** Throws unless the OIDC provider ARN is the IAM provider for exactly this issuer (a mix-up would trust another cluster). */
export function requireProviderForIssuer(argument: string, oidcProviderArn: string, issuerUrl: string): void {
    const match = OIDC_PROVIDER_ARN.exec(oidcProviderArn);
    if (!match) {
        throw new SecretsInputError(
            argument,
            oidcProviderArn,
            "Use the cluster's IAM OIDC provider ARN, arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>.",
        );
    }
    if (match[1] !== issuerHostPath(issuerUrl)) {
        throw new SecretsInputError(
            argument,
            oidcProviderArn,
            `It names the provider for "${match[1]}" but oidcIssuerUrl is "${issuerUrl}": pass the provider and issuer of the same cluster.`,
        );
    }
}

/** IRSA: only this cluster's ServiceAccount `<namespace>/<serviceAccountName>` may assume the role, for STS. */
export function irsaTrustPolicy(oidcProviderArn: string, issuerUrl: string, namespace: string, serviceAccountName: string): PolicyDocument {
    const issuer = issuerHostPath(issuerUrl);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ExternalSecretsIrsa",
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccountName}`,
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

/**
 * EKS Pod Identity: the EKS auth service may assume the role, and (through the session tags it always sets) only for
 * this cluster's ServiceAccount `<namespace>/<serviceAccountName>`; without the tag conditions any association in
 * the account could use the role.
 */
export function podIdentityTrustPolicy(clusterName: string, namespace: string, serviceAccountName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ExternalSecretsPodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-name": clusterName,
                        "aws:RequestTag/kubernetes-namespace": namespace,
                        "aws:RequestTag/kubernetes-service-account": serviceAccountName,
                    },
                },
            },
        ],
    };
}

/**
 * Read access to exactly one SSM parameter, plus `kms:Decrypt` on its customer-managed key when it has one. Decrypt is
 * limited to calls SSM makes for this very parameter (SSM puts the parameter ARN in the encryption context), so a key
 * shared by many parameters does not open the others. With `parameterName` (the name ESO reads), the ARN must be that
 * parameter's own ARN: a path above it (`.../parameter/mlops`) is refused.
 */
export function parameterReadPolicy(parameterArn: string, kmsKeyArn?: string, parameterName?: string): PolicyDocument {
    const match = PARAMETER_ARN.exec(parameterArn ?? "");
    if (!match || parameterArn.endsWith("/")) {
        throw new SecretsInputError(
            "secret.grantScope",
            parameterArn,
            "An AWS StoredSecret's grantScope must be the exact parameter ARN, arn:aws:ssm:<region>:<account>:parameter/<name>, without wildcards.",
        );
    }
    if (parameterName !== undefined && parameterArn.slice(parameterArn.indexOf(":parameter") + ":parameter".length) !== `/${parameterName.replace(/^\//, "")}`) {
        throw new SecretsInputError(
            "secret.grantScope",
            parameterArn,
            `It is not the ARN of the parameter ESO reads ("${parameterName}"): grant the parameter's own ARN, never a path above it.`,
        );
    }
    const statements: PolicyStatement[] = [
        { Sid: "ReadParameter", Effect: "Allow", Action: PARAMETER_READ_ACTIONS, Resource: parameterArn },
    ];
    if (kmsKeyArn !== undefined) {
        statements.push(decryptStatement("DecryptParameter", kmsKeyArn, "ssm", match, { "kms:EncryptionContext:PARAMETER_ARN": parameterArn }));
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * Read access to exactly one Secrets Manager secret: `secretsmanager:GetSecretValue` on its complete ARN (random suffix
 * included: a name-based ARN with `-??????` or `*` would also match other secrets whose names begin the same), plus
 * `kms:Decrypt` on its customer-managed key when it has one, only through Secrets Manager in the secret's region and
 * only for this secret (Secrets Manager puts the secret ARN in the encryption context as `SecretARN`). With
 * `remoteKey` (what ESO reads), the ARN must be that very secret.
 */
export function secretReadPolicy(secretArn: string, kmsKeyArn?: string, remoteKey?: string): PolicyDocument {
    const match = SECRET_ARN.exec(secretArn ?? "");
    if (!match) {
        throw new SecretsInputError(
            "secret.grantScope",
            secretArn,
            "A Secrets Manager StoredSecret's grantScope must be the secret's complete ARN, " +
                "arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>, as the Secret resource returns it; no wildcard, no partial ARN.",
        );
    }
    if (remoteKey !== undefined && remoteKey !== secretArn) {
        throw new SecretsInputError(
            "secret.grantScope",
            secretArn,
            `It is not the secret ESO reads ("${remoteKey}"): grant the ARN of that very secret.`,
        );
    }
    const statements: PolicyStatement[] = [
        { Sid: "ReadSecret", Effect: "Allow", Action: SECRET_READ_ACTIONS, Resource: secretArn },
    ];
    if (kmsKeyArn !== undefined) {
        statements.push(decryptStatement("DecryptSecret", kmsKeyArn, "secretsmanager", match, { "kms:EncryptionContext:SecretARN": secretArn }));
    }
    return { Version: "2012-10-17", Statement: statements };
}

/** `kms:Decrypt` on exactly `kmsKeyArn`, only when `service` calls KMS in the value's region for this one value. */
function decryptStatement(
    sid: string, kmsKeyArn: string, service: string, arnMatch: RegExpExecArray, encryptionContext: Record<string, string>,
): PolicyStatement {
    if (!KMS_KEY_ARN.test(kmsKeyArn)) {
        throw new SecretsInputError(
            "secret.kmsKeyArn",
            kmsKeyArn,
            "Use the key ARN, arn:aws:kms:<region>:<account>:key/<key-id>; an alias ARN in a policy's Resource grants nothing.",
        );
    }
    const [, partition, region] = arnMatch;
    return {
        Sid: sid,
        Effect: "Allow",
        Action: "kms:Decrypt",
        Resource: kmsKeyArn,
        Condition: {
            StringEquals: {
                ...encryptionContext,
                "kms:ViaService": `${service}.${region}.${partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"}`,
            },
        },
    };
}
