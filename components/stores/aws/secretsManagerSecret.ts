import * as pulumi from "@pulumi/pulumi";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import { getSessionContextOutput } from "@pulumi/aws/iam/getSessionContext";
import { Secret, SecretPolicy, SecretVersion } from "@pulumi/aws/secretsmanager";
import { AwsStoreArgs, secretsManagerSecretName, ValueName } from "../cloudStoreArgs";
import { AwsSecretService, CloudProvider, SecretAccessLevel, SecretResourcePolicy, StoredSecret } from "../storedSecret";
import { CLOUD_LABELS } from "../../sync/labels";
import { SecretsInputError } from "../../validation/inputError";
import { secretResourcePolicy } from "./secretResourcePolicy";

/**
 * Keeps a value in an AWS Secrets Manager secret `<secretNamePrefix>/<app>/<name>`:
 *
 * - the `Secret` (optionally encrypted with a customer-managed KMS key; deleted after `recoveryWindowInDays`);
 * - one `SecretVersion` holding the value. The value is immutable on a version, so a new value replaces the version
 *   resource: the new one is created first (PutSecretValue without stages moves `AWSCURRENT` to it and `AWSPREVIOUS` to
 *   the old one), then the old resource is deleted, which cannot take `AWSCURRENT` away and leaves `AWSPREVIOUS` in place
 *   (hashicorp/terraform-provider-aws `internal/service/secretsmanager/secret_version.go`): ESO reads `AWSCURRENT`, a
 *   rollback `AWSPREVIOUS` or `uuid/<VersionId>`;
 * - a `SecretPolicy` that denies every principal but the readers and the managers (see `secretResourcePolicy`).
 *   Readers are added by the grants (`allow`) while the program declares them; the document is written once the
 *   program's current turn has run, and a later `allow` fails loudly instead of leaving a reader denied.
 *
 * `versionOptions` adds options to the version only (e.g. `ignoreChanges: ["secretString"]` once AWS's own rotation
 * writes the versions).
 *
 * The value is kept in `secretString`, wrapped as a secret (encrypted in the Pulumi state, as for every store). The
 * write-only `secretStringWo` would keep it out of the state, but its `secretStringWoVersion` counter would have to
 * change with every value, and a value can change without a rotation (the MLflow document's host or port).
 */
export function storeInSecretsManager(
    name: string, value: pulumi.Input<string>, args: AwsStoreArgs, valueName: ValueName, opts: pulumi.CustomResourceOptions,
    versionOptions: pulumi.CustomResourceOptions = {},
): StoredSecret {
    const secretName = secretsManagerSecretName(args, valueName);
    const region = args.region === undefined ? {} : { region: args.region };
    const secret = new Secret(name, {
        name: secretName,
        description: `Managed by @mlops-platform/secrets: ${valueName.app} ${valueName.name}`,
        kmsKeyId: args.kmsKeyArn,
        recoveryWindowInDays: args.recoveryWindowInDays ?? 30,
        tags: { ...CLOUD_LABELS },
        ...region,
    }, opts);
    const version = new SecretVersion(name, {
        secretId: secret.arn,
        secretString: pulumi.secret(value),
        ...region,
    }, { ...opts, ...versionOptions });

    const principals = new PolicyPrincipals(secretName);
    // The identity running `pulumi up`, as the role behind its session (what aws:PrincipalArn holds), and the root user.
    const caller = getCallerIdentityOutput({}, { parent: opts.parent });
    const deployer = getSessionContextOutput({ arn: caller.arn }, { parent: opts.parent }).issuerArn;
    const rootUser = caller.arn.apply((arn) => `arn:${arn.split(":")[1]}:iam::${arn.split(":")[4]}:root`);
    for (const admin of [deployer, rootUser, ...(args.adminPrincipalArns ?? [])]) {
        principals.allow(admin, SecretAccessLevel.Manage);
    }
    const policy = new SecretPolicy(name, {
        secretArn: secret.arn,
        policy: principals.sealed().apply((p) => JSON.stringify(secretResourcePolicy(p))),
        // Secrets Manager refuses a policy that would give access to principals outside the account.
        blockPublicPolicy: true,
        ...region,
    }, opts);

    return {
        cloud: CloudProvider.Aws,
        awsService: AwsSecretService.SecretsManager,
        // The full ARN: unambiguous for ESO's GetSecretValue, and the very resource the grants name.
        remoteKey: secret.arn,
        grantScope: secret.arn,
        location: pulumi.output(`secretsmanager:${secretName}`),
        writtenBy: [secret, version, policy],
        kmsKeyArn: args.kmsKeyArn === undefined ? undefined : pulumi.output(args.kmsKeyArn),
        region: secret.arn.apply((arn) => arn.split(":")[3]),
        resourcePolicy: principals,
    };
}

/** The principals of one secret's resource policy, collected during the program's current turn. */
class PolicyPrincipals implements SecretResourcePolicy {
    private readonly entries: Array<{ arn: pulumi.Input<string>; level: SecretAccessLevel }> = [];
    private isSealed = false;
    private readonly whenSealed: Promise<boolean>;

    constructor(private readonly secretName: string) {
        // Grants of this secret are declared right after it, in the same synchronous turn of the program (its
        // ExternalSecrets, syncToCluster, grantAwsRead); the next macrotask runs after all of them.
        this.whenSealed = new Promise((resolve) => setImmediate(() => {
            this.isSealed = true;
            resolve(true);
        }));
    }

    allow(principalArn: pulumi.Input<string>, level: SecretAccessLevel): void {
        if (this.isSealed) {
            throw new SecretsInputError("resourcePolicy.allow", `${this.secretName}`,
                "The secret's resource policy was already written. Grant Secrets Manager secrets (grantRead, grantAwsRead, " +
                    "syncToCluster) in the same turn of the program that creates them, before its first `await`.");
        }
        if (!Object.values(SecretAccessLevel).includes(level)) {
            throw new SecretsInputError("resourcePolicy.allow level", level, `Use one of: ${Object.values(SecretAccessLevel).join(", ")}.`);
        }
        this.entries.push({ arn: principalArn, level });
    }

    /** The principals once the program's current turn has run, ARNs resolved. */
    sealed(): pulumi.Output<{ readers: string[]; managers: string[] }> {
        return pulumi.output(this.whenSealed).apply(() =>
            pulumi.all(this.entries.map((e) => pulumi.output(e.arn))).apply((arns) => ({
                readers: arns.filter((_, i) => this.entries[i].level === SecretAccessLevel.Read),
                managers: arns.filter((_, i) => this.entries[i].level === SecretAccessLevel.Manage),
            })));
    }
}
