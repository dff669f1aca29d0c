/** What the cold-start program loads before the package. */
export enum ColdStartVariant {
    /** Only the package: the AWS program as a user writes it. */
    Package = "package",
    /** The same program, after importing the roots of the three cloud SDKs (`@pulumi/aws`, `@pulumi/azure-native`, `@pulumi/gcp`). */
    SdkRoots = "sdk-roots",
}

export function parseVariant(value: string | undefined): ColdStartVariant {
    if (!Object.values(ColdStartVariant).includes(value as ColdStartVariant)) {
        throw new Error(`Unknown variant ${JSON.stringify(value)}; use one of ${Object.values(ColdStartVariant).join(", ")}`);
    }
    return value as ColdStartVariant;
}
