import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import * as command from "@pulumi/command";
import * as time from "@pulumiverse/time";
import {
    ArgoAdminSecret, CloudProvider, CloudStoreArgs, GrafanaSecret, MinioRootSecret, MlflowDbSecret, PlatformSecret,
} from "../../components";
import { SecretAlerts } from "../../components/alerts/secretAlerts";
import { ClusterAccessArgs } from "../../components/access/clusterAccessArgs";
import { CapturedResource, ProgramRun, runProgram } from "../harness";
import { AKS_ISSUER_URL, GCP_PROJECT, OIDC_ISSUER_URL, OIDC_PROVIDER_ARN, REGION } from "./fixtures";

// Every custom resource a component creates must go to the provider the user passed for its package — by Pulumi's
// own rules: `providers` as a list or a map, or inherited from a parent component — and never to the default
// provider (which would put identities in another account, subscription or project, and fails in stacks that
// disable default providers). Read from the provider reference of each registration, as the engine receives it.

interface Cloud {
    readonly store: CloudStoreArgs;
    readonly cluster: ClusterAccessArgs;
    /** The cloud's explicit provider (created inside the program). */
    provider(): pulumi.ProviderResource;
    /** The cloud's read audit, as the user would add it beside the secrets. */
    audit(opts: pulumi.ComponentResourceOptions): void;
}

const CLOUDS: Record<string, Cloud> = {
    aws: {
        store: { cloud: CloudProvider.Aws },
        cluster: { clusterName: "mlops-dev", aws: { region: REGION, oidcProviderArn: OIDC_PROVIDER_ARN, oidcIssuerUrl: OIDC_ISSUER_URL } },
        provider: () => {
            const { Provider } = require("@pulumi/aws") as typeof import("@pulumi/aws");
            return new Provider("explicit-aws", { region: REGION });
        },
        audit: (opts) => {
            const { AwsParameterStoreAudit } = require("../../components/audit/awsParameterStoreAudit") as typeof import("../../components/audit/awsParameterStoreAudit");
            new AwsParameterStoreAudit("audit", {}, opts);
        },
    },
    azure: {
        store: { cloud: CloudProvider.Azure, azure: { vaultName: "mlops-kv", resourceGroupName: "mlops-rg" } },
        cluster: { clusterName: "mlops-aks", azure: { resourceGroupName: "mlops-rg", oidcIssuerUrl: AKS_ISSUER_URL } },
        provider: () => {
            const { Provider } = require("@pulumi/azure-native") as typeof import("@pulumi/azure-native");
            return new Provider("explicit-azure-native", {});
        },
        audit: (opts) => {
            const { AzureKeyVaultAudit } = require("../../components/audit/azureKeyVaultAudit") as typeof import("../../components/audit/azureKeyVaultAudit");
            new AzureKeyVaultAudit("audit", {
                keyVaultId: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/mlops-rg/providers/Microsoft.KeyVault/vaults/mlops-kv",
                logAnalyticsWorkspaceId: "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/mlops-rg/providers/Microsoft.OperationalInsights/workspaces/logs",
            }, opts);
        },
    },
    gcp: {
        store: { cloud: CloudProvider.Gcp, gcp: { project: GCP_PROJECT } },
        cluster: { clusterName: "mlops-gke", gcp: { clusterProject: GCP_PROJECT } },
        provider: () => {
            const { Provider } = require("@pulumi/gcp") as typeof import("@pulumi/gcp");
            return new Provider("explicit-gcp", { project: GCP_PROJECT });
        },
        audit: (opts) => {
            const { GcpSecretManagerAudit } = require("../../components/audit/gcpSecretManagerAudit") as typeof import("../../components/audit/gcpSecretManagerAudit");
            new GcpSecretManagerAudit("audit", { project: GCP_PROJECT }, opts);
        },
    },
    vault: {
        store: { cloud: CloudProvider.Vault, vault: { address: "https://vault.example.com:8200" } },
        cluster: { clusterName: "mlops-dev", vault: {} },
        provider: () => {
            const { Provider } = require("@pulumi/vault") as typeof import("@pulumi/vault");
            return new Provider("explicit-vault", { address: "https://vault.example.com:8200", skipChildToken: true });
        },
        // Vault's audit devices are the Vault operator's server configuration, not a per-stack resource.
        audit: () => undefined,
    },
};

type Form = "providers list" | "providers map" | "parent's providers" | "provider on the parent, list on the secret";

/**
 * All four typed secrets and a PlatformSecret, with rotation, restarts and a second cluster, plus the alerts and the
 * cloud's read audit, given providers in one form.
 */
function platform(cloud: Cloud, form: Form): () => void {
    return () => {
        const providers = [
            new k8s.Provider("explicit-kubernetes", { kubeconfig: "kubeconfig" }),
            cloud.provider(),
            new random.Provider("explicit-random", {}),
            new time.Provider("explicit-time", {}),
            new command.Provider("explicit-command", {}),
        ];
        let opts: pulumi.ComponentResourceOptions;
        switch (form) {
            case "providers list":
                opts = { providers };
                break;
            case "providers map":
                opts = { providers: Object.fromEntries(providers.map((p) => [(p as unknown as { getPackage(): string }).getPackage(), p])) };
                break;
            case "parent's providers":
                opts = { parent: new pulumi.ComponentResource("test:index:Platform", "platform", {}, { providers }) };
                break;
            case "provider on the parent, list on the secret":
                opts = {
                    parent: new pulumi.ComponentResource("test:index:Platform", "platform", {}, { provider: providers[1] }),
                    providers: providers.filter((_, i) => i !== 1),
                };
                break;
        }
        const args = { ...cloud.store, cluster: cloud.cluster, rotationTrigger: "1" };
        new MlflowDbSecret("mlflow-db", args, opts);
        new MinioRootSecret("minio-root", args, opts);
        new ArgoAdminSecret("argocd-admin", args, opts);
        new GrafanaSecret("grafana-admin", args, opts);
        const generic = new PlatformSecret("jupyterhub-cookie", { ...args, namespace: "jupyterhub", app: "jupyterhub", valueName: "cookie-secret" }, opts);
        new SecretAlerts("alerts", {}, opts);
        cloud.audit(opts);
        generic.syncToCluster({ ...cloud.cluster, clusterName: `${cloud.cluster.clusterName}-green` },
            new k8s.Provider("green-kubernetes", { kubeconfig: "green" }), "green");
    };
}

/** The package of a resource type (`aws:iam/role:Role` -> `aws`; `kubernetes:core/v1:ServiceAccount` -> `kubernetes`). */
const packageOf = (type: string) => type.split(":")[0];

/** Custom resources registered without an explicit provider, or with one other than the user's for their package. */
function offenders(run: ProgramRun): string[] {
    const explicit = new Map(run.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
    const wrong: string[] = [];
    // The rotation schedule is a dynamic resource: it always runs in the engine's own Node.js dynamic provider, which
    // holds no credentials and takes no configuration (docs/rotation-kubernetes.md, "The rotation schedule").
    const checked = (r: CapturedResource) => r.custom && !r.type.startsWith("pulumi:providers:") && !r.type.startsWith("pulumi-nodejs:dynamic");
    for (const r of run.resources.filter(checked)) {
        const providerUrn = r.provider?.split("::").slice(0, -1).join("::");
        const provider = providerUrn === undefined ? undefined : explicit.get(providerUrn);
        if (provider === undefined || provider.type !== `pulumi:providers:${packageOf(r.type)}`) {
            wrong.push(`${r.type}::${r.name} -> ${r.provider ?? "the default provider"}`);
        }
    }
    return wrong;
}

const customOf = (run: ProgramRun, pkg: string): CapturedResource[] => run.resources.filter((r) => r.custom && packageOf(r.type) === pkg);

for (const [name, cloud] of Object.entries(CLOUDS)) {
    for (const form of ["providers list", "providers map", "parent's providers", "provider on the parent, list on the secret"] as Form[]) {
        test(`${name}, ${form}: every custom resource uses the explicit provider of its package, none a default one`, async () => {
            const run = await runProgram(platform(cloud, form));
            assert.deepEqual(offenders(run), []);
            // The check saw the identities and grants that used to go to the default provider, in both clusters.
            const cloudPackage = packageOf(run.resources.find((r) => r.type.startsWith("pulumi:providers:") && r.name.startsWith("explicit-") && !/kubernetes|random|time|command/.test(r.name))!.type.replace("pulumi:providers:", "") + ":");
            assert.ok(customOf(run, cloudPackage).length >= 10, `${cloudPackage} resources: ${customOf(run, cloudPackage).length}`);
            const green = run.resources.filter((r) => r.type === "kubernetes:external-secrets.io/v1:ExternalSecret" && r.name.endsWith("-green"));
            assert.equal(green.length, 1);
            assert.match(green[0].provider!, /::green-kubernetes::/);
        });
    }
}

test("the check fails when a resource falls back to the default provider (it can fail)", async () => {
    const run = await runProgram(() => {
        platform(CLOUDS.aws, "providers list")();
        const { iam } = require("@pulumi/aws") as typeof import("@pulumi/aws");
        new iam.Role("stray", { assumeRolePolicy: "{}" });
    });
    assert.deepEqual(offenders(run), ["aws:iam/role:Role::stray -> the default provider"]);
});

test("two secrets of one namespace given different cloud providers are refused (they share one access set)", async () => {
    let error: unknown;
    await runProgram(() => {
        const { Provider } = require("@pulumi/aws") as typeof import("@pulumi/aws");
        const args = { ...CLOUDS.aws.store, cluster: CLOUDS.aws.cluster, namespace: "jupyterhub", app: "jupyterhub" };
        new PlatformSecret("a", { ...args, valueName: "a" }, { providers: [new Provider("account-a", {})] });
        try {
            new PlatformSecret("b", { ...args, valueName: "b" }, { providers: [new Provider("account-b", {})] });
        } catch (e) {
            error = e;
        }
    });
    assert.match(String(error), /cluster\.clusterName.*same Kubernetes and cloud providers/);
});
