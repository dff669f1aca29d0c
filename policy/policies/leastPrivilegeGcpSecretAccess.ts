import { ResourceValidationPolicy } from "@pulumi/policy";
import { whenType } from "../lib/whenType";

/** Roles that include secretmanager.versions.access (reading a secret's value). */
const SECRET_READING_ROLES = ["roles/secretmanager.secretAccessor", "roles/secretmanager.admin"];

const LEVELS = ["projects", "folder", "organizations"];
const MEMBER_TYPES = LEVELS.flatMap((l) => [`gcp:${l}/iAMMember:IAMMember`, `gcp:${l}/iAMBinding:IAMBinding`]);
const POLICY_TYPES = LEVELS.map((l) => `gcp:${l}/iAMPolicy:IAMPolicy`);

interface Binding {
    readonly role?: string;
    readonly condition?: { readonly expression?: string };
}

/** An IAM condition on resource.name limits a project-level grant to the secrets it names. */
function isScopedByCondition(binding: Binding): boolean {
    return (binding.condition?.expression ?? "").includes("resource.name");
}

function bindingsOf(policyData: unknown): Binding[] {
    if (typeof policyData !== "string") {
        return [];
    }
    try {
        const bindings = JSON.parse(policyData)?.bindings;
        return Array.isArray(bindings) ? bindings : [];
    } catch {
        return [];
    }
}

/** A project-, folder- or organization-level accessor can read every secret below it. */
export const leastPrivilegeGcpSecretAccess: ResourceValidationPolicy = {
    name: "least-privilege-gcp-secret-access",
    description:
        "roles/secretmanager.secretAccessor and roles/secretmanager.admin must be granted on each secret " +
        "(gcp.secretmanager.SecretIamMember), not on a project, folder or organization, unless an IAM condition on " +
        "resource.name narrows the grant.",
    enforcementLevel: "mandatory",
    validateResource: whenType([...MEMBER_TYPES, ...POLICY_TYPES], (args, reportViolation) => {
        const level = args.type.slice("gcp:".length, args.type.indexOf("/"));
        const bindings = POLICY_TYPES.includes(args.type) ? bindingsOf(args.props.policyData) : [args.props as Binding];
        for (const binding of bindings) {
            if (binding.role !== undefined && SECRET_READING_ROLES.includes(binding.role) && !isScopedByCondition(binding)) {
                reportViolation(
                    `"${args.name}" grants ${binding.role} at ${level} level, which reads every secret there; grant it on each ` +
                    `secret with gcp.secretmanager.SecretIamMember.`,
                );
            }
        }
    }),
};
