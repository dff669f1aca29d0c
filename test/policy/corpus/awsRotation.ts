import * as pulumi from "@pulumi/pulumi";
import * as rds from "@pulumi/aws/rds";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import * as k8s from "@pulumi/kubernetes";
import { AwsSecretService, CloudProvider, MlflowDbSecret } from "../../../components";
import { AwsSecretRotation } from "../../../components/aws";
import { CorpusClass, violations } from "./corpusCase";

const POLICY = "secrets-manager-rotation-configured";
const SECRET = "aws:secretsmanager/secret:Secret";
const MASTER = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0123abcd-AbCdEf";
const LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:mlflow-db-rotation";
const network = { vpcSubnetIds: ["subnet-0123456789abcdef0"], vpcSecurityGroupIds: ["sg-0123456789abcdef0"] };

/** A component outside this package that claims the managed-secret contract (outputs managedSecret: true). */
class ManagedLookingSecret extends pulumi.ComponentResource {
    constructor(name: string) {
        super("acme:secrets:ManagedSecret", name, {});
        new secretsmanager.Secret(name, { name: `/mlops-platform-dev/${name}` }, { parent: this });
        this.registerOutputs({ managedSecret: true, rotationDays: 90 });
    }
}

const secret = (name: string) => new secretsmanager.Secret(name, { name: `/mlops-platform-dev/${name}` });
const rotation = (name: string, secretId: pulumi.Input<string>, rotationRules: secretsmanager.SecretRotationArgs["rotationRules"]) =>
    new secretsmanager.SecretRotation(name, { secretId, rotationLambdaArn: LAMBDA, rotationRules });

export const awsRotation: CorpusClass = {
    title: "Secrets Manager rotation",
    description:
        "A Secrets Manager secret that nothing rotates: no SecretRotation, one on another secret, one with a period beyond the limit, " +
        "or only `pulumi up` where the stack requires Secrets Manager's own rotation.",
    cases: [
        {
            title: "bad: a secret with a value and no rotation",
            program: () => {
                const s = secret("mlflow-db");
                new secretsmanager.SecretVersion("mlflow-db", { secretId: s.id, secretString: pulumi.secret("{\"username\":\"mlflow\"}") });
            },
            expect: violations(POLICY, SECRET),
        },
        {
            title: "bad: the rotation is on another secret",
            program: () => {
                secret("mlflow-db");
                rotation("other", secret("other").arn, { automaticallyAfterDays: 30 });
            },
            expect: violations(POLICY, SECRET),
        },
        {
            title: "bad: two secrets, one rotation",
            program: () => {
                const a = secret("minio-root");
                secret("grafana-admin");
                rotation("minio-root", a.arn, { scheduleExpression: "rate(30 days)" });
            },
            expect: violations(POLICY, SECRET),
        },
        {
            title: "bad: rotation every 400 days (automaticallyAfterDays)",
            program: () => rotation("db", secret("db").arn, { automaticallyAfterDays: 400 }),
            expect: violations(POLICY, SECRET),
        },
        {
            title: "bad: rotation every 500 days (rate expression)",
            program: () => rotation("db", secret("db").arn, { scheduleExpression: "rate(500 days)" }),
            expect: violations(POLICY, SECRET),
        },
        {
            title: "bad: a rotation turned off (rotationEnabled: false)",
            program: () => new secretsmanager.SecretRotation("db", { secretId: secret("db").arn, rotationLambdaArn: LAMBDA, rotationEnabled: false, rotationRules: { automaticallyAfterDays: 30 } }),
            expect: violations(POLICY, SECRET),
        },
        {
            title: "bad: 90 days where the stack allows 30 (maxRotationDays)",
            program: () => rotation("db", secret("db").arn, { automaticallyAfterDays: 90 }),
            config: { [POLICY]: { maxRotationDays: 30 } },
            expect: violations(POLICY, SECRET),
        },
        {
            title: "bad: only `pulumi up` rotates it where the stack requires Secrets Manager's own rotation (require: aws)",
            program: () => new ManagedLookingSecret("mlflow-db"),
            config: { [POLICY]: { require: "aws" } },
            expect: violations(POLICY, SECRET),
        },
        {
            title: "bad: the secret's name is allowed, but a different secret is declared",
            program: () => secret("mlflow-db-2"),
            config: { [POLICY]: { allowedSecretNames: ["mlflow-db"] } },
            expect: violations(POLICY, SECRET),
        },
        {
            title: "ok: a secret rotated every 30 days by Secrets Manager",
            program: () => rotation("db", secret("db").arn, { automaticallyAfterDays: 30 }),
            expect: [],
        },
        {
            title: "ok: a rotation naming the secret by id, every 12 hours",
            program: () => rotation("db", secret("db").id, { scheduleExpression: "rate(12 hours)", duration: "2h" }),
            expect: [],
        },
        {
            title: "ok: a cron schedule (its period is not judged)",
            program: () => rotation("db", secret("db").arn, { scheduleExpression: "cron(0 4 ? * SUN *)" }),
            expect: [],
        },
        {
            title: "ok: the package's AwsSecretRotation on the secret",
            program: () => new AwsSecretRotation("mlflow-db", { secretArn: secret("mlflow-db").arn, masterSecretArn: MASTER, rotationDays: 30, ...network }),
            expect: [],
        },
        {
            title: "ok: MlflowDbSecret with awsManagedRotation (Secrets Manager store, resource policy naming the function's role, IRSA reader)",
            program: () => new MlflowDbSecret("mlflow-db", {
                cloud: CloudProvider.Aws,
                aws: { service: AwsSecretService.SecretsManager, region: "us-east-1" },
                cluster: {
                    clusterName: "mlops-dev",
                    aws: {
                        region: "us-east-1",
                        oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
                        oidcIssuerUrl: "https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF",
                    },
                },
                rotationDays: 30,
                awsManagedRotation: { host: "mlflow.abc123.us-east-1.rds.amazonaws.com", masterSecretArn: MASTER, ...network },
            }, { provider: new k8s.Provider("cluster", { kubeconfig: "kubeconfig" }) }),
            expect: [],
        },
        {
            title: "bad: the same MlflowDbSecret where the pack allows 7 days",
            program: () => new MlflowDbSecret("mlflow-db", {
                cloud: CloudProvider.Aws,
                aws: { service: AwsSecretService.SecretsManager, region: "us-east-1" },
                rotationDays: 30,
                awsManagedRotation: { host: "mlflow.abc123.us-east-1.rds.amazonaws.com", masterSecretArn: MASTER, ...network },
            }),
            config: { [POLICY]: { maxRotationDays: 7 }, "secret-rotation-configured": { maxRotationDays: 30 } },
            expect: violations(POLICY, SECRET),
        },
        {
            title: "ok: a secret inside a managed secret component (rotated by `pulumi up`)",
            program: () => new ManagedLookingSecret("mlflow-db"),
            expect: [],
        },
        {
            title: "ok: RDS-managed master password (RDS creates and rotates its secret; no Secret resource)",
            program: () => new rds.Instance("mlflow", {
                engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "postgres", manageMasterUserPassword: true,
            }),
            expect: [],
        },
        {
            title: "ok: an allowed secret (by resource name)",
            program: () => secret("bootstrap-token"),
            config: { [POLICY]: { allowedSecretNames: ["bootstrap-token"] } },
            expect: [],
        },
        {
            title: "ok: the check turned off (require: none)",
            program: () => secret("db"),
            config: { [POLICY]: { require: "none" } },
            expect: [],
        },
    ],
};
