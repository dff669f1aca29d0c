import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";
import { CloudProvider, MlflowDbSecret } from "../../components";
import { MockCloud, runProgram } from "../harness";
import { only, RANDOM_PASSWORD, ROTATION_SCHEDULE } from "./runQueries";

const FIRST_DEPLOYMENT = Date.UTC(2026, 0, 15, 8, 30, 0);
const DAY_MS = 86_400_000;

beforeEach(() => mock.timers.enable({ apis: ["Date"], now: FIRST_DEPLOYMENT }));
afterEach(() => mock.timers.reset());

const dayOf = (unixSeconds: string) => (Number(unixSeconds) * 1000 - FIRST_DEPLOYMENT) / DAY_MS;

/**
 * One deployment (one MockCloud: the schedule's state and the random values are kept between runs, as in a stack),
 * deployed again at later days with the settings given. The mock engine drives the schedule's serialized provider as
 * the real one does: create, then diff at every run and update only when it reports a change.
 */
function deployment() {
    const cloud = new MockCloud();
    return async (daysAfterFirst: number, settings: { rotationDays?: number; rotationTrigger?: string } = {}) => {
        mock.timers.setTime(FIRST_DEPLOYMENT + daysAfterFirst * DAY_MS);
        const run = await runProgram(() => { new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Aws, ...settings }); }, { cloud });
        const component = only(run, "secrets:index:MlflowDbSecret").rawOutputs!;
        const keepers = only(run, RANDOM_PASSWORD).inputs.keepers;
        return {
            keepers,
            periodStartDay: dayOf(keepers.periodStart),
            password: component.password.value,
            rotatedAt: component.rotatedAt,
            scheduleInputs: only(run, ROTATION_SCHEDULE).rawInputs,
        };
    };
}

test("default 90-day schedule: a deploy on day 89 keeps the password, the first deploy on day 90 rotates it", async () => {
    const deployAt = deployment();
    const first = await deployAt(0);
    assert.deepEqual(first.keepers, { rotationTrigger: "", periodStart: String(FIRST_DEPLOYMENT / 1000) });
    assert.equal(first.rotatedAt, "2026-01-15T08:30:00Z");

    const day89 = await deployAt(89);
    assert.deepEqual(day89, first, "same keepers, same password, same rotation time");
    const lastSecond = await deployAt(90 - 1 / 86_400);
    assert.deepEqual(lastSecond, first, "one second before the period ends nothing changes");

    const day90 = await deployAt(90);
    assert.equal(day90.periodStartDay, 90);
    assert.notEqual(day90.password, first.password);
    assert.equal(day90.rotatedAt, "2026-04-15T08:30:00Z");
});

test("the schedule's inputs are the settings alone: no clock reading, identical on every deploy", async () => {
    const deployAt = deployment();
    const first = await deployAt(0);
    assert.deepEqual(Object.keys(first.scheduleInputs).sort(), ["__provider", "rotationDays", "rotationTrigger"]);
    assert.deepEqual((await deployAt(45)).scheduleInputs, first.scheduleInputs);
    assert.deepEqual((await deployAt(91)).scheduleInputs, first.scheduleInputs, "a rotation changes the schedule's outputs, not its inputs");
});

test("rotationDays: 30 — a late deploy (day 45) rotates once, and the next period still ends on day 60", async () => {
    const deployAt = deployment();
    const settings = { rotationDays: 30 };
    assert.equal((await deployAt(0, settings)).periodStartDay, 0);
    assert.equal((await deployAt(29, settings)).periodStartDay, 0);
    assert.equal((await deployAt(45, settings)).periodStartDay, 30);
    assert.equal((await deployAt(59, settings)).periodStartDay, 30);
    assert.equal((await deployAt(60, settings)).periodStartDay, 60);
});

test("a longer rotationDays rotates only once the new period has elapsed since the last rotation", async () => {
    const deployAt = deployment();
    await deployAt(0, { rotationDays: 30 });
    const rotated = await deployAt(60, { rotationDays: 30 });
    assert.equal(rotated.periodStartDay, 60);
    // 30 → 90 on day 65: under the old period count this moved the index (65/30 → 65/90) and rotated at once.
    const changed = await deployAt(65, { rotationDays: 90 });
    assert.deepEqual(changed.keepers, rotated.keepers);
    assert.equal(changed.password, rotated.password);
    assert.equal((await deployAt(149, { rotationDays: 90 })).password, rotated.password, "day 149: 89 days since the last rotation");
    const due = await deployAt(150, { rotationDays: 90 });
    assert.equal(due.periodStartDay, 150);
    assert.notEqual(due.password, rotated.password);
});

test("a shorter rotationDays rotates at once only when it has already elapsed since the last rotation", async () => {
    const early = deployment();
    const first = await early(0);
    assert.equal((await early(20, { rotationDays: 30 })).password, first.password, "90 → 30 on day 20: 20 days < 30");
    assert.equal((await early(30, { rotationDays: 30 })).periodStartDay, 30);

    const late = deployment();
    const before = await late(0);
    const changed = await late(45, { rotationDays: 30 });
    assert.notEqual(changed.password, before.password, "90 → 30 on day 45: 45 days ≥ 30, due");
    assert.equal(changed.periodStartDay, 30, "the period starts at the last boundary, so the next rotation is due on day 60");
    assert.equal((await late(59, { rotationDays: 30 })).password, changed.password);
    assert.equal((await late(60, { rotationDays: 30 })).periodStartDay, 60);
});

test("the manual trigger rotates now, and the schedule counts from that rotation", async () => {
    const deployAt = deployment();
    const first = await deployAt(0);
    const bumped = await deployAt(10, { rotationTrigger: "1" });
    assert.notEqual(bumped.password, first.password);
    assert.deepEqual(bumped.keepers, { rotationTrigger: "1", periodStart: String((FIRST_DEPLOYMENT + 10 * DAY_MS) / 1000) });
    assert.equal((await deployAt(99, { rotationTrigger: "1" })).password, bumped.password);
    assert.equal((await deployAt(100, { rotationTrigger: "1" })).periodStartDay, 100);
});
