import assert from "node:assert/strict";
import { afterEach, beforeEach, mock, test } from "node:test";
import { CloudProvider, MlflowDbSecret } from "../../components";
import { MockCloud, runProgram } from "../harness";
import { only, RANDOM_PASSWORD } from "./runQueries";

const FIRST_DEPLOYMENT = Date.UTC(2026, 0, 15, 8, 30, 0);
const DAY_MS = 86_400_000;

beforeEach(() => mock.timers.enable({ apis: ["Date"], now: FIRST_DEPLOYMENT }));
afterEach(() => mock.timers.reset());

/** One deployment (one MockCloud, so the schedule's anchor is written once), deployed again at later times. */
function deployment(rotationDays?: number) {
    const cloud = new MockCloud();
    return async (daysAfterFirst: number) => {
        mock.timers.setTime(FIRST_DEPLOYMENT + daysAfterFirst * DAY_MS);
        const run = await runProgram(() => { new MlflowDbSecret("mlflow-db", { cloud: CloudProvider.Aws, rotationDays }); }, { cloud });
        const component = only(run, "secrets:index:MlflowDbSecret").rawOutputs!;
        return { keepers: only(run, RANDOM_PASSWORD).inputs.keepers, password: component.password.value, rotatedAt: component.rotatedAt };
    };
}

test("default 90-day schedule: a deploy on day 89 keeps the password, the first deploy on day 90 rotates it", async () => {
    const deployAt = deployment();
    const first = await deployAt(0);
    assert.deepEqual(first.keepers, { rotationTrigger: "", rotationPeriod: "0" });
    assert.equal(first.rotatedAt, "2026-01-15T08:30:00Z");

    const day89 = await deployAt(89);
    assert.deepEqual(day89, first, "same keepers, same password, same rotation time");
    const lastSecond = await deployAt(90 - 1 / 86_400);
    assert.deepEqual(lastSecond, first, "one second before the period ends nothing changes");

    const day90 = await deployAt(90);
    assert.deepEqual(day90.keepers, { rotationTrigger: "", rotationPeriod: "1" });
    assert.notEqual(day90.password, first.password);
    assert.equal(day90.rotatedAt, "2026-04-15T08:30:00Z");
});

test("rotationDays: 30 counts periods from the first deployment, not from the last rotation's deploy", async () => {
    const deployAt = deployment(30);
    assert.equal((await deployAt(0)).keepers.rotationPeriod, "0");
    assert.equal((await deployAt(29)).keepers.rotationPeriod, "0");
    // A late deploy (day 45) rotates once; the next period still ends on day 60.
    assert.equal((await deployAt(45)).keepers.rotationPeriod, "1");
    assert.equal((await deployAt(59)).keepers.rotationPeriod, "1");
    assert.equal((await deployAt(60)).keepers.rotationPeriod, "2");
});
