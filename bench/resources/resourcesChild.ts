// Child process: resources per secret and per namespace, and the ExternalSecrets of the platform's four secrets before
// and after a rotation, for one cloud, from captured runs.
//   node resourcesChild.js <aws|azure|gcp>
import { ArgoAdminSecret, CloudProvider, FORCE_SYNC_ANNOTATION, GrafanaSecret, ManagedSecretArgs, MinioRootSecret, MlflowDbSecret } from "../../components";
import { ProgramRun, runProgram } from "../../test/harness";
import { childMain } from "../child/childMain";
import { BenchCloud } from "../mock/benchCloud";
import { CLUSTERS, parseCloud, STORE_ARGS } from "../programs/benchClouds";
import { componentSecrets } from "../programs/componentSecrets";

const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const DAY_MS = 86_400_000;
const DEPLOYED_AT = Date.UTC(2026, 0, 1);

/** Registrations of a run per type, custom resources and components apart. */
function byType(run: ProgramRun): { custom: Record<string, number>; components: Record<string, number> } {
    const custom: Record<string, number> = {};
    const components: Record<string, number> = {};
    for (const r of run.resources) {
        const into = r.custom ? custom : components;
        into[r.type] = (into[r.type] ?? 0) + 1;
    }
    return { custom, components };
}

/** The platform's four secrets with default settings; `rotationTrigger` bumped to rotate them. */
function platform(cloud: CloudProvider, rotationTrigger: string): void {
    const shared: ManagedSecretArgs = { ...STORE_ARGS[cloud], cluster: CLUSTERS[cloud], rotationTrigger };
    new MlflowDbSecret("mlflow-db", shared);
    new MinioRootSecret("minio-root", shared);
    new ArgoAdminSecret("argocd-admin", shared);
    new GrafanaSecret("grafana-admin", shared);
}

/** What ESO reads from each generated ExternalSecret: its data entries, refresh settings and force-sync annotation. */
function externalSecrets(run: ProgramRun) {
    return run.resources.filter((r) => r.type === EXTERNAL_SECRET).map((r) => ({
        name: `${r.inputs.metadata.namespace}/${r.inputs.metadata.name}`,
        dataEntries: (r.inputs.spec.data ?? []).length,
        dataFromEntries: (r.inputs.spec.dataFrom ?? []).length,
        refreshInterval: r.inputs.spec.refreshInterval as string | undefined,
        refreshPolicy: r.inputs.spec.refreshPolicy as string | undefined,
        forceSync: r.inputs.metadata.annotations?.[FORCE_SYNC_ANNOTATION] as string | undefined,
    }));
}

childMain(async ([cloudName]) => {
    const cloud = parseCloud(cloudName);
    const counted = async (secrets: number, namespaces: number) =>
        byType(await runProgram(() => componentSecrets(cloud, secrets, namespaces), { cloud: new BenchCloud() }));

    // A second `pulumi up` against the same (remembering) cloud, a day later, with the rotation trigger bumped.
    const mock = new BenchCloud();
    mock.now = () => DEPLOYED_AT;
    const deployed = await runProgram(() => platform(cloud, "0"), { cloud: mock });
    mock.now = () => DEPLOYED_AT + DAY_MS;
    const rotated = await runProgram(() => platform(cloud, "1"), { cloud: mock });
    return {
        oneSecret: await counted(1, 1),
        twoSecretsOneNamespace: await counted(2, 1),
        twoSecretsTwoNamespaces: await counted(2, 2),
        platform: byType(deployed),
        platformDeployed: externalSecrets(deployed),
        platformRotated: externalSecrets(rotated),
    };
});
