import { createHash } from "node:crypto";

/**
 * A cloud identity name built from its parts (e.g. `eso-<cluster>-<namespace>`): lower case, characters other than
 * letters, digits and '-' turned into '-', and, when longer than the cloud allows, cut and ended with a short hash of
 * the full name so that two long names stay distinct. Deterministic, so the name never changes between deployments.
 */
export function identityName(parts: readonly string[], maxLength: number): string {
    const full = parts
        .join("-")
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, "-");
    if (full.length <= maxLength) {
        return full;
    }
    const hash = createHash("sha256").update(full).digest("hex").slice(0, 6);
    return `${full.slice(0, maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}
