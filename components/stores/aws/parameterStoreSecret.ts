import * as pulumi from "@pulumi/pulumi";
import * as ssm from "@pulumi/aws/ssm";
import { AwsStoreArgs, parameterName, ValueName } from "../cloudStoreArgs";
import { CloudProvider, StoredSecret } from "../storedSecret";
import { CLOUD_LABELS } from "../../sync/labels";

/**
 * Keeps a value in an SSM SecureString parameter at `<prefix>/<app>/<name>`. A new value updates the parameter in place,
 * which writes a new parameter version; older versions stay readable for rollback (`remoteRef.version`).
 */
export function storeInParameterStore(
    name: string, value: pulumi.Input<string>, args: AwsStoreArgs, valueName: ValueName, opts: pulumi.CustomResourceOptions,
): StoredSecret {
    const parameter = new ssm.Parameter(name, {
        name: parameterName(args, valueName),
        type: "SecureString",
        tier: "Standard",
        value: pulumi.secret(value),
        keyId: args.kmsKeyArn,
        ...(args.region === undefined ? {} : { region: args.region }),
        description: `Managed by @mlops-platform/secrets: ${valueName.app} ${valueName.name}`,
        tags: { ...CLOUD_LABELS },
    }, opts);
    return {
        cloud: CloudProvider.Aws,
        remoteKey: parameter.name,
        grantScope: parameter.arn,
        location: pulumi.interpolate`ssm:${parameter.name}`,
        writtenBy: [parameter],
        kmsKeyArn: args.kmsKeyArn === undefined ? undefined : pulumi.output(args.kmsKeyArn),
        region: parameter.arn.apply((arn) => arn.split(":")[3]),
    };
}
