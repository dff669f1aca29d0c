import { Client, Pool } from "pg";
import type { ThrowawayCluster } from "./cluster";

/** The credential a consumer reads from its Kubernetes Secret. */
export interface Credential {
    readonly user: string;
    readonly password: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What `pulumi up` drives besides the database, simulated: the cloud store, ESO (forced syncs and refreshes at random
 * moments) writing the Kubernetes Secret, and the consumer: reconnecting clients that read the Secret at every
 * connection (stricter than MLflow, which reads it at start-up: whatever ESO syncs is used at once) and a connection
 * pool opened at each restart, as MLflow's pods do.
 */
export class SimulatedPlatform {
    /** The cloud store's value (JSON {"username","password"}) and when it was written. */
    stored?: string;
    readonly storeWrites: Array<{ at: number; value: string }> = [];
    /** The Kubernetes Secret ESO writes. */
    secret?: Credential & { rotationId: string };
    readonly syncs: Array<{ at: number; user: string; rotationId: string }> = [];
    esoPaused = false;
    /** Every failed client connection or query: the invariant says there are none. */
    readonly failures: Array<{ at: number; what: string }> = [];
    successes = 0;
    restarts = 0;
    private forcedRotationId = "";
    private pool?: Pool;
    private stopping = false;
    private readonly loops: Promise<void>[] = [];

    constructor(private readonly cluster: ThrowawayCluster, private readonly database: string) {}

    /** ESO reads the store and writes the Secret (a forced sync, or a refresh); nothing while ESO is down. */
    sync(): void {
        if (this.esoPaused || this.stored === undefined) {
            return;
        }
        const { username, password } = JSON.parse(this.stored) as { username: string; password: string };
        this.secret = { user: username, password, rotationId: this.forcedRotationId };
        this.syncs.push({ at: Date.now(), user: username, rotationId: this.forcedRotationId });
    }

    /** The ExternalSecret was applied with a new force-sync id. */
    applyExternalSecret(rotationId: string): void {
        this.forcedRotationId = rotationId;
        this.sync();
    }

    /** The restart step: waits (briefly) for the Secret to carry the rotation id, then rolls the pool over. */
    async restart(rotationId: string): Promise<void> {
        const deadline = Date.now() + 1500;
        while (this.secret?.rotationId !== rotationId) {
            if (Date.now() > deadline) {
                throw new Error(`ExternalSecret mlflow-db-credentials did not sync rotation ${rotationId} in time`);
            }
            await sleep(20);
        }
        await this.rollPool();
    }

    /** A rolling restart: new pods (a new pool on the current Secret) start before the old ones stop. */
    async rollPool(): Promise<void> {
        const old = this.pool;
        const secret = this.secret!;
        this.pool = new Pool({ host: this.cluster.socketDir, port: this.cluster.port, database: this.database, user: secret.user, password: secret.password, max: 4, idleTimeoutMillis: 150 });
        this.pool.on("error", () => undefined); // an idle client's error: the next query reconnects
        this.restarts += 1;
        await old?.end();
    }

    /** Starts the ESO refresher, 8 reconnecting clients and 4 pool workers. */
    start(): void {
        const record = (what: string) => (error: Error) => this.failures.push({ at: Date.now(), what: `${what}: ${error.message}` });
        this.loops.push((async () => {
            while (!this.stopping) {
                await sleep(20 + Math.random() * 250);
                this.sync();
            }
        })());
        for (let id = 0; id < 8; id += 1) {
            this.loops.push((async () => {
                while (!this.stopping) {
                    const credential = this.secret;
                    if (!credential) {
                        await sleep(20);
                        continue;
                    }
                    const client = new Client({ host: this.cluster.socketDir, port: this.cluster.port, database: this.database, ...credential });
                    client.on("error", () => undefined);
                    try {
                        await client.connect();
                        await client.query("SELECT 1");
                        this.successes += 1;
                    } catch (error) {
                        record(`client ${id} as ${credential.user}`)(error as Error);
                    } finally {
                        await client.end().catch(() => undefined);
                    }
                }
            })());
        }
        for (let id = 0; id < 4; id += 1) {
            this.loops.push((async () => {
                while (!this.stopping) {
                    const pool = this.pool;
                    if (!pool) {
                        await sleep(20);
                        continue;
                    }
                    try {
                        await pool.query("SELECT 1");
                        this.successes += 1;
                    } catch (error) {
                        // A pool ended by a restart is not a failure of the credential.
                        if (!/Cannot use a pool after calling end/.test((error as Error).message)) {
                            record(`pool worker ${id}`)(error as Error);
                        }
                    }
                    await sleep(5 + Math.random() * 30);
                }
            })());
        }
    }

    /** Stops the loops and the pool; may be called again after a later restart opened a new pool. */
    async stop(): Promise<void> {
        this.stopping = true;
        await Promise.all(this.loops);
        const pool = this.pool;
        this.pool = undefined;
        await pool?.end();
    }
}
