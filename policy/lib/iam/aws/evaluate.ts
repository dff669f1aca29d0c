import { evaluateCondition } from "./conditions";
import { and, AwsRequestContext, NormalizedContext, or, substituteVariables, Tri, UnknownKeys } from "./context";
import { accountOf, actionMatches, arnMatches } from "./patterns";
import { asList, PolicyDocumentInput, PolicyStatement, PrincipalElement, statementsOf } from "./policyDocument";

/** Who makes a request, as a resource or trust policy's `Principal` names it. */
export interface AwsPrincipal {
    /** `"AWS"` (an account, user or role ARN), `"Federated"` (an OIDC/SAML provider ARN or name), `"Service"`, `"CanonicalUser"`. */
    readonly type: "AWS" | "Federated" | "Service" | "CanonicalUser";
    /** The ARN, account id, provider or service name. */
    readonly id: string;
}

/** One request: an action on a resource, by a principal, with its condition keys. */
export interface AwsRequest {
    /** `service:Action`, e.g. `ssm:GetParameter` (case-insensitive, as in IAM). */
    readonly action: string;
    /** The resource ARN; for a role's trust policy the role ARN (trust statements name no resource). */
    readonly resource: string;
    /** Who asks; needed only when a resource policy (key, secret or trust policy) is evaluated. */
    readonly principal?: AwsPrincipal;
    /**
     * Condition keys and values, e.g. `{ "aws:SecureTransport": true, "oidc.eks.eu-west-1.amazonaws.com/id/X:sub":
     * "system:serviceaccount:mlflow:eso" }`. Key names are case-insensitive; lists are multivalued keys.
     * Keys are not derived from the request: supply the ones the policies test.
     */
    readonly context?: AwsRequestContext;
}

/** The policies that decide a request, all of one account (cross-account rules are not modelled). */
export interface AwsPolicies {
    /** Identity-based policies of the principal: inline and attached managed documents. */
    readonly identityPolicies?: readonly PolicyDocumentInput[];
    /** The resource's policy: a KMS key policy, a secret's resource policy, or a role's trust policy. */
    readonly resourcePolicy?: PolicyDocumentInput;
}

export interface AwsEvaluationOptions {
    /** @default "absent" — see {@link UnknownKeys}. */
    readonly unknownKeys?: UnknownKeys;
}

/** As AWS reports it: an explicit Deny wins; otherwise an Allow in any policy allows; otherwise the implicit deny. */
export type AwsDecision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** A statement that decided, for messages: which policy (index in identityPolicies, or "resource") and which statement. */
export interface StatementRef {
    readonly policy: number | "resource";
    readonly index: number;
    readonly sid: string | undefined;
}

export interface AwsEvaluation {
    readonly decision: AwsDecision;
    /** Statements that allow the request (whatever the Deny statements say). */
    readonly allowedBy: readonly StatementRef[];
    /** Statements that deny it. */
    readonly deniedBy: readonly StatementRef[];
}

function principalMatches(element: PrincipalElement | undefined, principal: AwsPrincipal | undefined): boolean {
    if (element === undefined) {
        return false;
    }
    // `"*"` and `{"AWS": "*"}` are the same: everyone (IAM User Guide, "AWS JSON policy elements: Principal").
    if (element === "*" || asList((element as Record<string, string | string[]>).AWS).includes("*")) {
        return true;
    }
    if (principal === undefined || typeof element !== "object") {
        return false;
    }
    const named = asList((element as Record<string, string | string[]>)[principal.type]);
    if (principal.type !== "AWS") {
        return named.some((n) => n.toLowerCase() === principal.id.toLowerCase());
    }
    const account = accountOf(principal.id);
    return named.some((n) => {
        if (n === principal.id) {
            return true;
        }
        // An account id or `arn:aws:iam::<account>:root` stands for every principal of that account.
        const isAccount = /^\d{12}$/.test(n) || /^arn:aws[a-z-]*:iam::\d{12}:root$/.test(n);
        return isAccount && account !== undefined && accountOf(n) === account;
    });
}

function resourceMatches(statement: PolicyStatement, request: AwsRequest, context: NormalizedContext, version2012: boolean, isResourcePolicy: boolean): Tri {
    const matchAny = (patterns: readonly string[]): Tri =>
        or(patterns.map((p) => {
            if (!version2012) {
                return arnMatches(p, request.resource);
            }
            const { value, unknown } = substituteVariables(p, context, "*");
            if (value === undefined) {
                return false;
            }
            const matched = arnMatches(value, request.resource);
            // A variable the caller could choose makes a match uncertain, not certain.
            return unknown && matched ? undefined : matched;
        }));
    if (statement.NotResource !== undefined) {
        const excluded = matchAny(asList(statement.NotResource));
        return excluded === undefined ? undefined : !excluded;
    }
    if (statement.Resource !== undefined) {
        return matchAny(asList(statement.Resource));
    }
    // Trust policies (and some resource policies) name no resource: the statement is about the resource it is attached to.
    return isResourcePolicy;
}

function actionMatchesStatement(statement: PolicyStatement, action: string): boolean {
    if (statement.NotAction !== undefined) {
        return !asList(statement.NotAction).some((p) => actionMatches(p, action));
    }
    return asList(statement.Action).some((p) => actionMatches(p, action));
}

/** Whether one statement applies to the request (true), does not (false), or may (unknown, adversarial keys only). */
function statementApplies(statement: PolicyStatement, request: AwsRequest, context: NormalizedContext, version2012: boolean, isResourcePolicy: boolean): Tri {
    if (isResourcePolicy) {
        const principalOk = statement.NotPrincipal !== undefined
            ? !principalMatches(statement.NotPrincipal, request.principal)
            : principalMatches(statement.Principal, request.principal);
        if (!principalOk) {
            return false;
        }
    }
    if (!actionMatchesStatement(statement, request.action)) {
        return false;
    }
    return and([resourceMatches(statement, request, context, version2012, isResourcePolicy), evaluateCondition(statement.Condition, context)]);
}

function versionOf(document: PolicyDocumentInput): boolean {
    let version: unknown;
    if (typeof document === "string") {
        version = /"Version"\s*:\s*"([^"]*)"/.exec(document)?.[1];
    } else {
        version = document?.Version;
    }
    return version === "2012-10-17";
}

/**
 * Evaluates one request against identity and resource policies, as AWS's policy evaluation logic does within one
 * account: an applicable `Deny` anywhere → `ExplicitlyDenied`; else an applicable `Allow` in an identity policy or the
 * resource policy → `Allowed`; else `ImplicitlyDenied` (IAM User Guide, "Policy evaluation logic").
 *
 * Statement semantics: `Action`/`NotAction` and `Resource`/`NotResource` with `*`/`?` wildcards (a `NotAction` Allow
 * allows every action but those listed, still only on its resources), `Principal`/`NotPrincipal` in resource policies,
 * `Condition` with the string, numeric, date, Bool, binary, IP, ARN and Null operators, `IfExists`, `ForAnyValue` /
 * `ForAllValues`, and policy variables in `Resource` and condition values (documents of Version 2012-10-17 only).
 */
export function explainAwsRequest(policies: AwsPolicies, request: AwsRequest, options: AwsEvaluationOptions = {}): AwsEvaluation {
    const context = new NormalizedContext(request.context, options.unknownKeys ?? "absent");
    const allowedBy: StatementRef[] = [];
    const deniedBy: StatementRef[] = [];
    const visit = (document: PolicyDocumentInput, policy: number | "resource") => {
        const version2012 = versionOf(document);
        statementsOf(document).forEach((statement, index) => {
            const applies = statementApplies(statement, request, context, version2012, policy === "resource");
            const ref = { policy, index, sid: statement.Sid };
            if (statement.Effect === "Deny" && applies === true) {
                deniedBy.push(ref);
            } else if (statement.Effect === "Allow" && applies !== false) {
                // Certain, or possible for a caller who chooses the unknown keys.
                allowedBy.push(ref);
            }
        });
    };
    (policies.identityPolicies ?? []).forEach((document, i) => visit(document, i));
    if (policies.resourcePolicy !== undefined) {
        visit(policies.resourcePolicy, "resource");
    }
    const decision: AwsDecision = deniedBy.length > 0 ? "ExplicitlyDenied" : allowedBy.length > 0 ? "Allowed" : "ImplicitlyDenied";
    return { decision, allowedBy, deniedBy };
}

/** The decision alone; see {@link explainAwsRequest}. */
export function evaluateAwsRequest(policies: AwsPolicies, request: AwsRequest, options: AwsEvaluationOptions = {}): AwsDecision {
    return explainAwsRequest(policies, request, options).decision;
}
