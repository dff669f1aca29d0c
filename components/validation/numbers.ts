import { SecretsInputError } from "./inputError";

/** A whole number within [min, max]; `fix` says what the number means to the user. */
export function requireIntegerInRange(argument: string, value: number, min: number, max: number, fix: string): number {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new SecretsInputError(argument, value, `Use a whole number from ${min} to ${max}. ${fix}`);
    }
    return value;
}
