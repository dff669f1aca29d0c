// Vault policy documents, parsed the way Vault parses them: HCL version 1 (hashicorp/hcl, which also reads the JSON
// form), through `js-hcl-parser` (MIT; hashicorp/hcl v1 compiled to JavaScript). Vault: vault/policy.go (ParseACLPolicy,
// parsePaths) — old-style `policy = "read"` maps to capabilities, `deny` overrides the rest, a trailing `*` is a prefix
// glob and a `+` segment matches any one segment.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hcl: { parse(text: string): string } = require("js-hcl-parser");

/** One `path` block: the path as written and its effective capabilities. */
export interface VaultPathRule {
    readonly path: string;
    readonly capabilities: string[];
}

export interface VaultPolicy {
    readonly paths: VaultPathRule[];
}

/** Vault's mapping of the old `policy = "…"` form (vault/policy.go). */
const OLD_POLICY: Record<string, string[]> = {
    deny: ["deny"],
    read: ["read", "list"],
    write: ["create", "read", "update", "delete", "list"],
    sudo: ["create", "read", "update", "delete", "list", "sudo"],
};

/** Thrown for a document Vault would refuse to parse; callers treat it as unsafe rather than guess. */
export class VaultPolicyParseError extends Error {}

type Hcl = Record<string, unknown> | Array<Record<string, unknown>>;

function blocks(value: unknown): Array<Record<string, unknown>> {
    if (Array.isArray(value)) {
        return value.flatMap(blocks);
    }
    return typeof value === "object" && value !== null ? [value as Record<string, unknown>] : [];
}

/** Parses a Vault ACL policy (HCL or JSON) into its path rules, one per `path` block, in document order. */
export function parseVaultPolicy(text: string): VaultPolicy {
    if (typeof text !== "string") {
        throw new VaultPolicyParseError("the policy is not text");
    }
    const json = hcl.parse(text);
    let document: Hcl;
    try {
        document = JSON.parse(json);
    } catch {
        throw new VaultPolicyParseError(json.replace(/^unable to parse JSON: /, ""));
    }
    const paths: VaultPathRule[] = [];
    for (const top of blocks(document)) {
        for (const pathObject of blocks(top.path)) {
            for (const [path, body] of Object.entries(pathObject)) {
                for (const rule of blocks(body)) {
                    let capabilities = Array.isArray(rule.capabilities) ? rule.capabilities.map(String) : [];
                    if (typeof rule.policy === "string") {
                        const old = OLD_POLICY[rule.policy];
                        if (!old) {
                            throw new VaultPolicyParseError(`path ${JSON.stringify(path)}: invalid policy ${JSON.stringify(rule.policy)}`);
                        }
                        capabilities = rule.policy === "deny" ? old : [...capabilities, ...old];
                    }
                    paths.push({ path, capabilities: capabilities.includes("deny") ? ["deny"] : [...new Set(capabilities)] });
                }
            }
        }
    }
    return { paths };
}

/** Whether a policy path is a glob: a trailing `*` (prefix match) or a `+` segment (any one segment). */
export function isGlobPath(path: string): boolean {
    return path.includes("*") || path.replace(/^\//, "").split("/").includes("+");
}
