import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import {
    conditionNamesSecrets,
    customRoleReach,
    describeReach,
    isWholePool,
    PREDEFINED_ROLES,
    PUBLIC_MEMBERS,
    reachesSecrets,
    RoleReach,
} from "../lib/gcpRoles";

export interface LeastPrivilegeGcpSecretAccessConfig {
    readonly allowedMembers?: readonly string[];
}

const LEVELS = ["projects", "folder", "organizations"];
/** Grants on a project, folder or organization: every secret below. */
const WIDE_TYPES = new Set(LEVELS.flatMap((l) => ["IAMMember", "IAMBinding", "IAMPolicy"].map((k) => `gcp:${l}/iAM${k.slice(3)}:${k}`)));
/** Grants on one secret. */
const SECRET_TYPES = new Set(["secret", "regionalSecret"].flatMap((s) => ["IamMember", "IamBinding", "IamPolicy"].map((k) => {
    const kind = `${s[0].toUpperCase()}${s.slice(1)}${k}`;
    return `gcp:secretmanager/${s}${k}:${kind}`;
})));
const CUSTOM_ROLE_TYPES = new Set(["gcp:projects/iAMCustomRole:IAMCustomRole", "gcp:organizations/iAMCustomRole:IAMCustomRole"]);

interface Binding {
    readonly role?: string;
    readonly members: readonly string[];
    readonly condition?: { readonly expression?: string };
    /** Where in the resource's properties. */
    readonly path: string;
}

function bindingsOf(resource: PolicyResource): Binding[] {
    const props = resource.props;
    if (resource.type.endsWith("Policy")) {
        let data: { bindings?: { role?: string; members?: string[]; condition?: { expression?: string } }[] } | undefined;
        try {
            data = typeof props.policyData === "string" ? JSON.parse(props.policyData) : undefined;
        } catch {
            data = undefined;
        }
        return (Array.isArray(data?.bindings) ? data.bindings : []).map((b, i) => ({
            role: b.role, members: b.members ?? [], condition: b.condition, path: `policyData.bindings[${i}]`,
        }));
    }
    const members = typeof props.member === "string" ? [props.member] : Array.isArray(props.members) ? props.members : [];
    return [{ role: props.role, members, condition: props.condition, path: typeof props.member === "string" ? "member" : "members" }];
}

/** Custom roles declared in the stack, by the `…/roles/<roleId>` their grants name. */
function customRoles(resources: readonly PolicyResource[]): Map<string, RoleReach> {
    const roles = new Map<string, RoleReach>();
    for (const r of resources.filter((x) => CUSTOM_ROLE_TYPES.has(x.type))) {
        try {
            if (typeof r.props.roleId === "string") {
                roles.set(r.props.roleId, customRoleReach(Array.isArray(r.props.permissions) ? r.props.permissions : []));
            }
        } catch {
            // Unknown during preview: grants of this role are judged once it is known.
        }
    }
    return roles;
}

function reachOf(role: string | undefined, custom: Map<string, RoleReach>): RoleReach | undefined {
    if (role === undefined) {
        return undefined;
    }
    const customId = /^(?:projects|organizations)\/[^/]+\/roles\/([^/]+)$/.exec(role)?.[1];
    return customId !== undefined ? custom.get(customId) : PREDEFINED_ROLES[role];
}

const FIX = "grant roles/secretmanager.secretAccessor on each secret with gcp.secretmanager.SecretIamMember to the one identity that needs it";

/**
 * Who can read a Secret Manager secret, from the roles' permissions (predefined roles by name, custom roles declared in
 * the stack by their permissions) and the members: a role that reads payloads, grants itself access or impersonates
 * service accounts must not be granted above the secret unless a condition names the secrets; secrets must not be
 * granted to everyone or to a whole workload identity pool.
 */
export const leastPrivilegeGcpSecretAccess: StackValidationPolicy = {
    name: "least-privilege-gcp-secret-access",
    description:
        "Roles that read Secret Manager payloads (secretmanager.versions.access: roles/secretmanager.secretAccessor, " +
        "secretmanager.admin, owner, editor, custom roles with it), that can grant it (setIamPolicy) or that impersonate " +
        "service accounts must be granted on each secret (gcp.secretmanager.SecretIamMember), not on a project, folder or " +
        "organization unless a non-negated IAM condition names the secrets (resource.name == \"projects/<p>/secrets/<name>\"); " +
        "secrets must never be granted to allUsers, allAuthenticatedUsers or a whole workload identity pool (principalSet://…/*).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            allowedMembers: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Members (e.g. group:platform-admins@example.com) whose project-level grants are accepted.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const allowed = args.getConfig<LeastPrivilegeGcpSecretAccessConfig>().allowedMembers ?? [];
        const custom = customRoles(args.resources);
        // A value unknown during preview in one grant must not hide the others: check every grant, then let the first
        // unknown through, which the engine reports as "can't run during preview" next to the findings.
        let unknownDuringPreview: unknown;
        for (const resource of args.resources) {
            const wide = WIDE_TYPES.has(resource.type);
            if (!wide && !SECRET_TYPES.has(resource.type)) {
                continue;
            }
            try {
                checkGrant(resource, wide);
            } catch (e) {
                unknownDuringPreview ??= e;
            }
        }
        if (unknownDuringPreview !== undefined) {
            throw unknownDuringPreview;
        }

        function checkGrant(resource: PolicyResource, wide: boolean): void {
            const level = wide ? resource.type.slice("gcp:".length, resource.type.indexOf("/")).replace(/s$/, "") : "secret";
            for (const binding of bindingsOf(resource)) {
                const reach = reachOf(binding.role, custom);
                const members = binding.members.filter((m) => !allowed.includes(m));
                const everyone = members.filter((m) => PUBLIC_MEMBERS.includes(m));
                if (everyone.length > 0) {
                    reportViolation(`${binding.path} ${everyone.join(", ")} is granted ${binding.role} on the ${level}, i.e. anyone is; ${FIX}.`, resource.urn);
                    continue;
                }
                if (!reachesSecrets(reach) || members.length === 0) {
                    continue;
                }
                const pools = members.filter(isWholePool);
                if (pools.length > 0) {
                    reportViolation(
                        `${binding.path} ${pools.join(", ")} is granted ${binding.role}: every identity of the workload identity pool ` +
                        `(every namespace and ServiceAccount of every cluster in it); name one principal://…/subject/ns/<namespace>/sa/<name> instead.`,
                        resource.urn,
                    );
                    continue;
                }
                if (wide && !conditionNamesSecrets(binding.condition?.expression)) {
                    const conditionNote = binding.condition?.expression !== undefined
                        ? ` (its condition "${binding.condition.expression}" does not name the secrets: negated, ORed or a prefix)`
                        : "";
                    reportViolation(
                        `${binding.path} is granted ${binding.role} at ${level} level${conditionNote}, which ${describeReach(reach)} there; ${FIX}.`,
                        resource.urn,
                    );
                }
            }
        }
    },
};
