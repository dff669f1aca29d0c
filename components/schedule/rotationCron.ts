import { createHash } from "node:crypto";
import { SecretsInputError } from "../validation/inputError";

/** The overdue alert's default grace (SecretAlerts.rotationGraceHours). */
export const DEFAULT_ROTATION_GRACE_HOURS = 24;
/** Intervals a default schedule can use: divisors of a day, so runs fall at the same hours every day. */
const DAY_DIVISORS = [12, 8, 6, 4, 3, 2, 1];
/** Time allowed for one scheduled `pulumi up` to finish. */
const RUN_HOURS = 1;
const FIELDS = [
    { name: "minute", min: 0, max: 59 },
    { name: "hour", min: 0, max: 23 },
    { name: "day of month", min: 1, max: 31 },
    { name: "month", min: 1, max: 12 },
    { name: "day of week", min: 0, max: 7 },
] as const;

/** The hours between runs of a default schedule: half the alert's grace at most, and at most a quarter of the shortest period. */
export function defaultIntervalHours(rotationDays: readonly number[], graceHours: number): number {
    const shortestPeriodHours = Math.min(...rotationDays) * 24;
    const limit = Math.min(graceHours / 2, shortestPeriodHours / 4);
    return DAY_DIVISORS.find((hours) => hours <= limit) ?? 1;
}

/**
 * The default schedule of a stack's unattended `pulumi up`, in UTC: every `defaultIntervalHours` (12 hours for the
 * default 90-day period and 24-hour grace), so a due rotation waits at most that long and a schedule that runs never
 * trips the overdue alert, while one that stopped does. The minute (and the first hour) come from a hash of the
 * stack's name: stable from one run to the next, and spread so that many stacks do not start at the same moment.
 */
export function defaultRotationCron(stackId: string, rotationDays: readonly number[], graceHours = DEFAULT_ROTATION_GRACE_HOURS): string {
    const interval = defaultIntervalHours(rotationDays, graceHours);
    const hash = createHash("sha256").update(stackId).digest();
    const minute = hash[0] % 60;
    const firstHour = hash[1] % interval;
    return interval === 1 ? `${minute} * * * *` : `${minute} ${firstHour}-23/${interval} * * *`;
}

/** One parsed cron field: the values it matches. */
function parseField(field: string, spec: (typeof FIELDS)[number], argument: string, cron: string): Set<number> {
    const values = new Set<number>();
    const refuse = (why: string): never => {
        throw new SecretsInputError(argument, cron,
            `${why} Use five fields "minute hour day-of-month month day-of-week" in UTC, with numbers, '*', ranges a-b, lists a,b and steps */n, e.g. "17 3 * * *" (daily at 03:17 UTC).`);
    };
    for (const part of field.split(",")) {
        const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
        if (!match) {
            refuse(`The ${spec.name} field "${field}" is not understood.`);
        }
        const [, , from, to, step] = match!;
        const start = from === undefined ? spec.min : Number(from);
        const end = to !== undefined ? Number(to) : from !== undefined && step === undefined ? start : spec.max;
        const by = step === undefined ? 1 : Number(step);
        if (start < spec.min || end > spec.max || start > end || by < 1) {
            refuse(`The ${spec.name} field "${field}" is outside ${spec.min}-${spec.max}.`);
        }
        for (let v = start; v <= end; v += by) {
            values.add(spec.name === "day of week" && v === 7 ? 0 : v);
        }
    }
    return values;
}

/** A checked cron schedule and the longest wait between two of its runs. */
export interface CheckedCron {
    readonly cron: string;
    readonly longestGapHours: number;
}

/**
 * Checks a schedule for an unattended `pulumi up`: five fields, UTC, at most one run an hour (the minute field is one
 * number: each run is a whole deployment), and runs close enough together that a due rotation happens before the
 * overdue alert fires: the longest gap over two years (leap day included), plus an hour for the run itself, at most the
 * alert's grace.
 */
export function requireRotationCron(argument: string, cron: string, graceHours = DEFAULT_ROTATION_GRACE_HOURS): CheckedCron {
    const fields = typeof cron === "string" ? cron.trim().split(/\s+/) : [];
    if (fields.length !== 5) {
        throw new SecretsInputError(argument, cron,
            'Use five fields "minute hour day-of-month month day-of-week", in UTC, e.g. "17 3 * * *" (daily at 03:17 UTC); seconds and years are not part of it.');
    }
    const [minutes, hours, days, months, weekdays] = fields.map((f, i) => parseField(f, FIELDS[i], argument, cron));
    if (minutes.size !== 1) {
        throw new SecretsInputError(argument, cron,
            "Run at most once an hour: give the minute field one number (e.g. \"17\"). Each run is a whole `pulumi up`; rotations are due in days.");
    }
    // Cron's rule: with both day fields restricted, a day matches either.
    const dayRestricted = fields[2] !== "*", weekdayRestricted = fields[4] !== "*";
    const matchesDay = (d: Date) => {
        const byDay = days.has(d.getUTCDate()), byWeekday = weekdays.has(d.getUTCDay());
        return dayRestricted && weekdayRestricted ? byDay || byWeekday : byDay && byWeekday;
    };
    const start = Date.UTC(2027, 0, 1);
    const runs: number[] = [];
    for (let h = 0; h < 2 * 366 * 24; h++) {
        const t = new Date(start + h * 3_600_000);
        if (hours.has(t.getUTCHours()) && months.has(t.getUTCMonth() + 1) && matchesDay(t)) {
            runs.push(h);
        }
    }
    if (runs.length < 2) {
        throw new SecretsInputError(argument, cron, "The schedule (almost) never runs: check the day-of-month and month fields.");
    }
    const longestGapHours = Math.max(...runs.slice(1).map((h, i) => h - runs[i]), runs[0] + 2 * 366 * 24 - runs[runs.length - 1]);
    if (longestGapHours + RUN_HOURS > graceHours) {
        throw new SecretsInputError(argument, cron,
            `Runs can be ${longestGapHours} hours apart; with an hour for the run that is more than the overdue alert's grace of ${graceHours} hours, so a rotation could be late enough to alert while the schedule works. Run at least every ${graceHours - RUN_HOURS} hours (e.g. "17 */12 * * *") or raise the alert's rotationGraceHours.`);
    }
    return { cron: fields.join(" "), longestGapHours };
}
