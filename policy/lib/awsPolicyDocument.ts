/** An IAM policy statement as written in a policy document. */
interface Statement {
    readonly Sid?: string;
    readonly Effect?: string;
    readonly Action?: string | string[];
    readonly NotAction?: string | string[];
    readonly Resource?: string | string[];
    readonly NotResource?: string | string[];
}

/** The API calls that return a secret's value (or decrypt one). */
const SECRET_READ_ACTIONS = [
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParametersByPath",
    "ssm:GetParameterHistory",
    "secretsmanager:GetSecretValue",
    "secretsmanager:BatchGetSecretValue",
    "kms:Decrypt",
];

/**
 * AWS managed policies that grant those reads on every resource. Attaching one is the same as writing
 * `"Resource": "*"` yourself.
 */
const BROAD_MANAGED_POLICIES = [
    "AdministratorAccess",
    "PowerUserAccess",
    "AmazonSSMFullAccess",
    "AmazonSSMReadOnlyAccess",
    "SecretsManagerReadWrite",
];

function list(value: string | string[] | undefined): string[] {
    if (value === undefined) {
        return [];
    }
    return Array.isArray(value) ? [...value] : [value];
}

/** IAM action patterns use `*` and `?` and are case-insensitive. */
function actionMatches(pattern: string, action: string): boolean {
    const regex = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${regex}$`, "i").test(action);
}

/**
 * A resource that names every parameter, secret or key: `*`, or an ARN whose resource part is only a wildcard
 * (`arn:aws:ssm:*:*:parameter/*`, `arn:aws:secretsmanager:us-east-1:123456789012:secret:*`, `arn:aws:kms:*:*:key/*`).
 * A path prefix such as `parameter/mlops-platform-dev/*` is scoped and passes.
 */
function isWildcardResource(resource: string): boolean {
    if (resource === "*") {
        return true;
    }
    const parts = resource.split(":");
    return parts[0] === "arn" && /^(\*|parameter\/?\*|secret:?\*|key\/\*)$/.test(parts.slice(5).join(":"));
}

function statementsOf(document: unknown): Statement[] {
    let parsed: any = document;
    if (typeof document === "string") {
        try {
            parsed = JSON.parse(document);
        } catch {
            return [];
        }
    }
    const statements = parsed?.Statement;
    if (Array.isArray(statements)) {
        return statements;
    }
    return statements && typeof statements === "object" ? [statements] : [];
}

/**
 * Describes every statement of an IAM policy document (a JSON string or an object) that allows reading secret
 * values on a wildcard resource, e.g. `statement "ReadAll" allows ssm:GetParameter, kms:Decrypt on "*"`.
 */
export function wildcardSecretReads(document: unknown): string[] {
    const findings: string[] = [];
    statementsOf(document).forEach((statement, index) => {
        if (statement?.Effect !== "Allow") {
            return;
        }
        const actions = list(statement.Action);
        const notActions = list(statement.NotAction);
        const reads = statement.NotAction !== undefined
            ? SECRET_READ_ACTIONS.filter((a) => !notActions.some((p) => actionMatches(p, a)))
            : SECRET_READ_ACTIONS.filter((a) => actions.some((p) => actionMatches(p, a)));
        const wildcard = statement.NotResource !== undefined
            ? "every resource but the NotResource list"
            : list(statement.Resource).filter(isWildcardResource).map((r) => `"${r}"`).join(", ");
        if (reads.length > 0 && wildcard !== "") {
            const label = statement.Sid ? `statement "${statement.Sid}"` : `statement ${index}`;
            findings.push(`${label} allows ${reads.join(", ")} on ${wildcard}`);
        }
    });
    return findings;
}

/** Whether a managed policy ARN is one of AWS's policies that read every secret. */
export function isBroadManagedPolicy(policyArn: unknown): boolean {
    return typeof policyArn === "string" &&
        BROAD_MANAGED_POLICIES.some((name) => new RegExp(`^arn:[^:]+:iam::aws:policy/${name}$`).test(policyArn));
}
