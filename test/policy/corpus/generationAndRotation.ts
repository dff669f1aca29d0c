import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { platformSecrets } from "../../../programs/platform";
import { readStackConfig } from "../../../scripts/plan";
import { CorpusCase, violations } from "./corpusCase";

const LENGTH = "random-password-min-length";
const ROTATION = "secret-rotation-configured";

/** A component outside this package that claims the managed-secret contract but registers no rotation period. */
class UnrotatedSecret extends pulumi.ComponentResource {
    constructor(name: string) {
        super("secrets:index:UnrotatedSecret", name, {});
        this.registerOutputs({ managedSecret: true });
    }
}

const awsStack = (overrides: Record<string, string>) => ({
    project: "mlops-platform",
    stack: "dev-aws",
    config: { ...readStackConfig("dev-aws"), ...overrides },
});

export const generationAndRotationCases: CorpusCase[] = [
    {
        title: "bad: a 16-character generated password",
        program: () => new random.RandomPassword("short", { length: 16 }),
        expect: violations(LENGTH, "random:index/randomPassword:RandomPassword"),
    },
    {
        title: "good: 32 characters, and 16 when the config lowers the minimum to 12",
        program: () => {
            new random.RandomPassword("long", { length: 32 });
            new random.RandomPassword("short", { length: 16 });
        },
        config: { [LENGTH]: { minLength: 12 } },
        expect: [],
    },
    {
        title: "bad: the platform's four secrets rotating yearly (rotationDays: 365 in stack config)",
        program: platformSecrets,
        run: awsStack({ "mlops-platform:rotationDays": "365" }),
        expect: violations(ROTATION, "secrets:index:PlatformSecret", 4),
    },
    {
        title: "bad: a managed secret component without a rotation period",
        program: () => new UnrotatedSecret("legacy"),
        expect: violations(ROTATION, "secrets:index:UnrotatedSecret"),
    },
    {
        title: "good: yearly rotation when the config raises the maximum to 400 days",
        program: platformSecrets,
        run: awsStack({ "mlops-platform:rotationDays": "365" }),
        config: { [ROTATION]: { maxRotationDays: 400 } },
        expect: [],
    },
];
