import { SecretsInputError } from "../validation/inputError";
import { requireIntegerInRange } from "../validation/numbers";

/** What a consumer accepts in a password; decides the characters and the allowed length. */
export enum PasswordProfile {
    /**
     * Letters, digits and `-._` (RFC 3986 unreserved, less `~` which a shell expands): the value can go into a
     * connection URL, an env file or a YAML document with no encoding or quoting. 16–256 characters.
     */
    UrlSafe = "url-safe",
    /** MinIO root password: URL-safe characters, 16–40 characters (MinIO refuses longer ones). */
    MinioRoot = "minio-root",
    /** A password that is stored bcrypt-hashed: URL-safe characters, at most 72 (bcrypt ignores every byte after the 72nd). */
    Bcrypt = "bcrypt",
}

export interface PasswordRules {
    readonly minLength: number;
    readonly maxLength: number;
    readonly why: string;
}

/**
 * The shortest password any profile generates: 16 characters of 65 symbols, about 96 bits. The policy pack's
 * `random-password-min-length` defaults to this floor, so whatever a component accepts passes the pack.
 */
export const MIN_PASSWORD_LENGTH = 16;

/** 32 characters of 65 symbols ≈ 192 bits, more than the seed's `openssl rand -base64 32` (256 bits over 44 characters) needs per character. */
export const DEFAULT_PASSWORD_LENGTH = 32;
export const URL_SAFE_SPECIALS = "-._";

const RULES: Record<PasswordProfile, PasswordRules> = {
    [PasswordProfile.UrlSafe]: { minLength: MIN_PASSWORD_LENGTH, maxLength: 256, why: "Shorter passwords are guessable; longer ones exceed what most consumers accept." },
    [PasswordProfile.MinioRoot]: {
        minLength: MIN_PASSWORD_LENGTH, maxLength: 40,
        why: "MinIO accepts root passwords of up to 40 characters; shorter than 16 is guessable (and refused by the policy pack).",
    },
    [PasswordProfile.Bcrypt]: { minLength: MIN_PASSWORD_LENGTH, maxLength: 72, why: "bcrypt uses only the first 72 bytes of a password, so longer ones add nothing and hide weak prefixes." },
};

export function passwordRules(profile: PasswordProfile): PasswordRules {
    const rules = RULES[profile];
    if (!rules) {
        throw new SecretsInputError("passwordProfile", profile, `Use one of: ${Object.values(PasswordProfile).join(", ")}.`);
    }
    return rules;
}

/** The length to generate, checked against the profile's limits. */
export function resolvePasswordLength(profile: PasswordProfile, length: number | undefined): number {
    const rules = passwordRules(profile);
    const wanted = length ?? Math.min(DEFAULT_PASSWORD_LENGTH, rules.maxLength);
    return requireIntegerInRange("passwordLength", wanted, rules.minLength, rules.maxLength, rules.why);
}
