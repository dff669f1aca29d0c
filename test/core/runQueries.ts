import assert from "node:assert/strict";
import { CapturedResource, ProgramRun } from "../harness";

export const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
export const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";
export const TIME_STATIC = "time:index/static:Static";
export const ROTATION_SCHEDULE = "pulumi-nodejs:dynamic:PasswordRotationSchedule";
export const SSM_PARAMETER = "aws:ssm/parameter:Parameter";
export const KEY_VAULT_SECRET = "azure-native:keyvault:Secret";
export const STACK_URN = "urn:pulumi:dev::mlops-platform::pulumi:pulumi:Stack::mlops-platform-dev";

export function ofType(run: ProgramRun, type: string): CapturedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** The single resource of a type (and name): fails the test when there is none or more than one. */
export function only(run: ProgramRun, type: string, name?: string): CapturedResource {
    const found = ofType(run, type).filter((r) => name === undefined || r.name === name);
    assert.equal(found.length, 1, `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.map((r) => r.name).join(", ") || "none"}`);
    return found[0];
}

/** `type::name` of every registered resource, sorted: what `pulumi preview` would list. */
export function registered(run: ProgramRun): string[] {
    return run.resources.map((r) => `${r.type}::${r.name}`).sort();
}
