import * as command from "@pulumi/command";
import { CapturedResource, ProgramRun, runProgram } from "../../harness";

/** The mock runtime is process-wide: programs run one at a time even when tests run concurrently. */
let previous: Promise<unknown> = Promise.resolve();

/**
 * Registers one `command.local.Command` with the given args (built inside the program, so Outputs such as a generated
 * password resolve under the mocks) and returns the run and the Command as the engine received it.
 */
export function captureCommand(
    buildArgs: () => command.local.CommandArgs,
): Promise<{ run: ProgramRun; command: CapturedResource }> {
    const capture = previous.then(async () => {
        const run = await runProgram(() => {
            new command.local.Command("rotation-step", buildArgs());
        });
        const captured = run.resources.find((r) => r.type === "command:local:Command");
        if (captured === undefined) {
            throw new Error("the program registered no command:local:Command");
        }
        return { run, command: captured };
    });
    previous = capture.catch(() => undefined);
    return capture;
}
