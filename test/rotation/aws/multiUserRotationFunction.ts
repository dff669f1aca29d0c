/**
 * A line-by-line reproduction, in TypeScript over node-postgres, of AWS's published multi-user rotation function for
 * PostgreSQL: aws-samples/aws-secrets-manager-rotation-lambdas, SecretsManagerRDSPostgreSQLRotationMultiUser/lambda_function.py
 * (read at commit 119afe71a4db426781a938a1a2545814a37bbf33). It is NOT that Lambda: it issues the same SQL, in the same order,
 * with the same checks and the same Secrets Manager calls, so the tests can run them against a real PostgreSQL.
 *
 * Differences, all outside the SQL: connections go over the test cluster's unix socket (the function tries TLS verify-full
 * first and falls back to plaintext when the secret has no `ssl` key); the RDS-managed master secret's host lookup through
 * DescribeDBInstances and the read-replica check are not reproduced (the master secret here carries its host); PyGreSQL's
 * pgdb formats `%s` parameters client-side into quoted literals, which `escapeLiteral` does here, so the server receives the
 * same statement text.
 */
import { Client, escapeLiteral } from "pg";
import { type RotationStep, ResourceNotFoundException, type SimulatedSecretsManager } from "./simulatedSecretsManager";

/** The secret's JSON document, as the function reads it (`get_secret_dict`). */
export interface DatabaseSecret {
    engine: string;
    host: string;
    username: string;
    password: string;
    dbname?: string;
    port?: number;
    masterarn?: string;
}

const REQUIRED_FIELDS = ["host", "username", "password", "engine"] as const;
const SUPPORTED_ENGINES = ["postgres", "aurora-postgresql"];
const CLONE_SUFFIX = "_clone";

export class RotationFunctionError extends Error {}

/** `get_alt_username`: `u` ↔ `u_clone`. */
export function alternateUsername(current: string): string {
    if (current.endsWith(CLONE_SUFFIX)) {
        return current.slice(0, -CLONE_SUFFIX.length);
    }
    const clone = current + CLONE_SUFFIX;
    if (clone.length > 63) {
        throw new RotationFunctionError("Unable to clone user, username length with _clone appended would exceed 63 characters");
    }
    return clone;
}

export class MultiUserRotationFunction {
    /** Every statement the function sent, with the login that sent it (passwords included, as the server receives them). */
    readonly statements: Array<{ user: string; sql: string }> = [];

    constructor(private readonly sm: SimulatedSecretsManager) {}

    /** `lambda_handler`: checks the version's staging, then runs the step. */
    async handle(event: { SecretId: string; ClientRequestToken: string; Step: RotationStep }): Promise<void> {
        const { SecretId: arn, ClientRequestToken: token, Step: step } = event;
        const metadata = this.sm.describeSecret(arn);
        if (!metadata.RotationEnabled) {
            throw new RotationFunctionError(`Secret ${arn} is not enabled for rotation`);
        }
        const versions = metadata.VersionIdsToStages;
        if (!(token in versions)) {
            throw new RotationFunctionError(`Secret version ${token} has no stage for rotation of secret ${arn}.`);
        }
        if (versions[token].includes("AWSCURRENT")) {
            return;
        }
        if (!versions[token].includes("AWSPENDING")) {
            throw new RotationFunctionError(`Secret version ${token} not set as AWSPENDING for rotation of secret ${arn}.`);
        }
        switch (step) {
            case "createSecret": return this.createSecret(arn, token);
            case "setSecret": return this.setSecret(arn, token);
            case "testSecret": return this.testSecret(arn, token);
            case "finishSecret": return this.finishSecret(arn, token);
        }
    }

    private getSecretDict(arn: string, stage: string, token?: string): DatabaseSecret {
        const secret = this.sm.getSecretValue(arn, token ? { VersionId: token, VersionStage: stage } : { VersionStage: stage });
        const dict = JSON.parse(secret.SecretString) as DatabaseSecret;
        for (const field of REQUIRED_FIELDS) {
            if (!(field in dict)) {
                throw new RotationFunctionError(`${field} key is missing from secret JSON`);
            }
        }
        if (!SUPPORTED_ENGINES.includes(dict.engine)) {
            throw new RotationFunctionError("Database engine must be set to 'postgres' in order to use this rotation lambda");
        }
        return dict;
    }

    private createSecret(arn: string, token: string): void {
        const current = this.getSecretDict(arn, "AWSCURRENT");
        try {
            this.getSecretDict(arn, "AWSPENDING", token);
        } catch (error) {
            if (!(error instanceof ResourceNotFoundException)) {
                throw error;
            }
            const pending = { ...current, username: alternateUsername(current.username), password: this.sm.getRandomPassword() };
            this.sm.putSecretValue(arn, { ClientRequestToken: token, SecretString: JSON.stringify(pending), VersionStages: ["AWSPENDING"] });
        }
    }

    private async setSecret(arn: string, token: string): Promise<void> {
        const current = this.getSecretDict(arn, "AWSCURRENT");
        const pending = this.getSecretDict(arn, "AWSPENDING", token);
        const pendingConnection = await this.connect(pending);
        if (pendingConnection) {
            await pendingConnection.end();
            return;
        }
        if (alternateUsername(current.username) !== pending.username) {
            throw new RotationFunctionError(`Attempting to modify user ${pending.username} other than current user or clone ${current.username}`);
        }
        if (current.host !== pending.host) {
            throw new RotationFunctionError(`Attempting to modify user for host ${pending.host} other than current host ${current.host}`);
        }
        // The current credential must work first: protection against a confused deputy.
        const currentConnection = await this.connect(current);
        if (!currentConnection) {
            throw new RotationFunctionError(`Unable to log into database using current credentials for secret ${arn}`);
        }
        await currentConnection.end();
        const master = { ...this.getSecretDict(current.masterarn!, "AWSCURRENT"), dbname: current.dbname };
        if (current.host !== master.host) {
            throw new RotationFunctionError(`Current database host ${current.host} is not the same host as/rds replica of master ${master.host}`);
        }
        const conn = await this.connect(master);
        if (!conn) {
            throw new RotationFunctionError(`Unable to log into database using credentials in master secret ${current.masterarn}`);
        }
        const run = async (sql: string, values?: unknown[]) => {
            this.statements.push({ user: master.username, sql });
            return conn.query(sql, values);
        };
        try {
            // pgdb opens a transaction on the first statement; conn.commit() ends it.
            await run("BEGIN");
            const pendingUsername = (await run("SELECT quote_ident($1) AS q", [pending.username])).rows[0].q as string;
            const currentUsername = (await run("SELECT quote_ident($1) AS q", [current.username])).rows[0].q as string;
            const exists = (await run("SELECT 1 FROM pg_roles where rolname = $1", [pending.username])).rowCount;
            if (exists === 0) {
                await run(`CREATE ROLE ${pendingUsername} WITH LOGIN PASSWORD ${escapeLiteral(pending.password)}`);
                await run(`GRANT ${currentUsername} TO ${pendingUsername}`);
            } else {
                await run(`ALTER USER ${pendingUsername} WITH PASSWORD ${escapeLiteral(pending.password)}`);
            }
            await run("COMMIT");
        } finally {
            await conn.end();
        }
    }

    private async testSecret(arn: string, token: string): Promise<void> {
        const conn = await this.connect(this.getSecretDict(arn, "AWSPENDING", token));
        if (!conn) {
            throw new RotationFunctionError(`Unable to log into database with pending secret of secret ARN ${arn}`);
        }
        try {
            await conn.query("SELECT NOW()");
        } finally {
            await conn.end();
        }
    }

    private finishSecret(arn: string, token: string): void {
        const metadata = this.sm.describeSecret(arn);
        let currentVersion: string | undefined;
        for (const [version, stages] of Object.entries(metadata.VersionIdsToStages)) {
            if (stages.includes("AWSCURRENT")) {
                if (version === token) {
                    return;
                }
                currentVersion = version;
                break;
            }
        }
        this.sm.updateSecretVersionStage(arn, { VersionStage: "AWSCURRENT", MoveToVersionId: token, RemoveFromVersionId: currentVersion });
    }

    /** `get_connection`: a connection, or nothing when the login fails (the function logs and returns None). */
    private async connect(secret: DatabaseSecret): Promise<Client | undefined> {
        const client = new Client({
            host: secret.host,
            port: secret.port ?? 5432,
            database: secret.dbname ?? "postgres",
            user: secret.username,
            password: secret.password,
            connectionTimeoutMillis: 5000,
        });
        try {
            await client.connect();
            return client;
        } catch {
            await client.end().catch(() => undefined);
            return undefined;
        }
    }
}



