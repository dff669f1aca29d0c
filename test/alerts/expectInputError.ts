import assert from "node:assert/strict";
import { SecretsInputError } from "../../components/validation/inputError";
import { attemptProgram } from "../harness";

/**
 * Runs a program that constructs a component with bad arguments: the constructor must throw a SecretsInputError that
 * names `argument` and matches `message`, and nothing may have been registered with the engine.
 */
export async function expectInputError(construct: () => unknown, argument: string, message: RegExp): Promise<void> {
    const { error: thrown, run } = await attemptProgram(construct);
    assert.ok(thrown instanceof SecretsInputError, `expected a SecretsInputError, got ${String(thrown)}`);
    assert.equal(thrown.argument, argument);
    assert.match(thrown.message, message);
    assert.deepEqual(run.resources.map((r) => r.type), [], "nothing is registered before the error");
}
