/**
 * The policy SDK deserializes a resource's inputs once per policy (its analyzer loops over the policies and converts
 * the request's protobuf Struct each time). Policies that decide by what a resource is must look at every resource,
 * so with a dozen such policies that conversion is most of the pack's cost. This shares one conversion per Struct
 * among the policies. It is not frozen: the SDK's unknown-checking proxy wraps nested objects only when they are
 * writable, and that is what turns a nested unknown value into "can't run during preview". So validations must
 * not change `args.props` (none of this pack's do); remediation deserializes with secrets kept and is not shared.
 *
 * It wraps the SDK's exported `deserializeProperties`, which its server calls through the module object; if a
 * future SDK no longer exports it, nothing is wrapped and the pack works as before, only slower.
 */
interface DeserializeModule {
    deserializeProperties(struct: object, keepSecrets: boolean): unknown;
    __sharedBy?: string;
}

export function shareDeserialization(module: DeserializeModule): void {
    if (typeof module?.deserializeProperties !== "function" || module.__sharedBy !== undefined) {
        return;
    }
    const original = module.deserializeProperties;
    const shared = new WeakMap<object, unknown>();
    module.deserializeProperties = (struct: object, keepSecrets: boolean) => {
        if (keepSecrets || typeof struct !== "object" || struct === null) {
            return original(struct, keepSecrets);
        }
        let result = shared.get(struct);
        if (result === undefined) {
            result = original(struct, keepSecrets);
            shared.set(struct, result);
        }
        return result;
    };
    module.__sharedBy = "mlops-platform-secrets";
}
