import * as random from "@pulumi/random";
import * as time from "@pulumiverse/time";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { CloudProvider, externalSecretManifest, PasswordRotationSchedule, SecretStoreKind, TargetCreationPolicy, URL_SAFE_SPECIALS } from "../../components";
import { secretPlacement } from "./benchClouds";
import { RawAccess, RawCloud } from "./rawCloud";

/** Each cloud's raw resources, loaded only for that cloud (as the package loads its cloud modules). */
export function rawCloud(cloud: CloudProvider): RawCloud {
    switch (cloud) {
        case CloudProvider.Aws:
            return (require("./rawAws") as typeof import("./rawAws")).rawAws;
        case CloudProvider.Azure:
            return (require("./rawAzure") as typeof import("./rawAzure")).rawAzure;
        case CloudProvider.Gcp:
            return (require("./rawGcp") as typeof import("./rawGcp")).rawGcp;
        case CloudProvider.Vault:
            throw new Error("The benchmarks have no raw baseline for Vault; BENCH_CLOUDS lists the clouds measured.");
    }
}

/**
 * The baseline: the custom resources N PlatformSecrets register (with their namespaces' access sets), with the same
 * types, names and input shapes, written by hand at the stack's top level: no component resources, no argument
 * checks, no component outputs. The bench checks that both programs register the same custom resources per type.
 */
export function rawSecrets(cloud: CloudProvider, secrets: number): void {
    const raw = rawCloud(cloud);
    const accesses = new Map<string, RawAccess>();
    for (let i = 0; i < secrets; i++) {
        const { namespace, app, valueName } = secretPlacement(i);
        let access = accesses.get(namespace);
        if (!access) {
            access = raw.access(namespace);
            accesses.set(namespace, access);
        }
        const name = `secret-${i}`;
        const schedule = new PasswordRotationSchedule(`${name}-rotation-schedule`, { rotationDays: 90, rotationTrigger: "" });
        const keepers = schedule.periodStartUnix.apply((periodStartUnix): Record<string, string> => ({
            rotationTrigger: "",
            periodStart: String(periodStartUnix),
        }));
        const password = new random.RandomPassword(name, {
            length: 32, lower: true, upper: true, numeric: true, special: true, overrideSpecial: URL_SAFE_SPECIALS,
            minLower: 1, minUpper: 1, minNumeric: 1, keepers,
        });
        const rotatedAt = new time.Static(`${name}-rotated-at`, { triggers: keepers }, { dependsOn: [password] });
        const stored = raw.store(name, password.result, app, valueName);
        const grant = access.grant(`${app}-${valueName}`, stored.grantScope);
        const target = `${app}-${valueName}`;
        new CustomResource(name, externalSecretManifest({
            namespace,
            name: target,
            secretStoreName: access.storeName,
            secretStoreKind: SecretStoreKind.SecretStore,
            refreshInterval: "24h",
            targetName: target,
            creationPolicy: TargetCreationPolicy.Owner,
            data: [{ secretKey: "password", remoteKey: stored.remoteKey }],
            templateData: { password: "{{ .password }}" },
            targetLabels: {},
            rotationId: rotatedAt.rfc3339,
        }), { dependsOn: [...stored.writtenBy, grant] });
    }
}
