import { requireIntegerInRange } from "../validation/numbers";

/** The seed's production recommendation for database and admin passwords. */
export const DEFAULT_ROTATION_DAYS = 90;

export function resolveRotationDays(rotationDays: number | undefined): number {
    return requireIntegerInRange("rotationDays", rotationDays ?? DEFAULT_ROTATION_DAYS, 1, 3650,
        "It is the number of days between scheduled rotations (the seed recommends 90).");
}
