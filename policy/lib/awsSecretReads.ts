import {
    arnMatches,
    AwsPrincipal,
    AwsRequestContext,
    awsResourceArnFormats,
    explainAwsRequest,
    PolicyDocumentInput,
    PolicyStatement,
    StatementRef,
    statementsOf,
} from "./iam/aws";
import { actionMatches, arnParts, hasWildcard } from "./iam/aws/patterns";
import { asList } from "./iam/aws/policyDocument";

/**
 * "Can this policy read more secrets than it names?", decided by evaluating the documents (policy/lib/iam/aws) on
 * witness requests: for every action that returns a secret value, resources the statements match but do not name
 * (a wildcard filled with a name nobody wrote, any resource a NotResource leaves, any resource of the type in another
 * region or account). A witness that the whole policy set — Deny statements, NotResource and conditions included —
 * allows is a finding. Condition keys the caller controls are adversarial (an Allow on them may apply, a Deny may
 * not); keys that describe the resource (tags, KMS encryption context, secret id) get a value the policy did not name.
 */

/** The API calls that return a secret's value, or decrypt one (kms:ReEncryptFrom re-encrypts it under a key the caller owns). */
export const SECRET_READ_ACTIONS = [
    "ssm:GetParameter",
    "ssm:GetParameters",
    "ssm:GetParameterHistory",
    "ssm:GetParametersByPath",
    "secretsmanager:GetSecretValue",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
] as const;

/**
 * Authorized against the requested path and returning everything below it, even parameters a Deny names (SSM User
 * Guide, "How Parameter Store authorizes parameter retrieval"): allowed on any resource, it reads a subtree.
 */
const SUBTREE_ACTIONS = new Set<string>(["ssm:GetParametersByPath"]);

/** A name no policy writes, for the resources and principals the policy did not name. */
const UNNAMED = "zz-unnamed";
const OTHER_ACCOUNT = "000000000000";
const OTHER_REGION = "zz-region-1";

/** Condition keys that describe the resource (not the caller): the witness has values the policy did not name. */
const RESOURCE_KEYS = /^(aws:ResourceTag\/|[a-z0-9-]+:resourceTag\/|kms:EncryptionContext:|kms:EncryptionContextKeys$|kms:ResourceAliases$|secretsmanager:SecretId$)/i;

/** Condition keys that describe the caller, for probes by a principal of another account. */
export const OUTSIDER: { readonly principal: AwsPrincipal; readonly context: AwsRequestContext } = {
    principal: { type: "AWS", id: `arn:aws:iam::${OTHER_ACCOUNT}:role/${UNNAMED}` },
    context: {
        "aws:PrincipalAccount": OTHER_ACCOUNT,
        "kms:CallerAccount": OTHER_ACCOUNT,
        "aws:PrincipalArn": `arn:aws:iam::${OTHER_ACCOUNT}:role/${UNNAMED}`,
        "aws:PrincipalOrgID": `o-${UNNAMED}`,
        "aws:PrincipalOrgPaths": [`o-${UNNAMED}/r-zz/ou-zz/`],
        "aws:PrincipalIsAWSService": "false",
        "aws:SourceAccount": OTHER_ACCOUNT,
        "aws:SourceOrgID": `o-${UNNAMED}`,
        "aws:userid": `AROAZZ:${UNNAMED}`,
    },
};

/**
 * Values for the resource-describing keys the documents test: a value the policy did not name, or, where the policy
 * writes a pattern for the key (`StringLike "secretsmanager:SecretId": "…:secret:mlops/*"`), a resource the pattern
 * matches without naming it — the pattern reaches every such resource.
 */
export function resourceWitnessContext(documents: readonly PolicyDocumentInput[]): Record<string, string | string[]> {
    const context: Record<string, string | string[]> = {};
    for (const statement of documents.flatMap((d) => statementsOf(d))) {
        for (const keys of Object.values(statement.Condition ?? {})) {
            for (const [key, values] of Object.entries(keys ?? {})) {
                if (!RESOURCE_KEYS.test(key)) {
                    continue;
                }
                const pattern = asList(values as string | string[]).map(String).find((v) => hasWildcard(v));
                const witness = pattern === undefined ? UNNAMED : pattern.replace(/\*/g, UNNAMED).replace(/\?/g, "z");
                context[key] = /Keys$|Aliases$/i.test(key) ? [witness] : witness;
            }
        }
    }
    return context;
}

/**
 * A Secrets Manager ARN ends in `-` and six random characters; `secret:<name>-??????` is how AWS documents naming one
 * secret without its suffix (Secrets Manager User Guide, "Resource: secret ARN"), so those six `?` name nothing more.
 */
function namePart(pattern: string): string {
    return /:secretsmanager:/.test(pattern) ? pattern.replace(/-\?{6}$/, "") : pattern;
}

/** Resources of the action's type that `pattern` matches without naming them. */
function witnesses(action: string, pattern: string): string[] {
    const formats = awsResourceArnFormats(action);
    const found = new Set<string>();
    const parts = arnParts(pattern);
    for (const format of formats) {
        const fill = (partition: string, region: string, account: string) =>
            format.template
                .replace("${Partition}", partition)
                .replace("${Region}", region)
                .replace("${Account}", account)
                .replace(/\$\{[^}]+\}/g, UNNAMED);
        const literal = (value: string | undefined, fallback: string) => (value !== undefined && value !== "" && !hasWildcard(value) ? value : fallback);
        const candidates = [
            fill("aws", OTHER_REGION, OTHER_ACCOUNT),
            fill(literal(parts?.[1], "aws"), literal(parts?.[3], OTHER_REGION), literal(parts?.[4], OTHER_ACCOUNT)),
        ];
        if (hasWildcard(namePart(pattern))) {
            candidates.push(pattern.replace(/\*/g, UNNAMED).replace(/\?/g, "z"));
        }
        if (SUBTREE_ACTIONS.has(action)) {
            candidates.push(pattern);
        }
        for (const candidate of candidates) {
            if (format.regex.test(candidate) && arnMatches(pattern, candidate)) {
                found.add(candidate);
            }
        }
    }
    return [...found];
}

/** Whether a statement's Action / NotAction covers `action` (wildcards, case-insensitive). */
function coversAction(statement: PolicyStatement, action: string): boolean {
    if (statement.NotAction !== undefined) {
        return !asList(statement.NotAction).some((p) => actionMatches(p, action));
    }
    return asList(statement.Action).some((p) => actionMatches(p, action));
}

/** One too-wide grant: a statement, the resource pattern it writes, and the secret reads it allows there. */
export interface WideSecretRead {
    /** Index of the document in the list given, and of the statement in it. */
    readonly document: number;
    readonly statement: StatementRef;
    /** The Resource pattern as written, or `NotResource […]`. */
    readonly resource: string;
    readonly actions: string[];
    /** A resource it allows that it does not name (for the message). */
    readonly example: string;
    /** Whether the reads reach a subtree (GetParametersByPath) rather than a wildcard. */
    readonly subtree: boolean;
}

export interface WideSecretReadOptions {
    /** Resource patterns accepted as written (config `allowedResources`). */
    readonly allowedResources?: readonly string[];
}

const cache = new Map<string, WideSecretRead[]>();

/**
 * Every statement of identity-based `documents` that lets the holder read secret values on resources it does not
 * name exactly. The documents are evaluated together, so a Deny in one narrows an Allow in another.
 */
export function wideSecretReads(documents: readonly PolicyDocumentInput[], options: WideSecretReadOptions = {}): WideSecretRead[] {
    const cacheKey = [...documents.map((d) => (typeof d === "string" ? d : JSON.stringify(d))), ...(options.allowedResources ?? [])].join("\u0000");
    const cached = cache.get(cacheKey);
    if (cached !== undefined) {
        return cached;
    }
    const allowed = options.allowedResources ?? [];
    const context = resourceWitnessContext(documents);
    const findings = new Map<string, WideSecretRead>();
    documents.forEach((document, d) => {
        statementsOf(document).forEach((statement, index) => {
            if (statement.Effect !== "Allow") {
                return;
            }
            // A policy variable stands for whatever value the caller's session has: any, for this question.
            const patterns = statement.NotResource !== undefined ? ["*"] : asList(statement.Resource);
            for (const action of SECRET_READ_ACTIONS) {
                if (!coversAction(statement, action)) {
                    continue;
                }
                for (const pattern of patterns) {
                    if (allowed.includes(pattern)) {
                        continue;
                    }
                    for (const resource of witnesses(action, pattern.replace(/\$\{[^}]*\}/g, "*"))) {
                        const result = explainAwsRequest({ identityPolicies: documents }, { action, resource, context }, { unknownKeys: "adversarial" });
                        if (!result.allowedBy.some((ref) => ref.policy === d && ref.index === index) || result.decision !== "Allowed") {
                            continue;
                        }
                        const written = statement.NotResource !== undefined ? `NotResource ${JSON.stringify(statement.NotResource)}` : pattern;
                        const subtree = SUBTREE_ACTIONS.has(action) && resource === pattern && !hasWildcard(pattern);
                        const findingKey = `${d}/${index}/${written}/${subtree}`;
                        const finding = findings.get(findingKey) ??
                            { document: d, statement: { policy: d, index, sid: statement.Sid }, resource: written, actions: [], example: resource, subtree };
                        if (!finding.actions.includes(action)) {
                            finding.actions.push(action);
                        }
                        findings.set(findingKey, finding);
                        break;
                    }
                }
            }
        });
    });
    const result = [...findings.values()];
    cache.set(cacheKey, result);
    return result;
}

/** `statement 2 ("ReadAll")`. */
export function statementLabel(ref: StatementRef): string {
    return ref.sid ? `Statement[${ref.index}] ("${ref.sid}")` : `Statement[${ref.index}]`;
}

/** What to write instead, for a finding. */
export function describeWideRead(finding: WideSecretRead): string {
    if (finding.subtree) {
        return `${statementLabel(finding.statement)} allows ${finding.actions.join(", ")} on "${finding.resource}", which returns every parameter ` +
            `below that path (SSM authorizes the path, not each parameter); grant ssm:GetParameter on the exact parameter ARNs instead`;
    }
    const on = finding.resource.startsWith("NotResource") ? `every resource but its ${finding.resource}` : `"${finding.resource}"`;
    return `${statementLabel(finding.statement)} allows ${finding.actions.join(", ")} on ${on}, ` +
        `which also matches ${finding.example}; name the exact parameter / secret / key ARNs instead`;
}

/** A statement of a resource policy that lets a principal of any other account do `actions`. */
export interface PublicGrant {
    readonly statement: StatementRef;
    readonly actions: string[];
}

/**
 * Statements of a resource policy (KMS key policy, secret policy, role trust policy) that allow one of `actions` to
 * a principal of another account that the policy does not name: `Principal: "*"` (or `{"AWS": "*"}`) without a
 * condition that pins the caller's account, organization or ARN. `resource` is the resource the policy is attached to.
 */
export function publicGrants(document: PolicyDocumentInput, actions: readonly string[], resource: string): PublicGrant[] {
    const grants = new Map<number, PublicGrant>();
    const context = { ...resourceWitnessContext([document]), ...OUTSIDER.context };
    for (const action of actions) {
        const result = explainAwsRequest({ resourcePolicy: document }, { action, resource, principal: OUTSIDER.principal, context }, { unknownKeys: "adversarial" });
        if (result.decision !== "Allowed") {
            continue;
        }
        for (const ref of result.allowedBy) {
            const grant = grants.get(ref.index) ?? { statement: ref, actions: [] };
            grant.actions.push(action);
            grants.set(ref.index, grant);
        }
    }
    return [...grants.values()];
}

/** A statement of a secret's resource policy that lets an unnamed principal of some account act on the secret by itself. */
export interface AnyPrincipalGrant {
    readonly statement: StatementRef;
    readonly actions: string[];
    /** The account whose every principal it admits (for the message). */
    readonly account: string;
}

/** 12-digit account ids a document names anywhere (principals, resources, condition values). */
function accountsNamed(document: PolicyDocumentInput): string[] {
    const text = typeof document === "string" ? document : JSON.stringify(document);
    return [...new Set(text.match(/(?<!\d)\d{12}(?!\d)/g) ?? [])];
}

/**
 * Statements of a Secrets Manager secret policy with `Principal: "*"` (or `{"AWS": "*"}`) that let a role nobody
 * named act on the secret without any identity policy: within the secret's own account a resource policy's Allow to a
 * principal is enough by itself (IAM User Guide, "Policy evaluation logic": same-account requests are allowed by either
 * policy), so a condition that pins only the account, the organization, a tag, a network path or an ARN pattern still
 * admits every role of the account. Probed for a fresh role in each account the document names and in an unrelated one,
 * with every key the caller might control left open (adversarial). A named principal (a role ARN, or the account root,
 * which delegates to IAM) is not reported.
 */
export function anyPrincipalGrants(document: PolicyDocumentInput, actions: readonly string[], resource: string): AnyPrincipalGrant[] {
    const grants = new Map<number, AnyPrincipalGrant>();
    const statements = statementsOf(document);
    const anyPrincipal = (index: number) => {
        const principal = statements[index]?.Principal;
        return principal === "*" || (typeof principal === "object" && principal !== null &&
            asList((principal as Record<string, string | string[]>).AWS).includes("*"));
    };
    for (const account of [...accountsNamed(document), OTHER_ACCOUNT]) {
        const role = `arn:aws:iam::${account}:role/${UNNAMED}`;
        const context = {
            ...resourceWitnessContext([document]),
            "aws:PrincipalAccount": account,
            "kms:CallerAccount": account,
            "aws:PrincipalArn": role,
            "aws:PrincipalIsAWSService": "false",
            "aws:userid": `AROAZZ:${UNNAMED}`,
        };
        for (const action of actions) {
            const result = explainAwsRequest({ resourcePolicy: document }, { action, resource, principal: { type: "AWS", id: role }, context },
                { unknownKeys: "adversarial" });
            if (result.decision !== "Allowed") {
                continue;
            }
            for (const ref of result.allowedBy.filter((r) => r.policy === "resource" && anyPrincipal(r.index))) {
                const grant = grants.get(ref.index) ?? { statement: ref, actions: [], account };
                if (!grant.actions.includes(action)) {
                    grant.actions.push(action);
                }
                grants.set(ref.index, grant);
            }
        }
    }
    return [...grants.values()];
}
