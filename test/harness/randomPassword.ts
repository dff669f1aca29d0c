import { randomInt } from "node:crypto";
import * as bcrypt from "bcryptjs";

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const NUMERIC = "0123456789";
/** The random provider's default special characters. */
const DEFAULT_SPECIAL = "!@#$%&*()-_=+[]{}<>:?";

/** The RandomPassword inputs that shape the value, with the provider's defaults. */
export interface RandomPasswordInputs {
    length: number;
    lower?: boolean;
    upper?: boolean;
    numeric?: boolean;
    special?: boolean;
    minLower?: number;
    minUpper?: number;
    minNumeric?: number;
    minSpecial?: number;
    overrideSpecial?: string;
}

/**
 * Generates a value the way the random provider does: the minimum counts of each class first, the rest from
 * the union of enabled classes, then shuffled. Uses crypto randomness, so two runs never share a value.
 */
export function generatePassword(inputs: RandomPasswordInputs): string {
    const classes: Array<[boolean, string, number]> = [
        [inputs.lower ?? true, LOWER, inputs.minLower ?? 0],
        [inputs.upper ?? true, UPPER, inputs.minUpper ?? 0],
        [inputs.numeric ?? true, NUMERIC, inputs.minNumeric ?? 0],
        [inputs.special ?? true, inputs.overrideSpecial ?? DEFAULT_SPECIAL, inputs.minSpecial ?? 0],
    ];
    const enabled = classes.filter(([on, chars]) => on && chars.length > 0);
    const chars: string[] = [];
    for (const [, set, min] of enabled) {
        for (let i = 0; i < min; i++) {
            chars.push(set[randomInt(set.length)]);
        }
    }
    const all = enabled.map(([, set]) => set).join("");
    while (chars.length < inputs.length) {
        chars.push(all[randomInt(all.length)]);
    }
    for (let i = chars.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [chars[i], chars[j]] = [chars[j], chars[i]];
    }
    return chars.join("");
}

/** A real bcrypt hash at the provider's cost (10) and prefix (`$2a$`, as Go's bcrypt writes). */
export function bcryptLikeProvider(password: string): string {
    return bcrypt.hashSync(password, 10).replace(/^\$2b\$/, "$2a$");
}
