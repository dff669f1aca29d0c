import { SecretsInputError } from "../../validation/inputError";

/** PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes. */
const maxIdentifierBytes = 63;

/**
 * Checks a role name before it is quoted into SQL. Quoting makes any name safe; this catches names PostgreSQL would
 * silently truncate (so `<name>_a` and `<name>_b` could collide) or reserves (`pg_` prefix).
 * `suffixBytes` is the length of a suffix the caller appends (2 for `_a`/`_b`).
 */
export function assertRoleName(argName: string, value: string | undefined, suffixBytes = 0): asserts value is string {
    const limit = maxIdentifierBytes - suffixBytes;
    if (value === undefined || value === "") {
        throw new SecretsInputError(argName, value, "Pass the PostgreSQL role name, e.g. \"mlflow\".");
    }
    if (value.includes("\0") || Buffer.byteLength(value, "utf8") > limit) {
        throw new SecretsInputError(argName, value, `Use a role name of 1 to ${limit} bytes without NUL characters.`);
    }
    if (value.startsWith("pg_")) {
        throw new SecretsInputError(argName, value, "Role names starting with \"pg_\" are reserved by PostgreSQL; choose another name.");
    }
}
