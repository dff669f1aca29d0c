import { ResourceValidationPolicy } from "@pulumi/policy";
import { allowedKeysSchema, isCredentialKey, isLiteralValue } from "../lib/credentialNames";
import { credentialArguments, unmistakableCredential } from "../lib/credentialValues";
import { declaredObjects, DeclaredObject, describeObject, rawProps } from "../lib/kubernetesObject";
import { containersIn } from "../lib/podContainers";
import { describeFindings, Finding, scanValue } from "../lib/valueScan";

export interface NoCredentialEnvLiteralsConfig {
    readonly allowedKeys?: readonly string[];
}

/** Objects other policies own: Secrets, ConfigMaps, External Secrets Operator objects, Argo CD Applications (Helm values). */
function ownedElsewhere(d: DeclaredObject): boolean {
    return (d.group === "" && /^(Secret|SecretList|ConfigMap|ConfigMapList|List)$/.test(d.kind)) ||
        d.group === "external-secrets.io" || d.group === "generators.external-secrets.io" ||
        (d.group === "argoproj.io" && /^(Application|ApplicationSet)$/.test(d.kind));
}

/** Built-in API groups whose specs are checked through their containers only. */
const BUILT_IN_GROUPS = new Set(["", "apps", "batch", "policy", "networking.k8s.io", "rbac.authorization.k8s.io", "autoscaling", "storage.k8s.io"]);

/** Credentials in the containers of an object, wherever its PodSpec is embedded, and in a custom resource's spec. */
function findings(d: DeclaredObject, allowedKeys: readonly string[]): Finding[] {
    const prefix = d.path ? `${d.path}.` : "";
    const found: Finding[] = [];
    for (const container of containersIn(d.object, "")) {
        const at = `${prefix}${container.path}`;
        container.env.forEach((env, i) => {
            if (typeof env !== "object" || env === null || env.valueFrom !== undefined || typeof env.value !== "string") {
                return;
            }
            if (env.name !== undefined && isCredentialKey(env.name, allowedKeys) && isLiteralValue(env.value)) {
                found.push({ path: `${at}.env[${i}].value (${env.name})`, what: "a literal under a credential name" });
            } else {
                const token = unmistakableCredential(env.value);
                if (token) {
                    found.push({ path: `${at}.env[${i}].value (${env.name})`, what: token });
                }
            }
        });
        for (const field of ["command", "args"] as const) {
            for (const [index, what] of credentialArguments(container[field], allowedKeys)) {
                found.push({ path: `${at}.${field}[${index}]`, what });
            }
        }
    }
    // A custom resource (Argo Workflow parameters, an operator's spec): credential-named literals and tokens anywhere.
    if (!BUILT_IN_GROUPS.has(d.group) && typeof d.object.spec === "object") {
        // Container env and args were judged above with the container rules.
        found.push(...scanValue(d.object.spec, `${prefix}spec`, { allowedKeys }).filter((f) => !/\.(env|args|command)\[\d+\]/.test(f.path)));
    }
    return found;
}

/**
 * A credential written into a workload spec sits in state, in `kubectl get -o yaml`, in every ReplicaSet revision.
 * `valueFrom.secretKeyRef` to the Secret an ExternalSecret syncs keeps it out.
 */
export const noCredentialEnvLiterals: ResourceValidationPolicy = {
    name: "no-credential-env-literals",
    description:
        "Pod specs, wherever they are embedded (Deployments, CronJobs, Argo Rollouts and Workflows, any custom resource), and " +
        "custom resource specs must not carry credentials: no literal env value under a credential name (DB_PASS, MYSQL_PWD, " +
        "API_KEY, ...), no --password=… argument, no connection URI with a password, no token or private key in any value. " +
        "Use env valueFrom.secretKeyRef to the Secret an ExternalSecret syncs from the cloud secret store.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { allowedKeys: allowedKeysSchema } },
    validateResource: (args, reportViolation) => {
        const allowedKeys = args.getConfig<NoCredentialEnvLiteralsConfig>().allowedKeys ?? [];
        for (const d of declaredObjects(args.type, rawProps(args))) {
            if (ownedElsewhere(d)) {
                continue;
            }
            const found = findings(d, allowedKeys);
            if (found.length > 0) {
                reportViolation(
                    `${describeObject(d, args.name)} carries credentials in ${describeFindings(found)}. Read them from a Secret ` +
                    `an ExternalSecret syncs (env valueFrom.secretKeyRef, or a file from a Secret volume passed as --password-file), ` +
                    `or list a key that is not a credential in this policy's allowedKeys.`,
                );
            }
        }
    },
};
