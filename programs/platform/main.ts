// Entry point the Pulumi CLI runs (Pulumi.yaml `main`); stack outputs are what the program returns.
import { platformSecrets } from "./index";

export = platformSecrets();
