import * as pulumi from "@pulumi/pulumi";

/** A namespace's access set written as raw resources: its store's name and a way to grant one value. */
export interface RawAccess {
    readonly storeName: string;
    grant(grantName: string, grantScope: pulumi.Output<string>): pulumi.CustomResource;
}

/** A value kept in a cloud store with raw resources. */
export interface RawStored {
    readonly remoteKey: pulumi.Output<string>;
    readonly grantScope: pulumi.Output<string>;
    readonly writtenBy: pulumi.Resource[];
}

/** One cloud's raw resources: the same types and inputs the package registers there, with no component around them. */
export interface RawCloud {
    access(namespace: string): RawAccess;
    store(name: string, value: pulumi.Output<string>, app: string, valueName: string): RawStored;
}

/** The ServiceAccount ESO authenticates as, as the access components name it by default. */
export const READER_SERVICE_ACCOUNT = "external-secrets-reader";
