import { PolicyPack } from "@pulumi/policy";
import { packArgs, packName } from "./pack";

// Serves the pack to the Pulumi engine (`pulumi preview --policy-pack policy`): this starts the gRPC server.
new PolicyPack(packName, packArgs);
