import { PolicyPackArgs } from "@pulumi/policy";
import {
    hardenedGcpSecretReplication,
    hardenedKeyVault,
    leastPrivilegeAwsSecretReads,
    leastPrivilegeAwsTrustPolicies,
    leastPrivilegeAzureKeyVaultRoles,
    leastPrivilegeGcpSecretAccess,
    noCredentialEnvLiterals,
    noCredentialsInConfigMaps,
    noCredentialsInDeploymentSettings,
    noCredentialsInExternalSecrets,
    noCredentialsInHelmValues,
    noPlainKubernetesSecrets,
    noStaticCloudCredentials,
    randomPasswordForCredentials,
    randomPasswordMinLength,
    secretRotationConfigured,
    secretsManagerRotationConfigured,
    secretStoresIsolated,
    secretsManagerPolicyNamedPrincipals,
    ssmSecureStringForSecrets,
    vaultDatabaseRoleBounded,
    vaultDatabaseRootRotated,
    vaultLeastPrivilege,
} from "./policies";
import { withResourceNames } from "./lib/namedFindings";
import { shareDeserialization } from "./lib/sharedDeserialization";

// eslint-disable-next-line @typescript-eslint/no-require-imports
shareDeserialization(require("@pulumi/policy/deserialize"));

/** The pack's name as the engine and Pulumi Cloud show it. */
export const packName = "mlops-platform-secrets";

/**
 * The pack without its server. `index.ts` serves it (constructing a PolicyPack starts a gRPC server at once);
 * the analyzer script and tests load this module to drive the same policies in-process.
 */
export const packArgs: PolicyPackArgs = {
    description:
        "Secrets on the MLOps platform: no plain Kubernetes Secrets, no static cloud credentials, secret values only in secret " +
        "stores (not ConfigMaps, env literals or Helm values), hardened stores, least-privilege reads, strong generated passwords, rotation configured.",
    policies: [
        noPlainKubernetesSecrets,
        noStaticCloudCredentials,
        ssmSecureStringForSecrets,
        noCredentialsInConfigMaps,
        noCredentialEnvLiterals,
        noCredentialsInHelmValues,
        noCredentialsInExternalSecrets,
        noCredentialsInDeploymentSettings,
        secretStoresIsolated,
        hardenedKeyVault,
        hardenedGcpSecretReplication,
        leastPrivilegeAwsSecretReads,
            leastPrivilegeAwsTrustPolicies,
        secretsManagerPolicyNamedPrincipals,
        leastPrivilegeAzureKeyVaultRoles,
        leastPrivilegeGcpSecretAccess,
        randomPasswordMinLength,
        randomPasswordForCredentials,
        secretRotationConfigured,
        secretsManagerRotationConfigured,
        vaultDatabaseRoleBounded,
        vaultDatabaseRootRotated,
        vaultLeastPrivilege,
    ].map(withResourceNames),
};
