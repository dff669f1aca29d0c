import { requireIntegerInRange } from "../validation/numbers";

/** The seed's production recommendation for database and admin passwords. */
export const DEFAULT_ROTATION_DAYS = 90;

/**
 * The longest period accepted: a password kept longer than a year is not rotated in any sense an audit accepts. The
 * policy pack's `secret-rotation-configured` defaults to this limit, so whatever a component accepts passes the pack.
 */
export const MAX_ROTATION_DAYS = 365;

export function resolveRotationDays(rotationDays: number | undefined): number {
    return requireIntegerInRange("rotationDays", rotationDays ?? DEFAULT_ROTATION_DAYS, 1, MAX_ROTATION_DAYS,
        "It is the number of days between scheduled rotations (the seed recommends 90; the policy pack refuses more than a year).");
}
