import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { DEFAULT_MAX_ROTATION_DAYS, MANAGED_SECRET_OUTPUT } from "./secretRotationConfigured";

/** Which rotations count for a Secrets Manager secret. */
export type SecretsManagerRotationRequirement = "any" | "aws" | "none";

export interface SecretsManagerRotationConfiguredConfig {
    readonly require?: SecretsManagerRotationRequirement;
    readonly maxRotationDays?: number;
    readonly allowedSecretNames?: string[];
}

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";

/** The days of a rotation schedule: `automaticallyAfterDays`, or `rate(<n> days|hours)`; undefined for cron() and unknowns. */
function rotationDays(rules: { automaticallyAfterDays?: unknown; scheduleExpression?: unknown } | undefined): number | undefined {
    if (typeof rules?.automaticallyAfterDays === "number") {
        return rules.automaticallyAfterDays;
    }
    const rate = typeof rules?.scheduleExpression === "string" ? /^rate\(\s*(\d+)\s+(day|days|hour|hours)\s*\)$/.exec(rules.scheduleExpression.trim()) : null;
    return rate ? Number(rate[1]) / (rate[2].startsWith("hour") ? 24 : 1) : undefined;
}

/** A rotation on this secret: by the URN its `secretId` came from, or by the ARN, id or name it carries. */
function rotates(rotation: PolicyResource, secret: PolicyResource): boolean {
    if ((rotation.propertyDependencies?.secretId ?? []).some((d) => d.urn === secret.urn)) {
        return true;
    }
    const secretId = rotation.props.secretId;
    return typeof secretId === "string" && [secret.props.arn, secret.props.id, secret.props.name].includes(secretId);
}

/** The package's managed-secret component (output managedSecret: true) this resource was declared under, if any. */
function managedBy(resource: PolicyResource): PolicyResource | undefined {
    for (let parent = resource.parent; parent; parent = parent.parent) {
        if (parent.props[MANAGED_SECRET_OUTPUT] === true) {
            return parent;
        }
    }
    return undefined;
}

export const secretsManagerRotationConfigured: StackValidationPolicy = {
    name: "secrets-manager-rotation-configured",
    description:
        "Every AWS Secrets Manager secret must rotate: Secrets Manager's own rotation (an aws.secretsmanager.SecretRotation on it, " +
        "e.g. the package's AwsSecretRotation or MlflowDbSecret's awsManagedRotation) with a period within maxRotationDays, or, " +
        "unless require is \"aws\", a managed secret of this package that `pulumi up` rotates. List exceptions in allowedSecretNames.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            require: {
                type: "string",
                enum: ["any", "aws", "none"],
                default: "any",
                description: "\"any\": Secrets Manager's rotation or the package's; \"aws\": only Secrets Manager's own rotation; \"none\": no check.",
            },
            maxRotationDays: { type: "integer", minimum: 1, default: DEFAULT_MAX_ROTATION_DAYS, description: "Longest rotation period accepted, in days." },
            allowedSecretNames: { type: "array", items: { type: "string" }, default: [], description: "Pulumi resource names or secret names that need no rotation." },
        },
    },
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<SecretsManagerRotationConfiguredConfig>();
        const require = config.require ?? "any";
        const maxDays = config.maxRotationDays ?? DEFAULT_MAX_ROTATION_DAYS;
        const allowed = new Set(config.allowedSecretNames ?? []);
        const secrets = args.resources.filter((r) => r.type === SECRET);
        if (require === "none" || secrets.length === 0) {
            args.notApplicable(require === "none" ? "Turned off (require: none)" : "No Secrets Manager secrets in this stack");
        }
        const rotations = args.resources.filter((r) => r.type === ROTATION && r.props.rotationEnabled !== false);
        for (const secret of secrets) {
            if (allowed.has(secret.name) || (typeof secret.props.name === "string" && allowed.has(secret.props.name))) {
                continue;
            }
            const own = rotations.filter((r) => rotates(r, secret));
            if (own.length > 0) {
                for (const rotation of own) {
                    const days = rotationDays(rotation.props.rotationRules);
                    if (days !== undefined && days > maxDays) {
                        reportViolation(`rotates every ${days} days (its SecretRotation "${rotation.name}"); rotate at least every ${maxDays} days.`, secret.urn);
                    }
                }
                continue;
            }
            const component = managedBy(secret);
            if (component && require === "any") {
                continue;
            }
            reportViolation(component
                ? `is rotated only by \`pulumi up\` (managed by "${component.name}"), but this stack requires Secrets Manager's own rotation: ` +
                  "add awsManagedRotation (MlflowDbSecret) or an aws.secretsmanager.SecretRotation (AwsSecretRotation)."
                : "has no rotation: add an aws.secretsmanager.SecretRotation on it (AwsSecretRotation for RDS/Aurora PostgreSQL), keep it " +
                  "through a managed secret of this package, or list it in allowedSecretNames.", secret.urn);
        }
    },
};
