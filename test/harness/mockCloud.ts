import * as pulumi from "@pulumi/pulumi";
// The loader the engine's dynamic-provider host uses for a serialized provider (a dependency of @pulumi/pulumi).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString: (code: string) => { handler(): pulumi.dynamic.ResourceProvider } = require("require-from-string");
import {
    FAKE_AWS_ACCOUNT,
    FAKE_AWS_REGION,
    FAKE_AZURE_SUBSCRIPTION,
    FAKE_AZURE_TENANT,
    FAKE_GCP_PROJECT_NUMBER,
    stableGuid,
} from "./fakeIds";
import { bcryptLikeProvider, generatePassword, RandomPasswordInputs } from "./randomPassword";
import { unwrapSecrets, wireSecret } from "./secretMarker";

type State = Record<string, any>;
/** `provider`: the provider reference (`<urn>::<id>`) the resource was registered with, if any. */
type Shaper = (name: string, inputs: State, cloud: MockCloud, provider?: string) => { id: string; state: State };

function stableKey(type: string, name: string, inputs: unknown): string {
    return `${type}::${name}::${JSON.stringify(sortKeys(inputs))}`;
}

function sortKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortKeys);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as State)[k])]));
    }
    return value;
}

const azureRg = (rg: string) => `/subscriptions/${FAKE_AZURE_SUBSCRIPTION}/resourceGroups/${rg}`;
const k8sId = (inputs: State, name: string) =>
    inputs.metadata?.namespace ? `${inputs.metadata.namespace}/${inputs.metadata?.name ?? name}` : (inputs.metadata?.name ?? name);

/** How each resource type answers: ids and outputs shaped like the real providers'. */
const SHAPERS: Record<string, Shaper> = {
    "random:index/randomPassword:RandomPassword": (name, inputs, cloud) => {
        const result = generatePassword(inputs as RandomPasswordInputs);
        const bcryptHash = bcryptLikeProvider(result);
        cloud.generatedSecrets.push(result, bcryptHash);
        // The real provider marks both secret (additionalSecretOutputs); mocks don't apply that, so we do.
        return { id: "none", state: { ...inputs, result: wireSecret(result), bcryptHash: wireSecret(bcryptHash) } };
    },
    "time:index/static:Static": (_name, inputs, cloud) => {
        const now = new Date(cloud.now());
        const rfc3339 = now.toISOString().replace(/\.\d{3}Z$/, "Z");
        return { id: rfc3339, state: { ...inputs, rfc3339, unix: Math.floor(now.getTime() / 1000) } };
    },
    "aws:ssm/parameter:Parameter": (name, inputs, cloud, provider) => {
        const paramName: string = inputs.name ?? name;
        const region: string = inputs.region ?? cloud.awsRegion(provider);
        return {
            id: paramName,
            state: {
                ...inputs,
                name: paramName,
                arn: `arn:aws:ssm:${region}:${FAKE_AWS_ACCOUNT}:parameter/${paramName.replace(/^\//, "")}`,
                version: 1,
                tier: inputs.tier ?? "Standard",
            },
        };
    },
    "aws:secretsmanager/secret:Secret": (name, inputs, cloud, provider) => {
        const secretName: string = inputs.name ?? name;
        const region: string = inputs.region ?? cloud.awsRegion(provider);
        // Secrets Manager appends '-' and 6 random characters to the name in the ARN; stable per name here.
        const suffix = stableGuid(`secret:${secretName}`).replace(/-/g, "").slice(0, 6);
        const arn = `arn:aws:secretsmanager:${region}:${FAKE_AWS_ACCOUNT}:secret:${secretName}-${suffix}`;
        return { id: arn, state: { ...inputs, name: secretName, arn, region } };
    },
    "aws:secretsmanager/secretVersion:SecretVersion": (_name, inputs) => {
        const versionId = stableGuid(`version:${JSON.stringify(inputs)}`);
        return { id: `${inputs.secretId}|${versionId}`, state: { ...inputs, secretArn: inputs.secretId, versionId, versionStages: ["AWSCURRENT"] } };
    },
    "aws:secretsmanager/secretPolicy:SecretPolicy": (_name, inputs) => ({ id: inputs.secretArn, state: { ...inputs } }),
    "aws:iam/role:Role": (name, inputs) => {
        const roleName: string = inputs.name ?? `${name}-${stableGuid(name).slice(0, 7)}`;
        return {
            id: roleName,
            state: { ...inputs, name: roleName, arn: `arn:aws:iam::${FAKE_AWS_ACCOUNT}:role/${roleName}`, uniqueId: `AROA${stableGuid(name).replace(/-/g, "").slice(0, 17).toUpperCase()}` },
        };
    },
    "aws:iam/policy:Policy": (name, inputs) => {
        const policyName: string = inputs.name ?? name;
        return { id: `arn:aws:iam::${FAKE_AWS_ACCOUNT}:policy/${policyName}`, state: { ...inputs, name: policyName, arn: `arn:aws:iam::${FAKE_AWS_ACCOUNT}:policy/${policyName}` } };
    },
    "aws:iam/rolePolicy:RolePolicy": (name, inputs) => ({ id: `${inputs.role}:${inputs.name ?? name}`, state: { ...inputs, name: inputs.name ?? name } }),
    "aws:kms/key:Key": (name, inputs) => {
        const keyId = stableGuid(name);
        return { id: keyId, state: { ...inputs, keyId, arn: `arn:aws:kms:${FAKE_AWS_REGION}:${FAKE_AWS_ACCOUNT}:key/${keyId}` } };
    },
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": (name, inputs) => {
        const associationId = `a-${stableGuid(name).replace(/-/g, "").slice(0, 17)}`;
        return { id: `${inputs.clusterName},${associationId}`, state: { ...inputs, associationId, associationArn: `arn:aws:eks:${FAKE_AWS_REGION}:${FAKE_AWS_ACCOUNT}:podidentityassociation/${inputs.clusterName}/${associationId}` } };
    },
    "azure-native:keyvault:Vault": (name, inputs) => {
        const vaultName: string = inputs.vaultName ?? name;
        return {
            id: `${azureRg(inputs.resourceGroupName)}/providers/Microsoft.KeyVault/vaults/${vaultName}`,
            state: { ...inputs, name: vaultName, properties: { ...inputs.properties, vaultUri: `https://${vaultName}.vault.azure.net/` } },
        };
    },
    "azure-native:keyvault:Secret": (name, inputs) => {
        const secretName: string = inputs.secretName ?? name;
        const uri = `https://${inputs.vaultName}.vault.azure.net/secrets/${secretName}`;
        return {
            id: `${azureRg(inputs.resourceGroupName)}/providers/Microsoft.KeyVault/vaults/${inputs.vaultName}/secrets/${secretName}`,
            state: { ...inputs, name: secretName, properties: { ...inputs.properties, secretUri: uri, secretUriWithVersion: `${uri}/${stableGuid(JSON.stringify(inputs)).replace(/-/g, "")}` } },
        };
    },
    "azure-native:managedidentity:UserAssignedIdentity": (name, inputs) => {
        const resourceName: string = inputs.resourceName ?? name;
        return {
            id: `${azureRg(inputs.resourceGroupName)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${resourceName}`,
            state: { ...inputs, name: resourceName, clientId: stableGuid(`client:${name}`), principalId: stableGuid(`principal:${name}`), tenantId: FAKE_AZURE_TENANT },
        };
    },
    "gcp:secretmanager/secret:Secret": (name, inputs, cloud) => {
        const project: string = inputs.project ?? cloud.gcpProject;
        return { id: `projects/${project}/secrets/${inputs.secretId}`, state: { ...inputs, project, name: `projects/${FAKE_GCP_PROJECT_NUMBER}/secrets/${inputs.secretId}` } };
    },
    "gcp:secretmanager/secretVersion:SecretVersion": (_name, inputs) => {
        const version = "1";
        const secretName = String(inputs.secret).replace(/^projects\/[^/]+/, `projects/${FAKE_GCP_PROJECT_NUMBER}`);
        return { id: `${secretName}/versions/${version}`, state: { ...inputs, version, name: `${secretName}/versions/${version}` } };
    },
    "gcp:serviceaccount/account:Account": (_name, inputs, cloud) => {
        const project: string = inputs.project ?? cloud.gcpProject;
        const email = `${inputs.accountId}@${project}.iam.gserviceaccount.com`;
        return { id: `projects/${project}/serviceAccounts/${email}`, state: { ...inputs, project, email, name: `projects/${project}/serviceAccounts/${email}`, member: `serviceAccount:${email}`, uniqueId: "1" + FAKE_GCP_PROJECT_NUMBER } };
    },
    // Vault: ids as the Terraform provider sets them (the KV secret's `<mount>/data/<name>`, a policy's name, an
    // entity's UUID); accessors shaped like Vault's `auth_<type>_<8 hex>`.
    "vault:kv/secretV2:SecretV2": (_name, inputs) => {
        const path = `${inputs.mount}/data/${inputs.name}`;
        return { id: path, state: { ...inputs, path, metadata: { version: "1" } } };
    },
    "vault:index/mount:Mount": (name, inputs) => ({ id: inputs.path, state: { ...inputs, accessor: vaultAccessor(inputs.type, name) } }),
    "vault:index/authBackend:AuthBackend": (name, inputs) => ({
        id: inputs.path ?? inputs.type,
        state: { ...inputs, path: inputs.path ?? inputs.type, accessor: vaultAccessor(inputs.type, name) },
    }),
    "vault:index/policy:Policy": (name, inputs) => ({ id: inputs.name ?? name, state: { ...inputs, name: inputs.name ?? name } }),
    "vault:identity/entity:Entity": (name, inputs) => ({ id: stableGuid(`vault-entity:${inputs.name ?? name}`), state: { ...inputs } }),
    "vault:identity/entityAlias:EntityAlias": (name, inputs) => ({ id: stableGuid(`vault-alias:${inputs.name ?? name}`), state: { ...inputs } }),
    "vault:identity/entityPolicies:EntityPolicies": (_name, inputs) => ({ id: inputs.entityId, state: { ...inputs } }),
    // A deployed SAR application: the CloudFormation stack `serverlessrepo-<name>` and the rotation function it outputs.
    "aws:serverlessrepository/cloudFormationStack:CloudFormationStack": (name, inputs, cloud, provider) => {
        const region: string = inputs.region ?? cloud.awsRegion(provider);
        const stackName = `serverlessrepo-${inputs.name ?? name}`;
        return {
            id: `arn:aws:cloudformation:${region}:${FAKE_AWS_ACCOUNT}:stack/${stackName}/${stableGuid(stackName)}`,
            state: { ...inputs, outputs: { RotationLambdaARN: `arn:aws:lambda:${region}:${FAKE_AWS_ACCOUNT}:function:${inputs.parameters?.functionName ?? name}` } },
        };
    },
    "aws:sns/topic:Topic": (name, inputs, cloud, provider) => {
        const topicName: string = inputs.name ?? name;
        const arn = `arn:aws:sns:${inputs.region ?? cloud.awsRegion(provider)}:${FAKE_AWS_ACCOUNT}:${topicName}`;
        return { id: arn, state: { ...inputs, name: topicName, arn } };
    },
    "aws:cloudwatch/eventRule:EventRule": (name, inputs, cloud, provider) => {
        const ruleName: string = inputs.name ?? `${name}-${stableGuid(name).slice(0, 7)}`;
        return { id: ruleName, state: { ...inputs, name: ruleName, arn: `arn:aws:events:${inputs.region ?? cloud.awsRegion(provider)}:${FAKE_AWS_ACCOUNT}:rule/${ruleName}` } };
    },
    "aws:cloudwatch/metricAlarm:MetricAlarm": (name, inputs, cloud, provider) => {
        const alarmName: string = inputs.name ?? `${name}-${stableGuid(name).slice(0, 7)}`;
        return { id: alarmName, state: { ...inputs, name: alarmName, arn: `arn:aws:cloudwatch:${inputs.region ?? cloud.awsRegion(provider)}:${FAKE_AWS_ACCOUNT}:alarm:${alarmName}` } };
    },
    "aws:secretsmanager/secretRotation:SecretRotation": (_name, inputs) => ({ id: String(inputs.secretId), state: { ...inputs, rotationEnabled: true } }),
    "command:local:Command": (name, inputs, cloud) => ({
        id: `${name}-${stableGuid(name).slice(0, 8)}`,
        state: { ...inputs, stdout: cloud.commandStdout(name, inputs), stderr: "" },
    }),
};

/** A Vault mount accessor as Vault shows it, e.g. `auth_kubernetes_1a2b3c4d`. */
function vaultAccessor(type: string, seed: string): string {
    return `${type === "kv" ? "kv" : `auth_${type}`}_${stableGuid(`vault-accessor:${seed}`).slice(0, 8)}`;
}

const INVOKES: Record<string, (inputs: State, cloud: MockCloud) => State> = {
    "vault:index/getAuthBackend:getAuthBackend": (inputs) => ({
        path: inputs.path, type: "kubernetes", accessor: vaultAccessor("kubernetes", inputs.path), id: inputs.path,
        defaultLeaseTtlSeconds: 0, maxLeaseTtlSeconds: 0, description: "", listingVisibility: "", local: false,
    }),
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({ accountId: FAKE_AWS_ACCOUNT, arn: `arn:aws:iam::${FAKE_AWS_ACCOUNT}:user/deployer`, userId: "AIDA0000000000000000", id: FAKE_AWS_ACCOUNT }),
    // An IAM user's ARN passes through; an assumed-role session ARN would become its role's ARN.
    "aws:iam/getSessionContext:getSessionContext": (inputs) => ({ arn: inputs.arn, issuerArn: inputs.arn, id: inputs.arn }),
    "aws:index/getRegion:getRegion": () => ({ name: FAKE_AWS_REGION, region: FAKE_AWS_REGION, id: FAKE_AWS_REGION }),
    "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" }),
    // The role name is made up by the SAR template's CloudFormation stack; this one is shaped like it.
    "aws:lambda/getFunction:getFunction": (inputs) => {
        const functionName = String(inputs.functionName).split(":").pop();
        return { functionName, arn: inputs.functionName, role: `arn:aws:iam::${FAKE_AWS_ACCOUNT}:role/serverlessrepo-${functionName}-SecretsManagerRDSPostgr-0AB1CD2EF3GH`, id: functionName };
    },
    "azure-native:authorization:getClientConfig": () => ({ clientId: stableGuid("deployer"), objectId: stableGuid("deployer-object"), subscriptionId: FAKE_AZURE_SUBSCRIPTION, tenantId: FAKE_AZURE_TENANT }),
    "gcp:organizations/getProject:getProject": (inputs, cloud) => ({ projectId: inputs.projectId ?? cloud.gcpProject, number: FAKE_GCP_PROJECT_NUMBER, name: inputs.projectId ?? cloud.gcpProject, id: `projects/${inputs.projectId ?? cloud.gcpProject}` }),
    "gcp:organizations/getClientConfig:getClientConfig": (_inputs, cloud) => ({ project: cloud.gcpProject, region: "europe-west1", zone: "europe-west1-b", accessToken: "", id: "client" }),
};

/**
 * A fake cloud for the Pulumi mock runtime. It answers like the real providers where the package depends on it,
 * and remembers what it answered: running the same program twice against one MockCloud gives the same random
 * values and timestamps (as a second `pulumi up` would), and a changed input (e.g. a rotation keeper) gives new ones.
 */
export class MockCloud implements pulumi.runtime.Mocks {
    /** Every secret value the fake providers generated (passwords and their bcrypt hashes), for the leak scan. */
    readonly generatedSecrets: string[] = [];
    /** The clock `time:Static` reads: the (mockable) system clock, like the real provider's. */
    now: () => number = () => Date.now();
    readonly gcpProject = "mlops-platform-dev";
    private readonly answers = new Map<string, { id: string; state: State }>();
    /** The region each explicit AWS provider was configured with, by provider reference. */
    private readonly awsProviderRegions = new Map<string, string>();

    /** The region a resource of an AWS provider lands in, as the real provider decides: its `region`, else `aws:region` config. */
    awsRegion(provider?: string): string {
        const configured = provider === undefined ? undefined : this.awsProviderRegions.get(provider);
        return configured ?? new pulumi.Config("aws").get("region") ?? FAKE_AWS_REGION;
    }
    private readonly activePostgresLogins = new Map<string, string>();
    private readonly dynamicStates = new Map<string, { id: string; state: State }>();

    /**
     * What a command prints. The PostgreSQL rotation entrypoint prints its result line, alternating the active login
     * at each run as the real one does; other commands print nothing.
     */
    commandStdout(name: string, inputs: State): string {
        // A map with one secret value arrives wrapped whole, as the engine would send it.
        const env = (unwrapSecrets(inputs.environment) ?? {}) as State;
        const role = env.MLOPS_PG_ROLE;
        if (!role || env.MLOPS_PG_ACTION !== "rotate") {
            return "";
        }
        if (env.MLOPS_PG_ROTATION_STRATEGY !== "alternating-users") {
            return JSON.stringify({ strategy: "single-user", activeUser: role, rotationId: env.MLOPS_ROTATION_ID });
        }
        const previousUser = this.activePostgresLogins.get(name);
        const activeUser = previousUser === `${role}_a` ? `${role}_b` : `${role}_a`;
        this.activePostgresLogins.set(name, activeUser);
        return JSON.stringify({ strategy: "alternating-users", activeUser, previousUser, rotationId: env.MLOPS_ROTATION_ID });
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: State } {
        if (args.type.startsWith("pulumi-nodejs:dynamic")) {
            // The mock runtime awaits a Promise here; tests that call newResource directly never pass a dynamic type.
            return this.runDynamicProvider(args) as unknown as { id: string; state: State };
        }
        const key = stableKey(args.type, args.name, args.inputs);
        const remembered = this.answers.get(key);
        if (remembered) {
            return remembered;
        }
        const shaper = SHAPERS[args.type];
        const answer = shaper
            ? shaper(args.name, args.inputs, this, args.provider)
            : { id: args.type.startsWith("kubernetes:") ? k8sId(args.inputs, args.name) : `${args.name}-id`, state: args.inputs };
        this.answers.set(key, answer);
        if (args.type === "pulumi:providers:aws" && typeof args.inputs.region === "string") {
            this.awsProviderRegions.set(`${pulumiUrn(args)}::${answer.id}`, args.inputs.region);
        }
        return answer;
    }

    /**
     * A dynamic resource, the way the engine drives its serialized provider: `create` the first time; afterwards `diff`
     * against the state kept from the last run, then `update` if it reports changes, else the state stays.
     */
    private async runDynamicProvider(args: pulumi.runtime.MockResourceArgs): Promise<{ id: string; state: State }> {
        const { __provider: serialized, ...news } = args.inputs;
        const provider = requireFromString(serialized).handler();
        const key = `${args.type}::${args.name}`;
        const previous = this.dynamicStates.get(key);
        let answer: { id: string; state: State };
        if (previous === undefined) {
            const created = await provider.create(news);
            answer = { id: created.id, state: created.outs ?? {} };
        } else if ((await provider.diff!(previous.id, previous.state, news)).changes) {
            answer = { id: previous.id, state: (await provider.update!(previous.id, previous.state, news)).outs ?? {} };
        } else {
            answer = previous;
        }
        this.dynamicStates.set(key, answer);
        return answer;
    }

    call(args: pulumi.runtime.MockCallArgs): State {
        const answer = INVOKES[args.token];
        if (!answer) {
            throw new Error(`MockCloud has no answer for invoke ${args.token}; add one to test/harness/mockCloud.ts`);
        }
        return answer(args.inputs, this);
    }
}

/** The URN the mock runtime gives a top-level resource (providers in these tests are top-level). */
function pulumiUrn(args: pulumi.runtime.MockResourceArgs): string {
    return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${args.type}::${args.name}`;
}
