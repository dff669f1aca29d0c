import { SecretsInputError } from "./inputError";

const GO_DURATION = /^([0-9]+(h|m|s))+$/;

/**
 * An ESO refresh interval: a Go duration such as "24h" or "1h30m". Zero is refused: with `refreshInterval: 0`
 * ESO stops syncing after the first time, so neither refreshes nor the forced sync after a rotation would reach the Secret.
 */
export function requireRefreshInterval(argument: string, value: string): string {
    if (!GO_DURATION.test(value) || /^(0+(h|m|s))+$/.test(value)) {
        throw new SecretsInputError(argument, value,
            "Use a non-zero Go duration made of hours, minutes and seconds, e.g. \"24h\" or \"1h30m\" (zero would stop syncing after the first time).");
    }
    return value;
}
