import { SecretsInputError } from "../../validation/inputError";
import { requireIntegerInRange } from "../../validation/numbers";

/** An AWS rotation schedule in the terms the refresh arithmetic needs. */
export interface AwsRotationPeriod {
    /** Days between rotations (`rate(<n> days)`). */
    readonly rotationDays: number;
    /** Hours of the rotation window, starting at midnight UTC; Secrets Manager rotates at any time inside it. */
    readonly windowHours: number;
}

/** ESO's refresh interval for a secret AWS rotates, and the numbers it was derived from. */
export interface DerivedRefreshInterval {
    /** The shortest time between two rotations: `rotationDays × 24 − windowHours`. */
    readonly shortestGapHours: number;
    /** The refresh interval in hours (may be fractional). */
    readonly hours: number;
    /** The same as a Go duration for `spec.refreshInterval`, e.g. "5h" or "4h45m". */
    readonly goDuration: string;
}

/** Never longer than the package's default for secrets Pulumi rotates. */
const MAX_REFRESH_MINUTES = 24 * 60;

/**
 * How often ESO must re-read a secret that AWS's multi-user function rotates.
 *
 * Under alternating users a credential read at time t stays valid until the second rotation after t: the next rotation
 * gives the other login a new password, the one after gives this login one. Read just before a rotation, it therefore
 * has one gap between rotations left, and the shortest gap is `rotationDays × 24 − windowHours` (each rotation happens
 * anywhere in its window, which starts at midnight UTC). ESO's next read plus the Reloader's restart must fit in that gap.
 * The interval is a quarter of it (at most 24 h), which leaves three quarters for the restart and for ESO retrying a failed
 * read (the ExternalSecretNotReady alert fires after 10 minutes): e.g. 1 day with a 4-hour window → gap 20 h → 5 h;
 * 30 days → gap 716 h → 24 h.
 */
export function refreshIntervalForRotation(period: AwsRotationPeriod, argument = "awsManagedRotation"): DerivedRefreshInterval {
    const days = requireIntegerInRange("rotationDays", period.rotationDays, 1, 1000, "It is the period of AWS's rotation (Secrets Manager allows 1-1000 days).");
    const window = requireIntegerInRange(`${argument}.rotationWindowHours`, period.windowHours, 1, 24,
        "Secrets Manager rotates at any time in this window, which starts at midnight UTC and must end the same day.");
    const shortestGapHours = days * 24 - window;
    if (shortestGapHours < 4) {
        throw new SecretsInputError(`${argument}.rotationWindowHours`, window,
            `With rotationDays ${days}, two rotations could come ${shortestGapHours} h apart, too close for ESO to sync and the consumers to restart ` +
            "in between. Use a window of at most 20 hours (e.g. 4), or a longer rotationDays.");
    }
    const minutes = Math.min(MAX_REFRESH_MINUTES, Math.floor((shortestGapHours * 60) / 4));
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return { shortestGapHours, hours: minutes / 60, goDuration: `${h > 0 ? `${h}h` : ""}${m > 0 ? `${m}m` : ""}` };
}

/** Minutes of a Go duration made of hours, minutes and seconds (as `requireRefreshInterval` accepts them), e.g. "1h30m" → 90. */
export function goDurationMinutes(duration: string): number {
    let minutes = 0;
    for (const [, amount, unit] of duration.matchAll(/(\d+)(h|m|s)/g)) {
        minutes += Number(amount) * ({ h: 60, m: 1, s: 1 / 60 } as Record<string, number>)[unit];
    }
    return minutes;
}
