/** Which program an evaluation runs. */
export enum ProgramSide {
    /** N PlatformSecrets through the package. */
    Components = "components",
    /** The same custom resources registered by hand. */
    Raw = "raw",
}

export function parseSide(value: string | undefined): ProgramSide {
    if (!Object.values(ProgramSide).includes(value as ProgramSide)) {
        throw new Error(`Unknown program ${JSON.stringify(value)}; use one of ${Object.values(ProgramSide).join(", ")}`);
    }
    return value as ProgramSide;
}
