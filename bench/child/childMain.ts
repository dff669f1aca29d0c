/**
 * Runs a bench child's measurement and prints its result as one JSON document on stdout (the parent reads nothing
 * else from stdout); a failure goes to stderr with a non-zero exit code.
 */
export function childMain(measure: (args: string[]) => Promise<unknown>): void {
    measure(process.argv.slice(2)).then(
        (result) => process.stdout.write(JSON.stringify(result)),
        (error: unknown) => {
            process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
            process.exitCode = 1;
        },
    );
}
