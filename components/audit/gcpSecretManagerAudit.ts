import * as pulumi from "@pulumi/pulumi";
import { IAMAuditConfig } from "@pulumi/gcp/projects";
import { SecretsInputError } from "../validation/inputError";
import { checkedInput } from "./checkedInput";
import { componentType, withPreviousType } from "../naming/componentType";

export interface GcpSecretManagerAuditArgs {
    /** Id of the project that holds the secrets (e.g. "mlops-platform-dev"), not its number. */
    readonly project: pulumi.Input<string>;
}

// Optional "example.com:" prefix for domain-scoped projects.
const PROJECT_ID = /^([a-z0-9.-]+:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

function requireProjectId(value: string): string {
    if (typeof value !== "string" || !PROJECT_ID.test(value)) {
        const numberHint = typeof value === "string" && /^\d+$/.test(value) ? " That looks like the project number; pass the project id." : "";
        throw new SecretsInputError("project", value,
            `Pass the project id: 6 to 30 lowercase letters, digits or '-', starting with a letter (\`gcloud projects list\`).${numberHint}`);
    }
    return value;
}

/**
 * Audit logging of Secret Manager reads: turns on Data Access audit logs (DATA_READ) for `secretmanager.googleapis.com`
 * in the project, so each AccessSecretVersion is logged with the caller. Admin Activity logs (secret and version
 * changes) are always on. The config is authoritative for this service in this project: it replaces an audit config
 * for Secret Manager set elsewhere (console, another stack).
 */
export class GcpSecretManagerAudit extends pulumi.ComponentResource {
    /** Id of the project audit config. */
    readonly auditConfigId: pulumi.Output<string>;

    constructor(name: string, args: GcpSecretManagerAuditArgs, opts?: pulumi.ComponentResourceOptions) {
        const project = checkedInput(args.project, requireProjectId);
        super(componentType("GcpSecretManagerAudit"), name, {}, withPreviousType(opts, "mlops:audit:GcpSecretManagerAudit"));

        const config = new IAMAuditConfig(name, {
            project,
            service: "secretmanager.googleapis.com",
            auditLogConfigs: [{ logType: "DATA_READ" }],
        }, { parent: this });

        this.auditConfigId = config.id;
        this.registerOutputs({ auditConfigId: this.auditConfigId });
    }
}
