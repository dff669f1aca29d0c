import { CloudProvider } from "../../components";
import { BenchBuild } from "../build/compileForBench";
import { spawnChild } from "../child/spawnChild";

type TypeCounts = Record<string, number>;

interface Registrations {
    readonly custom: TypeCounts;
    readonly components: TypeCounts;
}

/** One generated ExternalSecret, as ESO would read it. */
export interface ExternalSecretFacts {
    readonly name: string;
    readonly dataEntries: number;
    readonly dataFromEntries: number;
    readonly refreshInterval?: string;
    readonly refreshPolicy?: string;
    readonly forceSync?: string;
}

interface ResourcesSample {
    readonly oneSecret: Registrations;
    readonly twoSecretsOneNamespace: Registrations;
    readonly twoSecretsTwoNamespaces: Registrations;
    readonly platform: Registrations;
    readonly platformDeployed: ExternalSecretFacts[];
    readonly platformRotated: ExternalSecretFacts[];
}

export interface ResourceCounts {
    readonly cloud: CloudProvider;
    /** Added by one more secret in a namespace that already has one. */
    readonly perSecret: Registrations;
    /** Added by the first secret of a new namespace, beyond the secret's own. */
    readonly perNamespace: Registrations;
    /** What one secret alone registers beyond its per-secret and per-namespace share (none expected). */
    readonly fixed: Registrations;
    /** The platform's four typed secrets (MLflow, MinIO, Argo CD, Grafana) with default settings. */
    readonly platform: Registrations;
    readonly platformDeployed: ExternalSecretFacts[];
    readonly platformRotated: ExternalSecretFacts[];
}

function subtract(a: TypeCounts, b: TypeCounts): TypeCounts {
    const types = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return Object.fromEntries(types.map((t) => [t, (a[t] ?? 0) - (b[t] ?? 0)] as const).filter(([, n]) => n !== 0));
}

function minus(a: Registrations, b: Registrations): Registrations {
    return { custom: subtract(a.custom, b.custom), components: subtract(a.components, b.components) };
}

export function total(counts: TypeCounts): number {
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/**
 * Counts what the package registers per secret and per namespace on each cloud, by difference between captured runs:
 * one secret; two secrets in one namespace (minus one secret = per secret); two secrets in two namespaces (minus two
 * in one = per namespace).
 */
export async function measureResources(build: BenchBuild, clouds: CloudProvider[], progress: (line: string) => void): Promise<ResourceCounts[]> {
    const script = build.script("bench/resources/resourcesChild.ts");
    const results: ResourceCounts[] = [];
    for (const cloud of clouds) {
        const { result: s } = await spawnChild<ResourcesSample>(script, [cloud]);
        const perSecret = minus(s.twoSecretsOneNamespace, s.oneSecret);
        const perNamespace = minus(s.twoSecretsTwoNamespaces, s.twoSecretsOneNamespace);
        results.push({
            cloud,
            perSecret,
            perNamespace,
            fixed: minus(minus(s.oneSecret, perSecret), perNamespace),
            platform: s.platform,
            platformDeployed: s.platformDeployed,
            platformRotated: s.platformRotated,
        });
        progress(`resources ${cloud}: ${total(perSecret.custom)} per secret, ${total(perNamespace.custom)} per namespace`);
    }
    return results;
}
