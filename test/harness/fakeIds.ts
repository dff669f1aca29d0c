import { createHash } from "node:crypto";

export const FAKE_AWS_ACCOUNT = "123456789012";
export const FAKE_AWS_REGION = "us-east-1";
export const FAKE_AZURE_SUBSCRIPTION = "00000000-0000-4000-8000-000000000001";
export const FAKE_AZURE_TENANT = "00000000-0000-4000-8000-000000000002";
export const FAKE_GCP_PROJECT_NUMBER = "123456789012";

/** A GUID derived from a seed, so ids are stable across runs of the same program. */
export function stableGuid(seed: string): string {
    const h = createHash("sha256").update(seed).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
