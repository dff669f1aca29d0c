import * as pulumi from "@pulumi/pulumi";

/** What the schedule is asked for at each `pulumi up`: the stack's settings, never a clock reading. */
export interface RotationScheduleSettings {
    readonly rotationDays: number;
    readonly rotationTrigger: string;
}

/** What the schedule keeps in the stack's state between deployments. */
export interface RotationScheduleState {
    readonly rotationTrigger: string;
    /** Start of the current password's period, Unix seconds: when the last rotation was due (or made by the trigger). */
    readonly periodStartUnix: number;
}

/**
 * The schedule after a `pulumi up` at `nowUnix`, or `undefined` when no rotation is due (the password stays):
 * - first deployment: the first period starts now;
 * - the manual trigger changed: a rotation now, and the periods count from now;
 * - `rotationDays` (as set now) have elapsed since the period start: a rotation; the new period starts at the last
 *   boundary (start + k × rotationDays), so a late deployment does not shift the schedule.
 * Changing rotationDays alone moves nothing: a longer period rotates later; a shorter one rotates at once only when it
 * has already elapsed since the last rotation.
 */
export function nextRotationSchedule(
    previous: RotationScheduleState | undefined, settings: RotationScheduleSettings, nowUnix: number,
): RotationScheduleState | undefined {
    if (previous === undefined || previous.rotationTrigger !== settings.rotationTrigger) {
        return { rotationTrigger: settings.rotationTrigger, periodStartUnix: nowUnix };
    }
    const periodSeconds = settings.rotationDays * 86_400;
    const elapsedPeriods = Math.floor((nowUnix - previous.periodStartUnix) / periodSeconds);
    if (elapsedPeriods < 1) {
        return undefined;
    }
    return { rotationTrigger: settings.rotationTrigger, periodStartUnix: previous.periodStartUnix + elapsedPeriods * periodSeconds };
}

/**
 * The schedule as a Pulumi dynamic provider: the clock is read only here, in the provider's diff and update, and the
 * inputs are the settings alone, so a deployment with nothing due changes nothing. The engine calls `diff` at every
 * `pulumi up` and `pulumi preview`; the outputs change only when a rotation is due. Self-contained (no imports used
 * inside), because the engine runs a serialized copy of it.
 */
const provider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: RotationScheduleSettings) {
        const state = nextRotationSchedule(undefined, inputs, Math.floor(Date.now() / 1000))!;
        return { id: "rotation-schedule", outs: state };
    },
    async diff(_id: string, olds: RotationScheduleState, news: RotationScheduleSettings) {
        return { changes: nextRotationSchedule(olds, news, Math.floor(Date.now() / 1000)) !== undefined };
    },
    async update(_id: string, olds: RotationScheduleState, news: RotationScheduleSettings) {
        return { outs: nextRotationSchedule(olds, news, Math.floor(Date.now() / 1000)) ?? olds };
    },
};

export interface PasswordRotationScheduleArgs {
    readonly rotationDays: number;
    readonly rotationTrigger: string;
}

/**
 * When a managed password is due for rotation. Its `periodStartUnix` changes exactly when a rotation is due; the
 * password's keepers carry it.
 */
export class PasswordRotationSchedule extends pulumi.dynamic.Resource {
    declare readonly periodStartUnix: pulumi.Output<number>;
    declare readonly rotationTrigger: pulumi.Output<string>;

    constructor(name: string, args: PasswordRotationScheduleArgs, opts?: pulumi.CustomResourceOptions) {
        super(provider, name, { rotationDays: args.rotationDays, rotationTrigger: args.rotationTrigger, periodStartUnix: undefined }, opts,
            undefined, "PasswordRotationSchedule");
    }
}
