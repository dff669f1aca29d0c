import { test } from "node:test";
import assert from "node:assert/strict";
import { AwsNamespaceAccess } from "../../components/access/aws";
import { AzureNamespaceAccess } from "../../components/access/azure";
import { GcpNamespaceAccess } from "../../components/access/gcp";
import { NamespaceAccess } from "../../components/access";
import { StoredSecret } from "../../components/stores/storedSecret";
import { CapturedResource, ProgramRun, runProgram } from "../harness";
import {
    AKS_ISSUER_URL,
    awsSecret,
    azureSecret,
    azureSecretId,
    GCP_PROJECT,
    gcpSecret,
    gcpSecretId,
    KMS_KEY_ARN,
    OIDC_HOST_PATH,
    OIDC_ISSUER_URL,
    OIDC_PROVIDER_ARN,
    ofType,
    parameterArn,
    PLATFORM,
    policyResources,
    REGION,
    TYPES,
    VAULT_URL,
} from "./fixtures";

// Namespace isolation, read from the captured resource graph alone: for every cloud identity, which Kubernetes
// namespace its trust binds it to, and which stored secrets its grants name. Each namespace must read exactly its own.

interface Cloud {
    readonly access: (namespace: string) => NamespaceAccess;
    readonly secret: (namespace: string, name: string) => StoredSecret;
    /** What a grant on the secret names (ARN, resource id, secret id). */
    readonly scope: (namespace: string, name: string) => string;
    /** namespace bound by trust -> the scopes its identity's grants name. */
    readonly readable: (run: ProgramRun) => Map<string, string[]>;
}

const SUBJECT = /^system:serviceaccount:([^:]+):external-secrets-reader$/;
const remembered = (run: ProgramRun, r: CapturedResource) => run.cloud.newResource({ type: r.type, name: r.name, inputs: r.inputs, custom: true }).state;

function add(map: Map<string, string[]>, key: string, values: string[]): void {
    map.set(key, [...(map.get(key) ?? []), ...values].sort());
}

const CLOUDS: Record<string, Cloud> = {
    aws: {
        access: (ns) =>
            new AwsNamespaceAccess(ns, { clusterName: "mlops-dev", namespace: ns, region: REGION, oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuerUrl: OIDC_ISSUER_URL }),
        secret: (ns, name) => awsSecret(ns, name, KMS_KEY_ARN),
        scope: (ns, name) => parameterArn(`/mlops-platform-dev/${ns}/${name}`),
        readable: (run) => {
            const namespaceOfRole = new Map<string, string>();
            for (const role of ofType(run, TYPES.role)) {
                const statement = JSON.parse(role.inputs.assumeRolePolicy).Statement[0];
                const ns = SUBJECT.exec(statement.Condition.StringEquals[`${OIDC_HOST_PATH}:sub`])![1];
                namespaceOfRole.set(role.inputs.name, ns);
            }
            const readable = new Map<string, string[]>();
            for (const grant of ofType(run, TYPES.rolePolicy)) {
                const document = JSON.parse(grant.inputs.policy);
                const parameters = document.Statement.filter((s: { Sid: string }) => s.Sid === "ReadParameter");
                add(readable, namespaceOfRole.get(grant.inputs.role)!, policyResources({ Statement: parameters }));
                const decryptContexts = document.Statement.filter((s: { Sid: string }) => s.Sid === "DecryptParameter").map(
                    (s: { Condition: { StringEquals: Record<string, string> } }) => s.Condition.StringEquals["kms:EncryptionContext:PARAMETER_ARN"],
                );
                assert.deepEqual(decryptContexts, policyResources({ Statement: parameters }), "kms:Decrypt is limited to the granted parameter");
                assert.ok(policyResources(document).every((r) => !r.includes("*")), `wildcard in ${grant.name}`);
            }
            return readable;
        },
    },
    azure: {
        access: (ns) =>
            new AzureNamespaceAccess(ns, { clusterName: "mlops-aks", namespace: ns, resourceGroupName: "mlops-rg", oidcIssuerUrl: AKS_ISSUER_URL, vaultUrl: VAULT_URL }),
        secret: (_ns, name) => azureSecret(name),
        scope: (_ns, name) => azureSecretId(name),
        readable: (run) => {
            const principalOfIdentity = new Map(ofType(run, TYPES.userAssignedIdentity).map((i) => [i.inputs.resourceName, remembered(run, i).principalId]));
            const namespaceOfPrincipal = new Map<string, string>();
            for (const federation of ofType(run, TYPES.federatedIdentityCredential)) {
                assert.deepEqual(federation.inputs.audiences, ["api://AzureADTokenExchange"]);
                namespaceOfPrincipal.set(principalOfIdentity.get(federation.inputs.resourceName), SUBJECT.exec(federation.inputs.subject)![1]);
            }
            const readable = new Map<string, string[]>();
            for (const grant of ofType(run, TYPES.roleAssignment)) {
                assert.match(grant.inputs.roleDefinitionId, /\/roleDefinitions\/4633458b-17de-408a-b874-0445c86b69e6$/);
                assert.match(grant.inputs.scope, /\/vaults\/[^/]+\/secrets\/[^/]+$/, "secret scope, not vault");
                add(readable, namespaceOfPrincipal.get(grant.inputs.principalId)!, [grant.inputs.scope]);
            }
            return readable;
        },
    },
    gcp: {
        access: (ns) => new GcpNamespaceAccess(ns, { clusterName: "mlops-gke", namespace: ns, clusterProject: GCP_PROJECT }),
        secret: (_ns, name) => gcpSecret(name),
        scope: (_ns, name) => gcpSecretId(name),
        readable: (run) => {
            const memberOfAccount = new Map(ofType(run, TYPES.googleServiceAccount).map((a) => [remembered(run, a).name, remembered(run, a).member]));
            const namespaceOfMember = new Map<string, string>();
            for (const binding of ofType(run, TYPES.serviceAccountIamMember)) {
                assert.equal(binding.inputs.role, "roles/iam.workloadIdentityUser");
                const ns = new RegExp(`^serviceAccount:${GCP_PROJECT}\\.svc\\.id\\.goog\\[([^/]+)/external-secrets-reader\\]$`).exec(binding.inputs.member)![1];
                namespaceOfMember.set(memberOfAccount.get(binding.inputs.serviceAccountId), ns);
            }
            const readable = new Map<string, string[]>();
            for (const grant of ofType(run, TYPES.secretIamMember)) {
                assert.equal(grant.inputs.role, "roles/secretmanager.secretAccessor");
                assert.match(grant.inputs.secretId, /^projects\/[^/]+\/secrets\/[^/*]+$/, "one secret, not a project");
                add(readable, namespaceOfMember.get(grant.inputs.member)!, [grant.inputs.secretId]);
            }
            return readable;
        },
    },
};

/** Deploys the platform: one access per namespace, each granted its own secrets; `extra` may add more grants. */
function platform(cloud: Cloud, extra?: (accesses: Map<string, NamespaceAccess>) => void): () => void {
    return () => {
        const accesses = new Map<string, NamespaceAccess>();
        for (const [ns, secrets] of Object.entries(PLATFORM)) {
            const access = cloud.access(ns);
            accesses.set(ns, access);
            for (const name of secrets) {
                access.grantRead(cloud.secret(ns, name), name);
            }
        }
        extra?.(accesses);
    };
}

function expected(cloud: Cloud): Map<string, string[]> {
    return new Map(Object.entries(PLATFORM).map(([ns, secrets]) => [ns, secrets.map((name) => cloud.scope(ns, name)).sort()]));
}

for (const [name, cloud] of Object.entries(CLOUDS)) {
    test(`${name}: each namespace's identity reads exactly that namespace's secrets (mlflow, minio, argocd, monitoring)`, async () => {
        const run = await runProgram(platform(cloud));
        assert.deepEqual(cloud.readable(run), expected(cloud));
        // One ServiceAccount and one namespaced SecretStore per namespace, each in its namespace.
        for (const type of [TYPES.serviceAccount, TYPES.secretStore]) {
            assert.deepEqual(ofType(run, type).map((r) => r.inputs.metadata.namespace).sort(), Object.keys(PLATFORM).sort());
        }
    });

    test(`${name}: the analysis notices a cross-namespace grant (it can fail)`, async () => {
        const run = await runProgram(
            platform(cloud, (accesses) => accesses.get("monitoring")!.grantRead(cloud.secret("mlflow", "mlflow-db-password"), "borrowed-db-password")),
        );
        const readable = cloud.readable(run);
        assert.notDeepEqual(readable, expected(cloud));
        assert.ok(readable.get("monitoring")!.includes(cloud.scope("mlflow", "mlflow-db-password")));
    });
}

test("grants are keyed by secret: adding a secret adds one grant, the others keep their names and inputs", async () => {
    const cloud = CLOUDS.aws;
    const grantsOf = async (secrets: string[]) => {
        const run = await runProgram(() => {
            const access = cloud.access("mlflow");
            secrets.forEach((name) => access.grantRead(cloud.secret("mlflow", name), name));
        });
        return new Map(ofType(run, TYPES.rolePolicy).map((g) => [g.urn, g.inputs]));
    };
    const before = await grantsOf(["mlflow-db-password"]);
    const after = await grantsOf(["mlflow-db-password", "mlflow-artifact-credentials"]);
    const added = [...after.keys()].filter((urn) => !before.has(urn));
    assert.equal(added.length, 1);
    assert.match(added[0], /::mlflow-read-mlflow-artifact-credentials$/);
    for (const [urn, inputs] of before) {
        assert.deepEqual(after.get(urn), inputs);
    }
});

for (const [name, cloud] of Object.entries(CLOUDS)) {
    test(`${name}: deploying the same platform twice registers identical resources (no time, randomness or ordering in inputs)`, async () => {
        const snapshot = async () =>
            (await runProgram(platform(cloud))).resources.map((r) => ({ urn: r.urn, inputs: r.inputs, dependencies: [...r.dependencies].sort() }));
        assert.deepEqual(await snapshot(), await snapshot());
    });
}
