import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";

const CONNECTION = "vault:database/secretBackendConnection:SecretBackendConnection";
const ENDPOINT = "vault:generic/endpoint:Endpoint";
/** Engine blocks of a connection that carry a root login (`username`/`password`). */
const ENGINE_BLOCKS = ["postgresql", "mysql", "mysqlRds", "mysqlAurora", "mysqlLegacy", "mssql", "oracle", "redshift", "hana", "snowflake", "mongodb"];
/** `scheme://user:password@` with a literal password (Vault's `{{password}}` template is the safe form). */
const LITERAL_URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@:]*:(?!\{\{password\}\})[^@/]+@/i;

const trimSlashes = (path: string) => path.replace(/^\/+|\/+$/g, "");

/**
 * Only the engine block in use: one object (the SDK's shape), or the one-element list some programs pass.
 */
function engineBlock(connection: PolicyResource): [string, Record<string, unknown>] | undefined {
    for (const name of ENGINE_BLOCKS) {
        const value = connection.props[name];
        const block = Array.isArray(value) ? value[0] : value;
        if (block && typeof block === "object") {
            return [name, block as Record<string, unknown>];
        }
    }
    return undefined;
}

export const vaultDatabaseRootRotated: StackValidationPolicy = {
    name: "vault-database-root-rotated",
    description:
        "The root login of a Vault database connection (vault.database.SecretBackendConnection) must end up known only to Vault: " +
        "give its initial password in the write-only passwordWo with passwordWoVersion (never the persisted password field, never " +
        "in connectionUrl, which takes {{username}}:{{password}}), rotate it right after setup (a vault.generic.Endpoint writing " +
        "<backend>/rotate-root/<name>, or Vault Enterprise's rotationPeriod/rotationSchedule), and for PostgreSQL set " +
        "passwordAuthentication: scram-sha-256 so Vault never sends the server a password in clear.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const connections = args.resources.filter((r) => r.type === CONNECTION);
        if (connections.length === 0) {
            args.notApplicable("No Vault database connections in this stack");
        }
        const rotated = new Set(args.resources
            .filter((r) => r.type === ENDPOINT && typeof r.props.path === "string")
            .map((r) => trimSlashes(r.props.path as string)));
        for (const connection of connections) {
            const say = (finding: string) => reportViolation(finding, connection.urn);
            const found = engineBlock(connection);
            if (!found) {
                continue;
            }
            const [engine, block] = found;
            if (typeof block.password === "string" && block.password !== "") {
                say(`It sets ${engine}.password, which is sent again on every change and kept as a plain input: use ${engine}.passwordWo with ${engine}.passwordWoVersion.`);
            }
            if (typeof block.connectionUrl === "string" && LITERAL_URL_PASSWORD.test(block.connectionUrl)) {
                say(`It has a password written into ${engine}.connectionUrl: use postgresql://{{username}}:{{password}}@host/db with username and passwordWo.`);
            }
            if (engine === "postgresql" && block.passwordAuthentication !== "scram-sha-256") {
                say(`It sends new logins' passwords to PostgreSQL in clear (postgresql.passwordAuthentication is ${block.passwordAuthentication ?? "unset"}): set it to "scram-sha-256".`);
            }
            const backend = connection.props.backend;
            const name = connection.props.name ?? connection.name;
            const enterpriseRotation = (typeof connection.props.rotationPeriod === "number" && connection.props.rotationPeriod > 0)
                || (typeof connection.props.rotationSchedule === "string" && connection.props.rotationSchedule !== "");
            if (typeof backend === "string" && block.username !== undefined && !enterpriseRotation
                && !rotated.has(`${trimSlashes(backend)}/rotate-root/${name}`)) {
                say(`It keeps the root password it was given: nothing writes ${trimSlashes(backend)}/rotate-root/${name}. Add a vault.generic.Endpoint ` +
                    "on that path (disableRead, disableDelete, dataJson \"{}\") that depends on the connection.");
            }
        }
    },
};
