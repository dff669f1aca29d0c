import { requireIntegerInRange } from "../validation/numbers";

export const SECONDS_PER_DAY = 86_400;

/** The seed's production recommendation for database and admin passwords. */
export const DEFAULT_ROTATION_DAYS = 90;

export function resolveRotationDays(rotationDays: number | undefined): number {
    return requireIntegerInRange("rotationDays", rotationDays ?? DEFAULT_ROTATION_DAYS, 1, 3650,
        "It is the number of days between scheduled rotations (the seed recommends 90).");
}

/**
 * How many whole rotation periods have passed since the schedule's anchor (the first deployment).
 * The value changes exactly when a period ends, so a `pulumi up` inside a period changes nothing and the
 * first `pulumi up` after the period rotates.
 */
export function rotationPeriodIndex(anchorUnixSeconds: number, nowUnixSeconds: number, rotationDays: number): number {
    const elapsed = nowUnixSeconds - anchorUnixSeconds;
    return elapsed <= 0 ? 0 : Math.floor(elapsed / (rotationDays * SECONDS_PER_DAY));
}
