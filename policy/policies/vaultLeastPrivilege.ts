import { ResourceValidationPolicy } from "@pulumi/policy";
import { rawProps } from "../lib/kubernetesObject";
import { isGlobPath, parseVaultPolicy, VaultPolicyParseError } from "../lib/vault/vaultPolicy";
import { whenType } from "../lib/whenType";

export interface VaultLeastPrivilegeConfig {
    readonly maxTokenTtlSeconds?: number;
    readonly allowedPolicyNames?: readonly string[];
}

/**
 * The longest token a Kubernetes auth role of this package hands out (`cluster.vault.tokenTtlSeconds` up to an hour,
 * components/access/vault/vaultNamespaceAccess.ts); the pack's default, so whatever a component accepts passes.
 */
export const DEFAULT_MAX_VAULT_TOKEN_TTL_SECONDS = 3600;

const POLICY = "vault:index/policy:Policy";
const KUBERNETES_ROLE = "vault:kubernetes/authBackendRole:AuthBackendRole";
const TOKEN = "vault:index/token:Token";
/** Resources that attach policies to tokens or identities (`policies` or `tokenPolicies`). */
const ATTACHING = [
    KUBERNETES_ROLE, TOKEN,
    "vault:identity/entity:Entity", "vault:identity/entityPolicies:EntityPolicies", "vault:identity/group:Group",
    "vault:identity/groupPolicies:GroupPolicies", "vault:appRole/authBackendRole:AuthBackendRole",
    "vault:jwt/authBackendRole:AuthBackendRole", "vault:tokenauth/authBackendRole:AuthBackendRole",
];

/** A glob in a Kubernetes auth role's bound names or namespaces (the plugin matches them with `StrListContainsGlob`). */
const hasGlob = (values: unknown): boolean => Array.isArray(values) && values.some((v) => typeof v === "string" && v.includes("*"));

/** A Go duration or a number of seconds (Vault accepts both), in seconds; undefined when unset or unreadable. */
function seconds(value: unknown): number | undefined {
    if (typeof value === "number") {
        return value;
    }
    if (typeof value !== "string" || value.trim() === "") {
        return undefined;
    }
    if (/^\d+$/.test(value.trim())) {
        return Number(value);
    }
    const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
    let total = 0;
    const parts = [...value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== value.trim()) {
        return undefined;
    }
    for (const [, amount, unit] of parts) {
        total += Number(amount) * units[unit];
    }
    return total;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** Why a Vault ACL policy document reads more than exact paths, one finding per path rule. */
export function vaultPolicyFindings(text: unknown): string[] {
    let paths;
    try {
        paths = parseVaultPolicy(String(text ?? "")).paths;
    } catch (error) {
        if (error instanceof VaultPolicyParseError) {
            return [`the policy does not parse as Vault parses it (${error.message}): it cannot be checked`];
        }
        throw error;
    }
    const findings: string[] = [];
    for (const { path, capabilities } of paths) {
        if (capabilities.includes("deny")) {
            continue; // A deny only takes away, whatever it matches.
        }
        if (capabilities.includes("sudo")) {
            findings.push(`path "${path}" gives sudo (root-protected endpoints)`);
        }
        if (isGlobPath(path) && capabilities.length > 0) {
            findings.push(`path "${path}" is a glob ('*' or a '+' segment): it gives ${capabilities.join(", ")} on every path it matches, not on exact secrets`);
        }
    }
    return findings;
}

/**
 * Vault access that reaches beyond exact secrets or outlives its use: policies with glob paths or `sudo`, anything that
 * attaches the `root` policy, Kubernetes auth roles bound to any ServiceAccount name or namespace (or without an
 * audience), and tokens that live long or forever.
 */
export const vaultLeastPrivilege: ResourceValidationPolicy = {
    name: "vault-least-privilege",
    description:
        "Vault access names exact paths and lives briefly: ACL policies without glob paths ('*', '+') or sudo (parsed as Vault " +
        "parses HCL/JSON), no root policy attached anywhere, Kubernetes auth roles bound to explicit ServiceAccount names and " +
        "namespaces (no '*') with an audience and short token TTLs, no periodic, orphan or long-lived tokens. Write one policy " +
        "per secret path (e.g. path \"secret/data/app/db-password\" { capabilities = [\"read\"] }).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxTokenTtlSeconds: {
                type: "integer",
                minimum: 60,
                default: DEFAULT_MAX_VAULT_TOKEN_TTL_SECONDS,
                description: "Longest token TTL (and max TTL) a role or token may have, in seconds.",
            },
            allowedPolicyNames: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Vault policy names exempted from the path checks, e.g. the operators' own admin policy.",
            },
        },
    },
    validateResource: whenType([POLICY, ...ATTACHING], (args, reportViolation) => {
        const props = rawProps(args);
        const config = args.getConfig<VaultLeastPrivilegeConfig>();
        const maxTtl = config.maxTokenTtlSeconds ?? DEFAULT_MAX_VAULT_TOKEN_TTL_SECONDS;
        if (args.type === POLICY) {
            if (typeof props.name === "string" && (config.allowedPolicyNames ?? []).includes(props.name)) {
                return;
            }
            for (const finding of vaultPolicyFindings(props.policy)) {
                reportViolation(`Vault policy ${JSON.stringify(props.name ?? args.name)}: ${finding}. Name each secret's exact path with only the capabilities it needs.`);
            }
            return;
        }
        const attached = [...list(props.policies), ...list(props.tokenPolicies)];
        if (attached.some((p) => p.toLowerCase() === "root")) {
            reportViolation("attaches the root policy: its tokens can do anything in Vault. Attach a policy that names exact paths.");
        }
        if (args.type === KUBERNETES_ROLE) {
            const names = list(props.boundServiceAccountNames);
            const namespaces = list(props.boundServiceAccountNamespaces);
            if (names.length === 0 || hasGlob(names)) {
                reportViolation(`Kubernetes auth role ${JSON.stringify(props.roleName)} admits ServiceAccount names ${JSON.stringify(names)}: bind it to the one reader ServiceAccount's name.`);
            }
            const selector = typeof props.boundServiceAccountNamespaceSelector === "string" ? props.boundServiceAccountNamespaceSelector.trim() : "";
            if (hasGlob(namespaces) || (namespaces.length === 0 && /^(|\{\s*\}|\{\s*"?matchLabels"?\s*:\s*\{\s*\}\s*\})$/.test(selector))) {
                reportViolation(`Kubernetes auth role ${JSON.stringify(props.roleName)} admits namespaces ${JSON.stringify(namespaces.length ? namespaces : selector || "(none named)")}: bind it to the reader's namespace.`);
            }
            if (typeof props.audience !== "string" || props.audience.trim() === "") {
                reportViolation(`Kubernetes auth role ${JSON.stringify(props.roleName)} has no audience: any token of the ServiceAccount (e.g. one minted for another service) logs in, and Vault 1.21+ refuses such roles. Set audience (e.g. "vault") and the same in ESO's serviceAccountRef.audiences.`);
            }
        }
        if (args.type === KUBERNETES_ROLE || args.type.endsWith(":AuthBackendRole")) {
            const ttl = seconds(props.tokenTtl);
            const maxTtlSet = seconds(props.tokenMaxTtl);
            const longest = Math.max(ttl ?? 0, maxTtlSet ?? 0);
            if ((ttl === undefined && maxTtlSet === undefined) || longest === 0 || longest > maxTtl) {
                reportViolation(`the role's tokens live ${longest > 0 ? `${longest} s` : "Vault's system default (32 days)"}: set tokenTtl and tokenMaxTtl to at most ${maxTtl} s.`);
            }
            if (seconds(props.tokenPeriod)) {
                reportViolation("the role issues periodic tokens, renewable forever: remove tokenPeriod.");
            }
        }
        if (args.type === TOKEN) {
            const ttl = seconds(props.ttl);
            const explicitMax = seconds(props.explicitMaxTtl);
            const bound = Math.min(ttl ?? Infinity, explicitMax ?? Infinity);
            if (!(bound > 0 && bound <= maxTtl) || props.renewable !== false && explicitMax === undefined) {
                reportViolation(`the token lives long (ttl ${props.ttl ?? "the system default"}, explicitMaxTtl ${props.explicitMaxTtl ?? "none"}${props.renewable === false ? "" : ", renewable"}): its value sits in state. Give workloads an auth method (Kubernetes auth) instead, or set renewable: false and a ttl of at most ${maxTtl} s.`);
            }
            if (seconds(props.period)) {
                reportViolation("the token is periodic, renewable forever: remove period.");
            }
            if (props.noParent === true) {
                reportViolation("the token is an orphan (noParent): revoking its creator does not revoke it.");
            }
        }
    }),
};
