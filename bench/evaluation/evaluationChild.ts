// Child process: evaluates one program (components or raw) for one cloud and one size, and prints the measurement.
//   node --expose-gc evaluationChild.js <components|raw> <aws|azure|gcp> <secrets>
import { CloudProvider } from "../../components";
import { childMain } from "../child/childMain";
import { BenchCloud } from "../mock/benchCloud";
import { evaluateProgram } from "../mock/evaluateProgram";
import { parseCloud } from "../programs/benchClouds";
import { componentSecrets } from "../programs/componentSecrets";
import { rawCloud, rawSecrets } from "../programs/rawSecrets";
import { parseSide, ProgramSide } from "./programSide";

/**
 * Loads, before measuring and whichever program runs, every module either program needs for the cloud: the package's
 * lazily loaded store and access modules and the raw program's. Both programs then start from the same module set,
 * so neither pays module loading inside the measurement and peak memory compares like with like.
 */
function preloadModules(cloud: CloudProvider): void {
    switch (cloud) {
        case CloudProvider.Aws:
            require("../../components/stores/aws/parameterStoreSecret");
            require("../../components/access/aws/awsNamespaceAccess");
            break;
        case CloudProvider.Azure:
            require("../../components/stores/azure/keyVaultSecret");
            require("../../components/access/azure/azureNamespaceAccess");
            break;
        case CloudProvider.Gcp:
            require("../../components/stores/gcp/secretManagerSecret");
            require("../../components/access/gcp/gcpNamespaceAccess");
            break;
    }
    rawCloud(cloud);
}

childMain(async ([side, cloudName, secrets]) => {
    const program = parseSide(side);
    const cloud = parseCloud(cloudName);
    const n = Number(secrets);
    if (!Number.isInteger(n) || n < 1) {
        throw new Error(`secrets must be a positive whole number, got ${JSON.stringify(secrets)}`);
    }
    preloadModules(cloud);
    return evaluateProgram(
        program === ProgramSide.Components ? () => componentSecrets(cloud, n) : () => rawSecrets(cloud, n),
        new BenchCloud(),
    );
});
