import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as time from "@pulumiverse/time";
import { URL_SAFE_SPECIALS } from "./passwordProfile";
import { PasswordRotationSchedule } from "./rotationScheduleProvider";

export interface RotatingPasswordSettings {
    readonly length: number;
    readonly rotationTrigger: string;
    readonly rotationDays: number;
}

/** A generated password and the record of when it was generated. */
export interface RotatingPassword {
    readonly password: pulumi.Output<string>;
    /** The provider's stable bcrypt hash of the password (`$2a$`, cost 10): it changes only with the password. */
    readonly bcryptHash: pulumi.Output<string>;
    /** Changes exactly when the password does: the manual trigger and the start of the schedule's period. */
    readonly keepers: pulumi.Output<Record<string, string>>;
    /** When this password was generated, RFC 3339; also the rotation id that consumers and ESO see. */
    readonly rotatedAt: pulumi.Output<string>;
    readonly rotatedAtUnix: pulumi.Output<number>;
    readonly resource: random.RandomPassword;
}

/**
 * Creates the random password of a managed secret. Rotation replaces only the RandomPassword (its keepers change)
 * and renews the small `rotated-at` timestamp record beside it; everything that consumes the value updates in place.
 * The schedule (a small stateful resource, see PasswordRotationSchedule) moves its period start only when a rotation is due.
 */
export function createRotatingPassword(name: string, settings: RotatingPasswordSettings, parent: pulumi.Resource): RotatingPassword {
    const schedule = new PasswordRotationSchedule(`${name}-rotation-schedule`, {
        rotationDays: settings.rotationDays,
        rotationTrigger: settings.rotationTrigger,
    }, { parent });
    const keepers = pulumi.output(schedule.periodStartUnix).apply((periodStartUnix): Record<string, string> => ({
        rotationTrigger: settings.rotationTrigger,
        periodStart: String(periodStartUnix),
    }));
    const resource = urlSafePassword(name, settings.length, keepers, parent);
    const rotatedAt = new time.Static(`${name}-rotated-at`, { triggers: keepers }, { parent, dependsOn: [resource] });
    return generated(resource, keepers, rotatedAt);
}

/**
 * The first password of a secret that something other than `pulumi up` rotates: generated once, with no rotation
 * keepers and no schedule, so no later `pulumi up` replaces it. `rotatedAt` is the time it was generated.
 */
export function createSeedPassword(name: string, length: number, parent: pulumi.Resource): RotatingPassword {
    const resource = urlSafePassword(name, length, undefined, parent);
    const generatedAt = new time.Static(`${name}-rotated-at`, {}, { parent, dependsOn: [resource] });
    return generated(resource, pulumi.output<Record<string, string>>({}), generatedAt);
}

/** Letters, digits and the URL-safe specials, at least one of each class but specials. */
function urlSafePassword(
    name: string, length: number, keepers: pulumi.Output<Record<string, string>> | undefined, parent: pulumi.Resource,
): random.RandomPassword {
    return new random.RandomPassword(name, {
        length,
        lower: true,
        upper: true,
        numeric: true,
        special: true,
        overrideSpecial: URL_SAFE_SPECIALS,
        minLower: 1,
        minUpper: 1,
        minNumeric: 1,
        ...(keepers === undefined ? {} : { keepers }),
    }, { parent });
}

function generated(resource: random.RandomPassword, keepers: pulumi.Output<Record<string, string>>, at: time.Static): RotatingPassword {
    return {
        password: resource.result,
        bcryptHash: resource.bcryptHash,
        keepers,
        rotatedAt: at.rfc3339,
        rotatedAtUnix: at.unix,
        resource,
    };
}
