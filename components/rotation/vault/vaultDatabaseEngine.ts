import * as pulumi from "@pulumi/pulumi";
import { SecretBackendConnection, SecretBackendRole } from "@pulumi/vault/database";
import { Endpoint } from "@pulumi/vault/generic";
import { Mount } from "@pulumi/vault/mount";
import { PostgresSslMode } from "../postgres/sslMode";
import { ResolvedVaultDynamicCredentials } from "./dynamicCredentialsArgs";
import { dynamicRoleStatements } from "./postgresStatements";

/** What the engine gives the sync side: the path to read (grant exactly it to the namespace's reader). */
export interface VaultDatabaseEngine {
    /** `<mount>/creds/<role>`, read by ESO's VaultDynamicSecret generator. */
    readonly credsPath: string;
    /** The resources that must exist before ESO asks for a login (the role, Vault's password rotated). */
    readonly ready: pulumi.Resource[];
}

/**
 * The Vault side of dynamic MLflow logins: a database secrets engine mount (leases bounded by the TTLs), a PostgreSQL
 * connection, the role with the statements of `dynamicRoleStatements` and an immediate rotation of Vault's own password.
 * The read grant on `<mount>/creds/<role>` is the namespace access set's (`VaultNamespaceAccess.grantPath`). Loaded
 * only for `credentials: VaultDynamic` (it imports @pulumi/vault). `vaultNamespace`: Vault Enterprise / OpenBao namespace.
 *
 * The initial root password goes in `postgresql.passwordWo` with `passwordWoVersion`: hashicorp/terraform-provider-vault
 * `vault/resource_database_secret_backend_connection.go` (`setDatabaseConnectionDataWithUserPass`) sends it only when
 * the resource is new or the version changes, so an update of any other field never puts back the password Vault has
 * rotated away. The rotation is a `vault.generic.Endpoint` writing `<mount>/rotate-root/<name>` with the deployer's
 * own Vault provider (no second credential, no command line, no token in any environment): it runs once after the
 * connection is made and again when the connection is replaced or rootPasswordVersion changes. Its state holds only
 * the path and `{}`; rotate-root returns nothing, and no `writeFields` are kept.
 */
export function createVaultDatabaseEngine(name: string, r: ResolvedVaultDynamicCredentials, parent: pulumi.Resource, vaultNamespace?: string): VaultDatabaseEngine {
    const statements = dynamicRoleStatements(r.ownerRole);
    const inNamespace = vaultNamespace === undefined ? {} : { namespace: vaultNamespace };
    const mount = new Mount(`${name}-database`, {
        path: r.mountPath,
        type: "database",
        description: "Dynamic PostgreSQL logins for MLflow (mlops-platform secrets)",
        // A lease can never outlive these, whatever a role or a caller asks for.
        defaultLeaseTtlSeconds: r.ttlSeconds,
        maxLeaseTtlSeconds: r.maxTtlSeconds,
        ...inNamespace,
    }, { parent });
    // Vault fills {{username}}/{{password}} from the fields below; root rotation needs the templated form.
    const connectionUrl = `postgresql://{{username}}:{{password}}@${r.host}:${r.port}/${r.database}?sslmode=${r.sslMode}`;
    const connection = new SecretBackendConnection(name, {
        backend: mount.path,
        name: r.roleName,
        allowedRoles: [r.roleName],
        verifyConnection: true,
        rootRotationStatements: statements.rootRotation,
        postgresql: {
            connectionUrl,
            username: r.rootUsername,
            passwordWo: pulumi.secret(r.rootPassword),
            passwordWoVersion: r.rootPasswordVersion,
            // Vault sends PostgreSQL a SCRAM verifier, never a password (server logs, pg_stat_statements).
            passwordAuthentication: "scram-sha-256",
            maxOpenConnections: r.maxOpenConnections,
            ...(r.caBundlePem !== undefined && r.sslMode !== PostgresSslMode.Disable ? { tlsCa: r.caBundlePem } : {}),
        },
        ...inNamespace,
    }, { parent });
    const rotateRoot = new Endpoint(`${name}-rotate-root`, {
        path: pulumi.interpolate`${mount.path}/rotate-root/${connection.name}`,
        dataJson: "{}",
        disableRead: true,
        disableDelete: true,
        ...inNamespace,
    }, {
        parent,
        dependsOn: [connection],
        // A new connection or a new initial password: rotate again, so no one knows Vault's password.
        replacementTrigger: pulumi.all([connection.id, r.rootPasswordVersion]).apply(([id, version]) => `${id}#${version}`),
    });
    const role = new SecretBackendRole(name, {
        backend: mount.path,
        name: r.roleName,
        dbName: connection.name,
        creationStatements: statements.creation,
        revocationStatements: statements.revocation,
        defaultTtl: r.ttlSeconds,
        maxTtl: r.maxTtlSeconds,
        credentialType: "password",
        ...inNamespace,
    }, { parent, dependsOn: [rotateRoot] });
    return { credsPath: r.credsPath, ready: [role, rotateRoot] };
}
