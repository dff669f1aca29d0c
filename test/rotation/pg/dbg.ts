import { startThrowawayCluster } from "./cluster";
import { Client } from "pg";
import * as pulumi from "@pulumi/pulumi";
import { CloudProvider, MlflowDbSecret } from "../../../components";
import { runProgram } from "../../harness";
import { ProviderRunCloud } from "./providerRun";
const server = startThrowawayCluster({ tls: true });
(async () => {
  try {
    const admin = new Client({ host: server.socketDir, port: server.port, database: "postgres", user: server.adminUser, password: server.adminPassword });
    await admin.connect(); await admin.query("CREATE DATABASE mlflow"); await admin.end();
    const cloud = new ProviderRunCloud(process.cwd(), /-postgres$/, { onApply: (t, n) => console.log("apply", t, n) });
    const t0 = Date.now();
    await runProgram(() => new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Aws, database: { host: "localhost", port: server.port, adminPassword: pulumi.secret(server.adminPassword), caBundlePem: server.caPem } }), { cloud }).catch(e => console.log("ERR", e.message));
    console.log(Date.now() - t0, cloud.runs);
  } finally { server.stop(); }
})();
