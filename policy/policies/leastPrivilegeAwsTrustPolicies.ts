import { ResourceValidationPolicy } from "@pulumi/policy";
import { evaluateAwsRequest, PolicyDocumentInput, statementsOf } from "../lib/iam/aws";
import { asList } from "../lib/iam/aws/policyDocument";
import { hasWildcard } from "../lib/iam/aws/patterns";
import { publicGrants, statementLabel } from "../lib/awsSecretReads";
import { whenType } from "../lib/whenType";

export interface LeastPrivilegeAwsTrustPoliciesConfig {
    readonly allowedRoleNames?: readonly string[];
}

const OIDC_PROVIDER = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;
const ROLE = "arn:aws:iam::000000000000:role/zz-unnamed";
const WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
const STS_AUDIENCE = "sts.amazonaws.com";
const OTHER_SERVICE_ACCOUNT = "system:serviceaccount:zz-unnamed:zz-unnamed";

/** The OIDC issuers (`oidc.eks.<region>.amazonaws.com/id/<id>`) a trust policy federates, with their provider ARNs. */
function federatedIssuers(document: PolicyDocumentInput): Map<string, string> {
    const issuers = new Map<string, string>();
    for (const statement of statementsOf(document)) {
        const principal = statement.Principal;
        if (statement.Effect !== "Allow" || typeof principal !== "object" || principal === null) {
            continue;
        }
        for (const provider of asList((principal as Record<string, string | string[]>).Federated)) {
            const issuer = OIDC_PROVIDER.exec(provider)?.[1];
            if (issuer !== undefined) {
                issuers.set(issuer, provider);
            }
        }
    }
    return issuers;
}

/** Identity providers anyone can get a token from: Cognito identity pools, Google, Facebook, Login with Amazon. */
const PUBLIC_IDENTITY_PROVIDERS = ["cognito-identity.amazonaws.com", "accounts.google.com", "graph.facebook.com", "www.amazon.com"];

function publicIdentityProviders(document: PolicyDocumentInput): string[] {
    return PUBLIC_IDENTITY_PROVIDERS.filter((idp) => statementsOf(document).some((s) =>
        s.Effect === "Allow" && typeof s.Principal === "object" && s.Principal !== null &&
        asList((s.Principal as Record<string, string | string[]>).Federated).includes(idp)));
}

/** The `<issuer>:sub` values a trust policy writes, patterns included. */
function writtenSubjects(document: PolicyDocumentInput, issuer: string): string[] {
    const key = `${issuer}:sub`.toLowerCase();
    return statementsOf(document).flatMap((s) => Object.values(s.Condition ?? {}).flatMap((keys) =>
        Object.entries(keys ?? {}).filter(([k]) => k.toLowerCase() === key).flatMap(([, v]) => asList(v).map(String))));
}

/**
 * Who may assume a role, decided by evaluating its trust policy: for IRSA, a token of another ServiceAccount of the
 * same cluster, and a token minted for another audience; for everyone, a principal of an unrelated account.
 */
export const leastPrivilegeAwsTrustPolicies: ResourceValidationPolicy = {
    name: "least-privilege-aws-trust-policies",
    description:
        "Role trust policies must admit only the workloads meant: for IRSA, StringEquals on <issuer>:sub = " +
        "system:serviceaccount:<namespace>:<name> (no StringLike wildcards, no missing sub) and on <issuer>:aud = " +
        "sts.amazonaws.com; never Principal \"*\" without a condition that pins the caller's account or ARN.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedRoleNames: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Pulumi resource names of roles whose trust policy is accepted as written.",
            },
        },
    },
    validateResource: whenType(["aws:iam/role:Role"], (args, reportViolation) => {
        if ((args.getConfig<LeastPrivilegeAwsTrustPoliciesConfig>().allowedRoleNames ?? []).includes(args.name)) {
            return;
        }
        const trust = args.props.assumeRolePolicy as PolicyDocumentInput | undefined;
        if (typeof trust !== "string" && (typeof trust !== "object" || trust === null)) {
            return;
        }
        for (const grant of publicGrants(trust, ["sts:AssumeRole", WEB_IDENTITY, "sts:AssumeRoleWithSAML"], ROLE)) {
            reportViolation(
                `assumeRolePolicy.${statementLabel(grant.statement)} lets a principal of any AWS account call ${grant.actions.join(", ")}; ` +
                `name the principal (a role ARN, the cluster's OIDC provider, a service) instead of "*".`,
            );
        }
        for (const idp of publicIdentityProviders(trust)) {
            const result = evaluateAwsRequest(
                { resourcePolicy: trust },
                {
                    action: WEB_IDENTITY, resource: ROLE, principal: { type: "Federated", id: idp },
                    context: { [`${idp}:aud`]: "zz-unnamed", [`${idp}:sub`]: "zz-unnamed", [`${idp}:amr`]: ["unauthenticated"] },
                },
                { unknownKeys: "adversarial" },
            );
            if (result === "Allowed") {
                reportViolation(
                    `assumeRolePolicy lets any ${idp} identity assume the role; pin StringEquals "${idp}:aud" to your own ` +
                    `application or identity pool id.`,
                );
            }
        }
        for (const [issuer, provider] of federatedIssuers(trust)) {
            const assume = (sub: string, aud: string) => evaluateAwsRequest(
                { resourcePolicy: trust },
                {
                    action: WEB_IDENTITY, resource: ROLE, principal: { type: "Federated", id: provider },
                    context: { [`${issuer}:sub`]: sub, [`${issuer}:aud`]: aud },
                },
                { unknownKeys: "adversarial" },
            );
            const written = writtenSubjects(trust, issuer);
            // Another ServiceAccount: one nobody named, and one each wildcard pattern admits without naming it.
            const others = [OTHER_SERVICE_ACCOUNT, ...written.filter(hasWildcard).map((p) => p.replace(/\*/g, "zz-unnamed").replace(/\?/g, "z"))];
            const admitted = others.find((sub) => assume(sub, STS_AUDIENCE) === "Allowed");
            if (admitted !== undefined) {
                reportViolation(
                    `assumeRolePolicy lets other identities of ${issuer} assume the role (e.g. sub ${admitted}: ` +
                    `${issuer}:sub is not pinned to one subject); use StringEquals "${issuer}:sub": "system:serviceaccount:<namespace>:<name>".`,
                );
                continue;
            }
            if (written.filter((sub) => !hasWildcard(sub)).some((sub) => assume(sub, "zz-unnamed-audience") === "Allowed")) {
                reportViolation(
                    `assumeRolePolicy accepts ${issuer} tokens for any audience; add StringEquals "${issuer}:aud": "${STS_AUDIENCE}".`,
                );
            }
        }
    }),
};
