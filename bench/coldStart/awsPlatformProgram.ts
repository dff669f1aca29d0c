// The platform's four secrets on AWS through the package's cloud-neutral entry point, as a user's program would
// write them (README quick start): the program whose cold start is measured.
import { ArgoAdminSecret, CloudProvider, GrafanaSecret, ManagedSecretArgs, MinioRootSecret, MlflowDbSecret } from "../../components";
import { CLUSTERS } from "../programs/benchClouds";

export function awsPlatformProgram(): void {
    const shared: ManagedSecretArgs = { cloud: CloudProvider.Aws, aws: { parameterPrefix: "/mlops-platform-dev" }, cluster: CLUSTERS[CloudProvider.Aws] };
    new MlflowDbSecret("mlflow-db", shared);
    new MinioRootSecret("minio-root", shared);
    new ArgoAdminSecret("argocd-admin", shared);
    new GrafanaSecret("grafana-admin", shared);
}
