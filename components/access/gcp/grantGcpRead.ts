import * as pulumi from "@pulumi/pulumi";
import { SecretIamMember } from "@pulumi/gcp/secretmanager";
import { CloudProvider, StoredSecret } from "../../stores/storedSecret";
import { SecretsInputError } from "../../validation/inputError";
import { requireCloud } from "../grants";
import { requireInputMatch } from "../../validation/rules";

export const SECRET_ACCESSOR_ROLE = "roles/secretmanager.secretAccessor";

const SECRET_ID = /^projects\/[a-z0-9-]{1,30}\/secrets\/[A-Za-z0-9_-]{1,255}$/;

/** Throws unless the scope is one secret's id, `projects/<project>/secrets/<id>` (a project scope would open every secret). */
export function requireSecretScope(secretScope: string): string {
    if (!SECRET_ID.test(secretScope ?? "")) {
        throw new SecretsInputError(
            "secret.grantScope",
            secretScope,
            "A GCP StoredSecret's grantScope must be one secret's id, projects/<project>/secrets/<secret-id>, not a project.",
        );
    }
    return secretScope;
}

export interface GrantGcpReadArgs {
    /**
     * The IAM member to grant, e.g. `serviceAccount:<name>@<project>.iam.gserviceaccount.com` or a workload identity
     * `principal://...`. Public members (`allUsers`, `allAuthenticatedUsers`) and sets of identities (`principalSet://`,
     * e.g. a whole workload identity pool, `domain:`, `group:`) are refused: a read grant names one identity.
     */
    readonly member: pulumi.Input<string>;
    /** The Secret Manager secret to read, as its store returned it. */
    readonly secret: StoredSecret;
}

/**
 * Lets an existing IAM member read exactly one stored Secret Manager secret: `roles/secretmanager.secretAccessor` on
 * that secret, not on the project.
 */
export function grantGcpRead(name: string, args: GrantGcpReadArgs, opts?: pulumi.CustomResourceOptions): SecretIamMember {
    requireCloud("grantGcpRead.secret", args?.secret, CloudProvider.Gcp);
    const member = requireInputMatch("grantGcpRead.member", args.member, {
        pattern: /^(serviceAccount:[^\s@[\]*]+@[^\s@[\]*]+|principal:\/\/iam\.googleapis\.com\/[^\s*]+\/subject\/[^\s*]+|user:[^\s@*]+@[^\s@*]+)$/,
        fix: "Use one identity's IAM member, e.g. \"serviceAccount:eso@<project>.iam.gserviceaccount.com\" or \"principal://iam.googleapis.com/.../subject/...\"; " +
            "public members, groups, domains and principalSet:// sets (e.g. a whole workload identity pool) are refused.",
    });
    return new SecretIamMember(
        name,
        { secretId: pulumi.output(args.secret.grantScope).apply(requireSecretScope), role: SECRET_ACCESSOR_ROLE, member },
        opts,
    );
}
