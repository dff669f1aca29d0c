import * as k8s from "@pulumi/kubernetes";
import { CorpusClass, violations } from "./corpusCase";
import { configGroupYaml, P, T } from "./_programs";

const FILES = "test/policy/corpus/files";

export const yamlManifests: CorpusClass = {
    title: "Objects inside YAML text (yaml.v2 ConfigGroup / ConfigFile)",
    description:
        "Manifests applied from YAML text or local files: the component's own inputs are parsed, so a Secret, a ConfigMap " +
        "with credentials or a workload with a password is found before the provider renders anything.",
    cases: [
        {
            title: "bad: a Secret in a ConfigGroup's YAML text",
            program: () => configGroupYaml("mlflow-manifests", [
                "apiVersion: v1", "kind: Secret", "metadata:", "  name: mlflow-db", "  namespace: mlflow", "stringData:", "  password: s3cr3t-pw",
            ].join("\n")),
            expect: violations(P.secrets, T.configGroup),
        },
        {
            title: "bad: a Secret as the third of several documents",
            program: () => configGroupYaml("bundle", [
                "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: argocd",
                "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: argocd-server\n  namespace: argocd",
                "apiVersion: v1\nkind: Secret\nmetadata:\n  name: argocd-secret\n  namespace: argocd\ndata:\n  admin.password: JDJhJDEwJHM=",
            ].join("\n---\n")),
            expect: violations(P.secrets, T.configGroup),
        },
        {
            title: "bad: an empty SecretList in YAML text",
            program: () => configGroupYaml("empty-list", "apiVersion: v1\nkind: SecretList\nitems: []\n"),
            expect: violations(P.secrets, T.configGroup),
        },
        {
            title: "bad: a Secret among the ConfigGroup's objs (yaml.v2 renders them on the provider)",
            program: () => new k8s.yaml.v2.ConfigGroup("objs", {
                objs: [{ apiVersion: "v1", kind: "Secret", metadata: { name: "grafana-admin", namespace: "monitoring" }, stringData: { "admin-password": "s3cr3t-pw" } }],
            }),
            expect: violations(P.secrets, T.configGroup),
        },
        {
            title: "bad: a Secret in a local file applied with yaml.v2.ConfigFile",
            program: () => new k8s.yaml.v2.ConfigFile("minio-root", { file: `${FILES}/minio-root-secret.yaml` }),
            expect: violations(P.secrets, T.configFile),
        },
        {
            title: "bad: a Secret in a local file listed in a ConfigGroup's files",
            program: () => new k8s.yaml.v2.ConfigGroup("from-files", { files: [`${FILES}/minio-root-secret.yaml`] }),
            expect: violations(P.secrets, T.configGroup),
        },
        {
            title: "bad: a Deployment in a local file passing the database password in a URI argument",
            program: () => new k8s.yaml.v2.ConfigFile("mlflow", { file: `${FILES}/mlflow-deployment.yaml` }),
            expect: violations(P.env, T.configFile),
        },
        {
            title: "bad: a ConfigMap in YAML text with an env file holding a password",
            program: () => configGroupYaml("minio-env", [
                "apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: minio-env", "  namespace: minio", "data:",
                "  config.env: |", "    export MINIO_ROOT_USER=admin", "    export MINIO_ROOT_PASSWORD=minio-root-s3cr3t",
            ].join("\n")),
            expect: violations(P.configMaps, T.configGroup),
        },
        {
            title: "bad: a ClusterSecretStore without conditions in YAML text",
            program: () => configGroupYaml("stores", [
                "apiVersion: external-secrets.io/v1", "kind: ClusterSecretStore", "metadata:", "  name: platform", "spec:", "  provider:",
                "    aws:", "      service: ParameterStore", "      region: eu-west-1", "      auth:", "        jwt:", "          serviceAccountRef:",
                "            name: external-secrets", "            namespace: external-secrets",
            ].join("\n")),
            expect: violations(P.stores, T.configGroup),
        },
        {
            title: "bad: a CronJob in YAML text with a literal API key",
            program: () => configGroupYaml("backup", [
                "apiVersion: batch/v1", "kind: CronJob", "metadata:", "  name: backup", "  namespace: mlflow", "spec:", "  schedule: '0 3 * * *'",
                "  jobTemplate:", "    spec:", "      template:", "        spec:", "          restartPolicy: OnFailure", "          containers:",
                "            - name: backup", "              image: backup:1", "              env:", "                - name: BACKUP_API_KEY",
                "                  value: key-s3cr3t",
            ].join("\n")),
            expect: violations(P.env, T.configGroup),
        },
        {
            title: "good: a ConfigFile with a grafana.ini that reads the password from a file, and a workload using secretKeyRef",
            program: () => new k8s.yaml.v2.ConfigFile("monitoring", { file: `${FILES}/monitoring-ok.yaml` }),
            expect: [],
        },
        {
            title: "good: YAML text with an ExternalSecret and a namespaced SecretStore on IRSA",
            program: () => configGroupYaml("eso", [
                "apiVersion: external-secrets.io/v1\nkind: SecretStore\nmetadata:\n  name: platform-secrets\n  namespace: mlflow\nspec:\n  provider:\n    aws:\n      service: ParameterStore\n      region: eu-west-1\n      auth:\n        jwt:\n          serviceAccountRef:\n            name: eso-mlflow",
                "apiVersion: external-secrets.io/v1\nkind: ExternalSecret\nmetadata:\n  name: mlflow-db\n  namespace: mlflow\nspec:\n  secretStoreRef:\n    name: platform-secrets\n    kind: SecretStore\n  target:\n    name: mlflow-db-credentials\n    template:\n      data:\n        uri: postgresql://{{ .username }}:{{ .password }}@mlflow-db.internal:5432/mlflow\n  data:\n    - secretKey: password\n      remoteRef:\n        key: /mlops-platform-dev/mlflow/db-password",
            ].join("\n---\n")),
            expect: [],
        },
        {
            title: "good: YAML text that does not parse, and a ConfigFile from a URL (left to the provider)",
            program: () => {
                configGroupYaml("broken", "apiVersion: v1\nkind: [unclosed\n");
                new k8s.yaml.v2.ConfigFile("remote", { file: "https://raw.githubusercontent.com/external-secrets/external-secrets/main/deploy/crds/bundle.yaml" });
            },
            expect: [],
        },
    ],
};
