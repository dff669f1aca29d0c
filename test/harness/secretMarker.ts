/** The engine's wire form of a secret value: `{[SECRET_SIG_KEY]: SECRET_SIG, value}`. */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface WireSecret {
    [SECRET_SIG_KEY]: string;
    value: unknown;
}

export function isWireSecret(value: unknown): value is WireSecret {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG;
}

export function wireSecret(value: unknown): WireSecret {
    return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

/** The same value with every secret wrapper removed: what a resource would see. */
export function unwrapSecrets(value: unknown): unknown {
    if (isWireSecret(value)) {
        return unwrapSecrets(value.value);
    }
    if (Array.isArray(value)) {
        return value.map(unwrapSecrets);
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
    }
    return value;
}
