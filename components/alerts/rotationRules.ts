import * as pulumi from "@pulumi/pulumi";
import { AlertRuleGroup, AlertSeverity } from "./alertRule";
import { Runbook, runbookUrl } from "./runbooks";

const SECONDS_PER_DAY = 86_400;
const SECONDS_PER_HOUR = 3_600;

/** A managed secret whose rotation is watched: the Kubernetes Secret workloads read, and its schedule. */
export interface ManagedSecretRotation {
    /** Name of the Kubernetes Secret that workloads read (e.g. "mlflow-db-credentials"). */
    readonly name: string;
    /** Namespace of that Secret (e.g. "mlflow"). */
    readonly namespace: string;
    /** Days between scheduled rotations, the same period the rotation code uses. */
    readonly rotationDays: number;
    /**
     * When the value was last rotated, in Unix seconds: the `rotatedAtUnix` output the rotation code records at each
     * rotation. The alert rule changes only when this (or the period) changes.
     */
    readonly lastRotatedUnix: pulumi.Input<number>;
}

/** A managed secret with its last rotation time known. */
export interface RotationSchedule {
    readonly name: string;
    readonly namespace: string;
    readonly rotationDays: number;
    readonly lastRotatedUnix: number;
}

/** The moment the overdue alert starts to fire: the end of the period plus the grace. */
export function rotationDeadlineUnix(schedule: RotationSchedule, graceHours: number): number {
    return schedule.lastRotatedUnix + schedule.rotationDays * SECONDS_PER_DAY + graceHours * SECONDS_PER_HOUR;
}

function isoTime(unixSeconds: number): string {
    return new Date(unixSeconds * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/**
 * One SecretRotationOverdue rule per managed secret. With a scheduled `pulumi up` (ScheduledRotation, or the CI
 * workflow in examples/scheduled-rotation) it is the alarm for a schedule that stopped or keeps failing: a healthy
 * schedule runs well inside the grace, so the rule fires only when no update has rotated the secret for a whole grace. Prometheus has no metric for when a secret was rotated, so the
 * deadline is written into the expression as a constant (`vector(time()) > deadline`); `vector()` because Prometheus
 * refuses a comparison between two scalars. Rules are sorted so the object does not change with the input order.
 */
export function rotationRuleGroup(schedules: RotationSchedule[], graceHours: number, runbookBaseUrl: string): AlertRuleGroup {
    const key = (s: RotationSchedule) => `${s.namespace}/${s.name}`;
    const sorted = [...schedules].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return {
        name: "mlops-secrets-rotation",
        rules: sorted.map((schedule) => {
            const secret = `${schedule.namespace}/${schedule.name}`;
            const dueUnix = schedule.lastRotatedUnix + schedule.rotationDays * SECONDS_PER_DAY;
            return {
                alert: "SecretRotationOverdue",
                expr: `vector(time()) > ${rotationDeadlineUnix(schedule, graceHours)}`,
                labels: { severity: AlertSeverity.Warning, namespace: schedule.namespace, secret: schedule.name },
                annotations: {
                    summary: `Secret ${secret} is overdue for rotation`,
                    description: `Secret ${secret} was last rotated at ${isoTime(schedule.lastRotatedUnix)}. ` +
                        `Its rotation period is ${schedule.rotationDays} days, so it was due at ${isoTime(dueUnix)} ` +
                        `(this alert waits ${graceHours} hours longer). Rotations happen on \`pulumi up\`: if a schedule runs it (Pulumi Cloud or CI), ` +
                        `check that the schedule still runs and why its last deployment failed; otherwise run it.`,
                    runbook_url: runbookUrl(runbookBaseUrl, Runbook.RotationOverdue),
                },
            };
        }),
    };
}
