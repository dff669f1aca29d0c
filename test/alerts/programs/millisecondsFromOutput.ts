// Run as its own process by inputErrors.test.ts: a deployment whose rotation time arrives as an output in milliseconds.
import * as pulumi from "@pulumi/pulumi";
import { SecretAlerts } from "../../../components/alerts";
import { runProgram } from "../../harness";

void runProgram(() => new SecretAlerts("alerts", {
    managedSecrets: [{ name: "mlflow-db-credentials", namespace: "mlflow", rotationDays: 90, lastRotatedUnix: pulumi.output(1_790_000_000_000) }],
})).then((run) => console.log(`registered: ${run.resources.map((r) => r.name).join(",")}`));
