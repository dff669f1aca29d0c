import { Client } from "pg";
import type { ThrowawayCluster } from "./cluster";

/** A client of the cluster over its unix socket; an idle client whose backend ends reports it at its next query. */
export async function connectTo(cluster: ThrowawayCluster, database: string, user: string, password: string): Promise<Client> {
    const client = new Client({ host: cluster.socketDir, port: cluster.port, database, user, password });
    client.on("error", () => undefined);
    await client.connect();
    return client;
}

/** Runs `work` as the cluster's superuser in `database`, then disconnects. */
export async function asClusterAdmin<T>(cluster: ThrowawayCluster, database: string, work: (client: Client) => Promise<T>): Promise<T> {
    const client = await connectTo(cluster, database, cluster.adminUser, cluster.adminPassword);
    try {
        return await work(client);
    } finally {
        await client.end();
    }
}
