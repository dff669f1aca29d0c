/**
 * An in-memory Secrets Manager: one secret's versions and their staging labels, with the API calls the rotation function
 * makes and the service's own part of a rotation. What it models, from the Secrets Manager API Reference:
 * - `PutSecretValue` with `VersionStages` attaches those labels to the new version, moving each from wherever it was;
 *   without `VersionStages` it attaches AWSCURRENT ("PutSecretValue").
 * - Moving AWSCURRENT to another version moves AWSPREVIOUS onto the version that held AWSCURRENT ("UpdateSecretVersionStage").
 * - A rotation (`RotateSecret`) first makes a version with a new ClientRequestToken carrying AWSPENDING and no value, then
 *   invokes the function with createSecret, setSecret, testSecret, finishSecret; after a successful rotation AWSPENDING may
 *   stay on the AWSCURRENT version, and an AWSPENDING left on another version makes the next RotateSecret refuse
 *   ("RotateSecret"). Not modelled: resource policies, KMS, throttling, the service's retries.
 */
import { randomBytes, randomUUID } from "node:crypto";

export class ResourceNotFoundException extends Error {
    readonly name = "ResourceNotFoundException";
}

export class InvalidRequestException extends Error {
    readonly name = "InvalidRequestException";
}

interface Version {
    secretString?: string;
    stages: Set<string>;
}

/** A secret's versions by id, as DescribeSecret's `VersionIdsToStages` shows them. */
export type VersionIdsToStages = Record<string, string[]>;

export class SimulatedSecretsManager {
    private readonly secrets = new Map<string, { versions: Map<string, Version>; rotationEnabled: boolean; tags: Record<string, string> }>();
    /** Every API call, in order, as `<Operation> <SecretId>`: what CloudTrail would list. */
    readonly calls: string[] = [];

    createSecret(arn: string, secretString: string, tags: Record<string, string> = {}): string {
        const versionId = randomUUID();
        this.secrets.set(arn, { versions: new Map([[versionId, { secretString, stages: new Set(["AWSCURRENT"]) }]]), rotationEnabled: false, tags });
        return versionId;
    }

    private secret(arn: string) {
        const secret = this.secrets.get(arn);
        if (!secret) {
            throw new ResourceNotFoundException(`Secrets Manager can't find the specified secret ${arn}.`);
        }
        return secret;
    }

    private moveStage(arn: string, stage: string, toVersionId: string): void {
        const { versions } = this.secret(arn);
        let from: string | undefined;
        for (const [id, version] of versions) {
            if (version.stages.delete(stage)) {
                from = id;
            }
        }
        versions.get(toVersionId)!.stages.add(stage);
        if (stage === "AWSCURRENT" && from !== undefined && from !== toVersionId) {
            this.moveStage(arn, "AWSPREVIOUS", from);
        }
    }

    describeSecret(arn: string): { RotationEnabled: boolean; VersionIdsToStages: VersionIdsToStages; Tags: Array<{ Key: string; Value: string }> } {
        this.calls.push(`DescribeSecret ${arn}`);
        const secret = this.secret(arn);
        return {
            RotationEnabled: secret.rotationEnabled,
            VersionIdsToStages: Object.fromEntries([...secret.versions].filter(([, v]) => v.stages.size > 0).map(([id, v]) => [id, [...v.stages].sort()])),
            Tags: Object.entries(secret.tags).map(([Key, Value]) => ({ Key, Value })),
        };
    }

    getSecretValue(arn: string, options: { VersionStage?: string; VersionId?: string }): { SecretString: string; VersionId: string } {
        this.calls.push(`GetSecretValue ${arn}`);
        const stage = options.VersionStage ?? (options.VersionId ? undefined : "AWSCURRENT");
        for (const [id, version] of this.secret(arn).versions) {
            if ((options.VersionId === undefined || options.VersionId === id) && (stage === undefined || version.stages.has(stage))) {
                if (version.secretString === undefined) {
                    break;
                }
                return { SecretString: version.secretString, VersionId: id };
            }
        }
        throw new ResourceNotFoundException(`Secrets Manager can't find the specified secret value for staging label: ${stage ?? "(none)"}`);
    }

    putSecretValue(arn: string, options: { ClientRequestToken: string; SecretString: string; VersionStages?: string[] }): void {
        this.calls.push(`PutSecretValue ${arn}`);
        const { versions } = this.secret(arn);
        const existing = versions.get(options.ClientRequestToken);
        if (existing?.secretString !== undefined && existing.secretString !== options.SecretString) {
            throw new InvalidRequestException("You can't modify an existing version, you can only create a new version.");
        }
        if (!existing) {
            versions.set(options.ClientRequestToken, { stages: new Set() });
        }
        versions.get(options.ClientRequestToken)!.secretString = options.SecretString;
        for (const stage of options.VersionStages ?? ["AWSCURRENT"]) {
            this.moveStage(arn, stage, options.ClientRequestToken);
        }
    }

    updateSecretVersionStage(arn: string, options: { VersionStage: string; MoveToVersionId: string; RemoveFromVersionId?: string }): void {
        this.calls.push(`UpdateSecretVersionStage ${arn}`);
        const { versions } = this.secret(arn);
        if (options.RemoveFromVersionId !== undefined && !versions.get(options.RemoveFromVersionId)?.stages.has(options.VersionStage)) {
            throw new InvalidRequestException(`The staging label ${options.VersionStage} is not attached to version ${options.RemoveFromVersionId}.`);
        }
        this.moveStage(arn, options.VersionStage, options.MoveToVersionId);
    }

    /** GetRandomPassword with the function's defaults: 32 characters, `:/@"'\` excluded (EXCLUDE_CHARACTERS). */
    getRandomPassword(length = 32, exclude = ":/@\"'\\"): string {
        this.calls.push("GetRandomPassword");
        const alphabet = [...Array(94)].map((_, i) => String.fromCharCode(33 + i)).filter((c) => !exclude.includes(c));
        return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
    }

    /**
     * The service's side of RotateSecret: a new version carrying AWSPENDING, then the four steps of `invoke`. A failing step
     * leaves AWSPENDING where it is, as the service does. Returns the new version's token.
     */
    async rotate(arn: string, invoke: (step: RotationStep, token: string) => Promise<void>, between?: (step: RotationStep) => Promise<void>): Promise<string> {
        const secret = this.secret(arn);
        secret.rotationEnabled = true;
        const pendingElsewhere = [...secret.versions].find(([, v]) => v.stages.has("AWSPENDING") && !v.stages.has("AWSCURRENT"));
        if (pendingElsewhere) {
            throw new InvalidRequestException("A previous rotation isn't complete. That rotation will be reattempted.");
        }
        const token = randomUUID();
        secret.versions.set(token, { stages: new Set() });
        this.moveStage(arn, "AWSPENDING", token);
        for (const step of ROTATION_STEPS) {
            await invoke(step, token);
            await between?.(step);
        }
        return token;
    }
}

export type RotationStep = "createSecret" | "setSecret" | "testSecret" | "finishSecret";
export const ROTATION_STEPS: readonly RotationStep[] = ["createSecret", "setSecret", "testSecret", "finishSecret"];
