import * as pulumi from "@pulumi/pulumi";

/**
 * Runs `check` on an input as soon as its value is known: at once for a plain string, so a bad value stops the program
 * before any resource is registered, and on resolution for an output (another resource's id), before the resource
 * that consumes it is sent.
 */
export function checkedInput(input: pulumi.Input<string>, check: (value: string) => string): pulumi.Output<string> {
    if (typeof input === "string" || input === undefined) {
        return pulumi.output(check(input as string));
    }
    return pulumi.output(input).apply(check);
}
