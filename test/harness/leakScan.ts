import { ProgramRun } from "./runProgram";
import { isWireSecret } from "./secretMarker";

/** A place where a generated secret value was found outside a secret wrapper. */
export interface Leak {
    /** e.g. `urn:...::mlflow-db-password input spec.data[0]`, `stack output password`. */
    readonly where: string;
}

/**
 * Fields whose value ends up in plain text outside Pulumi's encrypted state, so a secret there leaks even if wrapped:
 * a command's command line or path, and a ConfigMap's data (readable by anyone who may read ConfigMaps in the namespace).
 */
const PLAINTEXT_FIELDS: Record<string, string[]> = {
    "command:local:Command": ["create", "update", "delete", "interpreter", "dir", "triggers"],
    "kubernetes:core/v1:ConfigMap": ["data", "binaryData"],
};

/**
 * Finds every generated secret value (the fake providers record them) that appears in plain text in what the program
 * registered: resource inputs, component outputs, stack outputs. A value inside the engine's secret wrapper is encrypted
 * in state and masked in logs, so it does not count, except in the PLAINTEXT_FIELDS above.
 */
export function findLeaks(run: ProgramRun): Leak[] {
    const secrets = run.cloud.generatedSecrets.filter((s) => s.length >= 8);
    const leaks: Leak[] = [];
    const scan = (value: unknown, where: string, insideSecret: boolean, honourWrappers: boolean) => {
        if (isWireSecret(value)) {
            scan(value.value, where, true, honourWrappers);
        } else if (Array.isArray(value)) {
            value.forEach((v, i) => scan(v, `${where}[${i}]`, insideSecret, honourWrappers));
        } else if (typeof value === "object" && value !== null) {
            for (const [k, v] of Object.entries(value)) {
                scan(v, `${where}.${k}`, insideSecret, honourWrappers);
            }
        } else if (typeof value === "string" && !(insideSecret && honourWrappers) && secrets.some((s) => value.includes(s))) {
            leaks.push({ where });
        }
    };
    for (const r of run.resources) {
        const plaintextFields = PLAINTEXT_FIELDS[r.type] ?? [];
        for (const [field, value] of Object.entries(r.rawInputs)) {
            scan(value, `${r.urn} input ${field}`, false, !plaintextFields.includes(field));
        }
        if (r.rawOutputs) {
            scan(r.rawOutputs, `${r.urn} output`, false, true);
        }
    }
    scan(run.rawStackOutputs, "stack output", false, true);
    return leaks;
}

export function assertNoLeaks(run: ProgramRun): void {
    if (run.cloud.generatedSecrets.length === 0) {
        throw new Error("assertNoLeaks: the program generated no secret, so the scan would prove nothing");
    }
    const leaks = findLeaks(run);
    if (leaks.length > 0) {
        throw new Error(`Secret values leaked in plain text:\n${leaks.map((l) => `  - ${l.where}`).join("\n")}`);
    }
}
