import * as pulumi from "@pulumi/pulumi";
import { SecretBackendConnection, SecretBackendConnectionArgs, SecretBackendRole, SecretBackendRoleArgs } from "@pulumi/vault/database";
import { Endpoint } from "@pulumi/vault/generic";
import { Mount } from "@pulumi/vault/mount";
import { resolveVaultDynamicCredentials } from "../../../components/rotation/vault/dynamicCredentialsArgs";
import { dynamicRoleStatements } from "../../../components/rotation/vault/postgresStatements";
import { createVaultDatabaseEngine } from "../../../components/rotation/vault/vaultDatabaseEngine";
import { CorpusClass, violations } from "./corpusCase";
import { P, T } from "./_programs";

const shipped = dynamicRoleStatements("mlflow");

/** A role as the package makes it, with one field changed. */
const role = (name: string, change: Partial<SecretBackendRoleArgs> = {}) => new SecretBackendRole(name, {
    backend: "database",
    name,
    dbName: "mlflow",
    creationStatements: shipped.creation,
    revocationStatements: shipped.revocation,
    defaultTtl: 3600,
    maxTtl: 86400,
    ...change,
});

const postgresql = {
    connectionUrl: "postgresql://{{username}}:{{password}}@mlflow-db.internal:5432/mlflow?sslmode=verify-full",
    username: "vault_mlflow",
    passwordWo: pulumi.secret("initial-s3cr3t-pw"),
    passwordWoVersion: 1,
    passwordAuthentication: "scram-sha-256",
};

/** A connection as the package makes it, with its rotate-root endpoint unless `rotate` is false. */
function connection(change: Partial<SecretBackendConnectionArgs> = {}, rotate: string | false = "database/rotate-root/mlflow"): void {
    const mount = new Mount("database", { path: "database", type: "database" });
    const conn = new SecretBackendConnection("mlflow", { backend: mount.path, name: "mlflow", allowedRoles: ["mlflow"], postgresql, ...change });
    if (rotate !== false) {
        new Endpoint("mlflow-rotate-root", { path: rotate, dataJson: "{}", disableRead: true, disableDelete: true }, { dependsOn: [conn] });
    }
}

const create = (...extra: string[]) => ({ creationStatements: [...shipped.creation, ...extra] });

export const vaultDynamicCredentials: CorpusClass = {
    title: "Vault dynamic database credentials",
    description:
        "Dynamic database logins that get administrator powers or leases that never end, and Vault root logins whose initial " +
        "password stays valid, is kept in state or travels in clear.",
    cases: [
        {
            title: "bad: creation statements make a SUPERUSER",
            program: () => role("r", { creationStatements: [`CREATE ROLE "{{name}}" WITH LOGIN SUPERUSER PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'`] }),
            expect: violations(P.vaultRole, T.vaultRole),
        },
        {
            title: "bad: lowercase createrole in an otherwise plain login",
            program: () => role("r", { creationStatements: [`create role "{{name}}" with login createrole password '{{password}}' valid until '{{expiration}}'`] }),
            expect: violations(P.vaultRole, T.vaultRole),
        },
        {
            title: "bad: an ALTER ROLE that adds CREATEDB and BYPASSRLS after a plain CREATE",
            program: () => role("r", create(`ALTER ROLE "{{name}}" CREATEDB BYPASSRLS`)),
            expect: violations(P.vaultRole, T.vaultRole),
        },
        {
            title: "bad: membership in rds_superuser through IN ROLE, beside the owner role",
            program: () => role("r", { creationStatements: [`CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' IN ROLE "mlflow", rds_superuser`] }),
            expect: violations(P.vaultRole, T.vaultRole),
        },
        {
            title: "bad: a quoted predefined role granted in a second statement",
            program: () => role("r", create(`GRANT "pg_execute_server_program" TO "{{name}}"`)),
            expect: violations(P.vaultRole, T.vaultRole),
        },
        {
            title: "bad: GRANT postgres (the superuser) hidden in a list",
            program: () => role("r", create(`GRANT mlflow, postgres TO "{{name}}"`)),
            expect: violations(P.vaultRole, T.vaultRole),
        },
        {
            title: "bad: no maxTtl (Vault's system maximum, 32 days)",
            program: () => role("r", { maxTtl: undefined }),
            expect: violations(P.vaultRole, T.vaultRole),
        },
        {
            title: "bad: maxTtl 0 (unbounded)",
            program: () => role("r", { maxTtl: 0, defaultTtl: 0 }),
            expect: violations(P.vaultRole, T.vaultRole),
        },
        {
            title: "bad: a 30-day lease",
            program: () => role("r", { maxTtl: 30 * 86400 }),
            expect: violations(P.vaultRole, T.vaultRole),
        },
        {
            title: "bad: defaultTtl above maxTtl",
            program: () => role("r", { defaultTtl: 90000 }),
            expect: violations(P.vaultRole, T.vaultRole),
        },
        {
            title: "bad: the root password in the persisted password field",
            program: () => connection({ postgresql: { ...postgresql, passwordWo: undefined, passwordWoVersion: undefined, password: pulumi.secret("initial-s3cr3t-pw") } }),
            expect: violations(P.vaultRoot, T.vaultConnection),
        },
        {
            title: "bad: the root password written into the connection URL",
            program: () => connection({ postgresql: { ...postgresql, connectionUrl: "postgresql://vault_mlflow:s3cr3t-pw@mlflow-db.internal:5432/mlflow" } }),
            expect: violations(P.vaultRoot, T.vaultConnection),
        },
        {
            title: "bad: no root rotation at all",
            program: () => connection({}, false),
            expect: violations(P.vaultRoot, T.vaultConnection),
        },
        {
            title: "bad: a rotate-root endpoint for another connection",
            program: () => connection({}, "database/rotate-root/grafana"),
            expect: violations(P.vaultRoot, T.vaultConnection),
        },
        {
            title: "bad: a rotate-root on another mount with the same connection name",
            program: () => connection({}, "database-old/rotate-root/mlflow"),
            expect: violations(P.vaultRoot, T.vaultConnection),
        },
        {
            title: "bad: PostgreSQL without scram-sha-256 (Vault sends passwords in CREATE ROLE)",
            program: () => connection({ postgresql: { ...postgresql, passwordAuthentication: undefined } }),
            expect: violations(P.vaultRoot, T.vaultConnection),
        },
        {
            title: "good: the package's own engine (MlflowDbSecret with credentials VaultDynamic)",
            program: () => {
                const parent = new pulumi.ComponentResource("test:index:Parent", "mlflow-db");
                createVaultDatabaseEngine("mlflow-db", resolveVaultDynamicCredentials("vaultDynamic",
                    { host: "mlflow-db.internal", rootPassword: pulumi.secret("initial-s3cr3t-pw") },
                    { ownerRole: "mlflow", refreshIntervalArgument: "refreshInterval" }), parent);
            },
            expect: [],
        },
        {
            title: "good: NO… options, and SUPERUSER only inside a comment string",
            program: () => role("r", create(`COMMENT ON ROLE "{{name}}" IS 'Vault login: no SUPERUSER, no CREATEROLE'`)),
            expect: [],
        },
        {
            title: "good: CONNECT on the database named postgres (a privilege, not a role)",
            program: () => role("r", create(`GRANT CONNECT ON DATABASE postgres TO "{{name}}"`, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{{name}}"`)),
            expect: [],
        },
        {
            title: "good: an owner role named like an option, quoted (\"replication\")",
            program: () => role("r", { creationStatements: [`CREATE ROLE "{{name}}" WITH LOGIN PASSWORD '{{password}}' IN ROLE "replication"`] }),
            expect: [],
        },
        {
            title: "good: Vault Enterprise's scheduled root rotation instead of an endpoint",
            program: () => connection({ rotationPeriod: 86400 }, false),
            expect: [],
        },
        {
            title: "good: rotate-root path written with a leading slash",
            program: () => connection({}, "/database/rotate-root/mlflow"),
            expect: [],
        },
    ],
};
