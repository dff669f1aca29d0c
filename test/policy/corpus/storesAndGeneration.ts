import * as pulumi from "@pulumi/pulumi";
import * as ssm from "@pulumi/aws/ssm";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import * as random from "@pulumi/random";
import { PlatformSecret, CloudProvider } from "../../../components";
import { platformSecrets } from "../../../programs/platform";
import { readStackConfig } from "../../../scripts/plan";
import { CorpusClass, violations } from "./corpusCase";
import { FAKE, P, T } from "./_programs";

/** A component outside this package that claims the managed-secret contract. */
class ThirdPartySecret extends pulumi.ComponentResource {
    constructor(name: string, outputs: Record<string, unknown>) {
        super("acme:secrets:ThirdPartySecret", name, {});
        this.registerOutputs({ managedSecret: true, ...outputs });
    }
}

const awsStack = (overrides: Record<string, string>) => ({
    project: "mlops-platform",
    stack: "dev-aws",
    config: { ...readStackConfig("dev-aws"), ...overrides },
});
const parameter = (name: string, type: string, value: string) => new ssm.Parameter(name.replace(/\W+/g, "-"), { name, type, value });

export const storesAndGeneration: CorpusClass = {
    title: "Stores and generation",
    description:
        "Secret values stored where AWS shows them in plain text, generated with a type made for non-secrets or too short, " +
        "or never rotated.",
    cases: [
        {
            title: "bad: a generated password in a String parameter",
            program: () => {
                const password = new random.RandomPassword("db", { length: 32 });
                new ssm.Parameter("db-password", { name: "/mlops-platform-dev/mlflow/db-password", type: "String", value: password.result });
            },
            expect: violations(P.ssm, T.parameter),
        },
        {
            title: "bad: an API key in insecureValue",
            program: () => new ssm.Parameter("api-key", { name: "/mlops-platform-dev/grafana/api-key", type: "String", insecureValue: "glsa_s3cr3t" }),
            expect: violations(P.ssm, T.parameter),
        },
        {
            title: "bad: a String parameter named …/db_pass",
            program: () => parameter("/mlops-platform-dev/mlflow/db_pass", "String", "s3cr3t-pw"),
            expect: violations(P.ssm, T.parameter),
        },
        {
            title: "bad: a String parameter named …/password/current",
            program: () => parameter("/mlops-platform-dev/minio/password/current", "String", "s3cr3t-pw"),
            expect: violations(P.ssm, T.parameter),
        },
        {
            title: "bad: a StringList parameter of tokens",
            program: () => parameter("/mlops-platform-dev/ci/runner-tokens-list/token", "StringList", "a-s3cr3t,b-s3cr3t"),
            expect: violations(P.ssm, T.parameter),
        },
        {
            title: "bad: a String parameter with a neutral name holding a private key",
            program: () => parameter("/mlops-platform-dev/minio/tls", "String", FAKE.pem),
            expect: violations(P.ssm, T.parameter),
        },
        {
            title: "bad: a RandomString used as a password (named like one)",
            program: () => new random.RandomString("db-password", { length: 32, special: false }),
            expect: violations(P.randomString, T.randomString),
        },
        {
            title: "bad: a RandomString feeding a SecureString parameter's value",
            program: () => {
                const value = new random.RandomString("grafana-admin", { length: 32 });
                new ssm.Parameter("grafana-admin", { name: "/mlops-platform-dev/grafana/admin", type: "SecureString", value: value.result });
            },
            expect: violations(P.randomString, T.randomString),
        },
        {
            title: "bad: a RandomString feeding a Secrets Manager secret version",
            program: () => {
                const value = new random.RandomString("minio", { length: 40 });
                new secretsmanager.SecretVersion("minio-root", { secretId: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:minio-root", secretString: value.result });
            },
            expect: violations(P.randomString, T.randomString),
        },
        {
            title: "bad: a 12-character generated password",
            program: () => new random.RandomPassword("short", { length: 12 }),
            expect: violations(P.length, T.randomPassword),
        },
        {
            title: "bad: a third-party managed secret rotating every 400 days",
            program: () => new ThirdPartySecret("legacy", { rotationDays: 400 }),
            expect: violations(P.rotation, "acme:secrets:ThirdPartySecret"),
        },
        {
            title: "bad: a managed secret component without a rotation period",
            program: () => new ThirdPartySecret("unrotated", {}),
            expect: violations(P.rotation, "acme:secrets:ThirdPartySecret"),
        },
        {
            title: "bad: the platform's four secrets rotating every 200 days against a pack tightened to 90",
            program: platformSecrets,
            run: awsStack({ "mlops-platform:rotationDays": "200" }),
            config: { [P.rotation]: { maxRotationDays: 90 } },
            expect: violations(P.rotation, "secrets:index:PlatformSecret", 4),
        },
        {
            title: "good: SecureString for the password, String for settings that only mention one",
            program: () => {
                const password = new random.RandomPassword("db", { length: 32 });
                new ssm.Parameter("db-password", { name: "/mlops-platform-dev/mlflow/db-password", type: "SecureString", value: password.result });
                parameter("/mlops-platform-dev/mlflow/log-level", "String", "info");
                parameter("/mlops-platform-dev/password-policy", "String", "32 characters, rotated every 90 days");
            },
            expect: [],
        },
        {
            title: "good: a String parameter /mlops/llm/max-tokens and a secret-store folder name",
            program: () => {
                parameter("/mlops/llm/max-tokens", "String", "4096");
                parameter("/mlops/llm/token-budget-per-day", "String", "2000000");
                parameter("/platform/secrets-manager/region", "String", "eu-west-1");
            },
            expect: [],
        },
        {
            title: "good: RandomStrings for names and suffixes, RandomPassword for the password",
            program: () => {
                const suffix = new random.RandomString("bucket-suffix", { length: 6, special: false, upper: false });
                new ssm.Parameter("bucket", { name: "/mlops-platform-dev/mlflow/bucket", type: "String", value: suffix.result });
                new random.RandomPassword("db", { length: 32 });
            },
            expect: [],
        },
        {
            title: "good: a PlatformSecret with passwordLength 20 (the component accepts it, so must the pack)",
            program: () => new PlatformSecret("jupyterhub-cookie", { cloud: CloudProvider.Aws, namespace: "jupyterhub", app: "jupyterhub", valueName: "cookie-secret", passwordLength: 20 }),
            expect: [],
        },
        {
            title: "good: the platform's four secrets rotating yearly (the components' limit, the pack's default)",
            program: platformSecrets,
            run: awsStack({ "mlops-platform:rotationDays": "365" }),
            expect: [],
        },
        {
            title: "good: 16 characters, and 12 when the config lowers the minimum",
            program: () => {
                new random.RandomPassword("floor", { length: 16 });
                new random.RandomPassword("short", { length: 12 });
            },
            config: { [P.length]: { minLength: 12 } },
            expect: [],
        },
    ],
};
