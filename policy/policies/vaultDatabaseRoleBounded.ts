import { ResourceValidationPolicy } from "@pulumi/policy";
import { whenType } from "../lib/whenType";

export interface VaultDatabaseRoleBoundedConfig {
    readonly maxTtlSeconds?: number;
}

/**
 * The longest lease this package's dynamic credentials accept (`credentialTtlSeconds` / `credentialMaxTtlSeconds` up
 * to 7 days: MAX_CREDENTIAL_TTL_SECONDS in components/rotation/vault/dynamicCredentialsArgs.ts). The pack's default is
 * the components' limit, so whatever a component accepts passes (test/policy/componentLimits.test.ts keeps them equal).
 */
export const DEFAULT_MAX_DYNAMIC_TTL_SECONDS = 7 * 86400;

/** PostgreSQL role options that make a login more than an application user; their NO… forms are the safe ones. */
const PRIVILEGED_OPTIONS = new Set(["SUPERUSER", "CREATEROLE", "CREATEDB", "REPLICATION", "BYPASSRLS"]);
/** Predefined and cloud administrator roles: membership in one gives server-level powers. */
const ADMIN_ROLE = /^(pg_(read_server_files|write_server_files|execute_server_program|signal_backend|read_all_data|write_all_data|checkpoint|create_subscription|signal_autovacuum_worker|use_reserved_connections|maintain)|rds_superuser|rds_replication|rds_password|azure_pg_admin|azure_superuser|cloudsqlsuperuser|alloydbsuperuser|postgres)$/i;

const SINGLE_QUOTED = /'(?:[^']|'')*'/g;
const IDENTIFIER = /"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g;

/** The role names of a comma-separated list (quoted or bare), up to the first word that is no list item. */
function roleList(text: string): string[] {
    const names: string[] = [];
    const item = /^\s*(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*))\s*(,)?/;
    let rest = text;
    for (;;) {
        const m = item.exec(rest);
        if (!m) {
            return names;
        }
        names.push((m[1] ?? m[2]).replace(/""/g, '"'));
        if (!m[3]) {
            return names;
        }
        rest = rest.slice(m[0].length);
    }
}

/** What one creation statement gives beyond an application login (string literals ignored). */
export function privilegedGrants(statement: string): string[] {
    const code = statement.replace(SINGLE_QUOTED, "''");
    const found: string[] = [];
    // Options are bare keywords: a quoted identifier is a name, never an option.
    for (const m of code.replace(/"(?:[^"]|"")*"/g, '""').matchAll(IDENTIFIER)) {
        const word = (m[2] ?? "").toUpperCase();
        if (PRIVILEGED_OPTIONS.has(word)) {
            found.push(word);
        }
    }
    const memberships = [
        ...[...code.matchAll(/\bIN\s+(?:ROLE|GROUP)\s+/gi)].map((m) => code.slice(m.index! + m[0].length)),
        // GRANT <roles> TO …: role membership (a privilege grant has ON before TO).
        ...[...code.matchAll(/\bGRANT\s+((?:(?!\bON\b|\bTO\b)[\s\S])*)\bTO\b/gi)].map((m) => m[1]),
    ];
    for (const list of memberships) {
        for (const role of roleList(list)) {
            if (ADMIN_ROLE.test(role)) {
                found.push(`membership in ${role}`);
            }
        }
    }
    return found;
}

export const vaultDatabaseRoleBounded: ResourceValidationPolicy = {
    name: "vault-database-role-bounded",
    description:
        "Vault database roles (vault.database.SecretBackendRole) must make plain application logins with bounded leases: no " +
        "SUPERUSER, CREATEROLE, CREATEDB, REPLICATION or BYPASSRLS and no membership in an administrator role in the creation " +
        `statements (make the login a member of the application's owner role instead), and maxTtl and defaultTtl set, above 0 and ` +
        `at most the configured maximum (default ${DEFAULT_MAX_DYNAMIC_TTL_SECONDS} s, 7 days), so every login ends.`,
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxTtlSeconds: {
                type: "integer",
                minimum: 1,
                default: DEFAULT_MAX_DYNAMIC_TTL_SECONDS,
                description: "Longest lease (maxTtl) accepted for a dynamic database login, in seconds.",
            },
        },
    },
    validateResource: whenType(["vault:database/secretBackendRole:SecretBackendRole"], (args, reportViolation) => {
        const limit = args.getConfig<VaultDatabaseRoleBoundedConfig>().maxTtlSeconds ?? DEFAULT_MAX_DYNAMIC_TTL_SECONDS;
        const statements: unknown[] = Array.isArray(args.props.creationStatements) ? args.props.creationStatements : [];
        statements.forEach((statement, i) => {
            if (typeof statement !== "string") {
                return;
            }
            const grants = privilegedGrants(statement);
            if (grants.length > 0) {
                reportViolation(`creationStatements[${i}] gives each login ${[...new Set(grants)].join(", ")}; create a plain LOGIN ` +
                    "(NOSUPERUSER NOCREATEDB NOCREATEROLE) that is a member of the application's owner role.");
            }
        });
        const maxTtl = args.props.maxTtl;
        const defaultTtl = args.props.defaultTtl;
        if (typeof maxTtl !== "number" || maxTtl <= 0 || maxTtl > limit) {
            reportViolation(`maxTtl is ${maxTtl === undefined ? "not set (Vault's system maximum, 32 days by default)" : maxTtl}; set it ` +
                `between 1 and ${limit} seconds so every login's lease ends.`);
        } else if (typeof defaultTtl !== "number" || defaultTtl <= 0 || defaultTtl > maxTtl) {
            reportViolation(`defaultTtl is ${defaultTtl === undefined ? "not set (the mount's default)" : defaultTtl}; set it between 1 and maxTtl (${maxTtl}).`);
        }
    }),
};
