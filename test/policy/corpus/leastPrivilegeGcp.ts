import * as folder from "@pulumi/gcp/folder";
import * as organizations from "@pulumi/gcp/organizations";
import * as projects from "@pulumi/gcp/projects";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import * as pulumi from "@pulumi/pulumi";
import { directPrincipalMember } from "../../../components/access/gcp/gcpMembers";
import { grantGcpRead } from "../../../components/access/gcp/grantGcpRead";
import { CloudProvider } from "../../../components/stores/storedSecret";
import { CorpusCase, CorpusClass, violations } from "./corpusCase";

const GCP = "least-privilege-gcp-secret-access";
const PROJECT = "mlops-platform-dev";
const MEMBER = "serviceAccount:eso-mlflow@mlops-platform-dev.iam.gserviceaccount.com";
const ACCESSOR = "roles/secretmanager.secretAccessor";
const POOL = "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/mlops-platform-dev.svc.id.goog/*";

const projectMember = (role: string, extra: object = {}) => new projects.IAMMember("grant", { project: PROJECT, role, member: MEMBER, ...extra });
const badProjectMember = (title: string, role: string, extra: object = {}): CorpusCase => ({
    title: `bad: ${title}`, program: () => projectMember(role, extra), expect: violations(GCP, "gcp:projects/iAMMember:IAMMember"),
});
const secretMember = (name: string, role: string, member: string) =>
    new secretmanager.SecretIamMember(name, { project: PROJECT, secretId: "mlflow-db-password", role, member });
const condition = (expression: string) => ({ condition: { title: "scoped", expression } });

export const leastPrivilegeGcp: CorpusClass = {
    title: "Least privilege: GCP Secret Manager",
    description:
        "Grants that reach more than one secret (project, folder and organization roles that read, grant or impersonate; " +
        "conditions that do not name the secrets) and secrets granted to everyone or to a whole identity pool.",
    cases: [
        badProjectMember("secretAccessor on the project", ACCESSOR),
        badProjectMember("roles/owner on the project", "roles/owner"),
        badProjectMember("roles/editor on the project", "roles/editor"),
        badProjectMember("roles/secretmanager.admin on the project", "roles/secretmanager.admin"),
        badProjectMember("projectIamAdmin on the project (grants itself access)", "roles/resourcemanager.projectIamAdmin"),
        badProjectMember("serviceAccountTokenCreator on the project (acts as every service account)", "roles/iam.serviceAccountTokenCreator"),
        badProjectMember("a negated condition (every secret but one)", ACCESSOR, condition("!resource.name.startsWith(\"projects/123456789012/secrets/admin\")")),
        badProjectMember("a condition ORing the name with something always true", ACCESSOR,
            condition("resource.name == \"projects/123456789012/secrets/mlflow-db-password\" || request.time < timestamp(\"2099-01-01T00:00:00Z\")")),
        badProjectMember("a condition with a name prefix (every secret starting mlflow-)", ACCESSOR, condition("resource.name.startsWith(\"projects/123456789012/secrets/mlflow-\")")),
        badProjectMember("a time-bound condition only", ACCESSOR, condition("request.time < timestamp(\"2027-01-01T00:00:00Z\")")),
        {
            title: "bad: a binding, a policy and folder and organization grants",
            program: () => {
                new projects.IAMBinding("admins", { project: PROJECT, role: "roles/secretmanager.admin", members: [MEMBER] });
                new projects.IAMPolicy("policy", {
                    project: PROJECT,
                    policyData: JSON.stringify({ bindings: [{ role: "roles/viewer", members: [MEMBER] }, { role: ACCESSOR, members: [MEMBER] }] }),
                });
                new folder.IAMMember("folder-accessor", { folder: "folders/1234567890", role: ACCESSOR, member: MEMBER });
                new organizations.IAMMember("org-owner", { orgId: "123456789", role: "roles/owner", member: MEMBER });
            },
            expect: [
                ...violations(GCP, "gcp:projects/iAMBinding:IAMBinding"),
                ...violations(GCP, "gcp:projects/iAMPolicy:IAMPolicy"),
                ...violations(GCP, "gcp:folder/iAMMember:IAMMember"),
                ...violations(GCP, "gcp:organizations/iAMMember:IAMMember"),
            ],
        },
        {
            title: "bad: a custom role with secretmanager.versions.access granted on the project",
            program: () => {
                new projects.IAMCustomRole("reader", { project: PROJECT, roleId: "platformSecretReader", title: "Platform secret reader", permissions: ["secretmanager.versions.access", "secretmanager.secrets.get"] });
                projectMember(`projects/${PROJECT}/roles/platformSecretReader`);
            },
            expect: violations(GCP, "gcp:projects/iAMMember:IAMMember"),
        },
        {
            title: "bad: an organization custom role with setIamPolicy granted on a folder",
            program: () => {
                new organizations.IAMCustomRole("granter", { orgId: "123456789", roleId: "iamGranter", title: "IAM granter", permissions: ["resourcemanager.folders.setIamPolicy", "resourcemanager.folders.get"] });
                new folder.IAMMember("granter", { folder: "folders/1234567890", role: "organizations/123456789/roles/iamGranter", member: MEMBER });
            },
            expect: violations(GCP, "gcp:folder/iAMMember:IAMMember"),
        },
        {
            title: "bad: allUsers on a secret",
            program: () => secretMember("public", ACCESSOR, "allUsers"),
            expect: violations(GCP, "gcp:secretmanager/secretIamMember:SecretIamMember"),
        },
        {
            title: "bad: allAuthenticatedUsers as viewer of a secret, in a SecretIamBinding",
            program: () => new secretmanager.SecretIamBinding("everyone", { project: PROJECT, secretId: "mlflow-db-password", role: "roles/secretmanager.viewer", members: ["allAuthenticatedUsers"] }),
            expect: violations(GCP, "gcp:secretmanager/secretIamBinding:SecretIamBinding"),
        },
        {
            title: "bad: a whole workload identity pool (principalSet://…/*) as accessor of a secret",
            program: () => secretMember("pool", ACCESSOR, POOL),
            expect: violations(GCP, "gcp:secretmanager/secretIamMember:SecretIamMember"),
        },
        {
            title: "good: accessor on each secret for the component's direct principal and a Google service account",
            program: () => {
                secretMember("direct", ACCESSOR, directPrincipalMember("123456789012", PROJECT, "mlflow", "eso-mlflow"));
                secretMember("gsa", ACCESSOR, MEMBER);
            },
            expect: [],
        },
        {
            title: "good: grantGcpRead as a user calls it (accessor on the secret for one service account)",
            program: () => grantGcpRead("mlflow-read", {
                member: MEMBER,
                secret: {
                    cloud: CloudProvider.Gcp, remoteKey: pulumi.output("mlflow-db-password"), grantScope: pulumi.output(`projects/${PROJECT}/secrets/mlflow-db-password`),
                    location: pulumi.output(`gcpsm:${PROJECT}/mlflow-db-password`), writtenBy: [], project: pulumi.output(PROJECT),
                },
            }),
            expect: [],
        },
        {
            title: "good: a project grant narrowed to one secret (== and a trailing-slash prefix), and unrelated project roles",
            program: () => {
                projectMember(ACCESSOR, condition("resource.name == \"projects/123456789012/secrets/mlflow-db-password\""));
                new projects.IAMMember("versions", {
                    project: PROJECT, role: ACCESSOR, member: MEMBER,
                    ...condition("resource.name.startsWith(\"projects/123456789012/secrets/minio-root-password/\") && request.time < timestamp(\"2099-01-01T00:00:00Z\")"),
                });
                new projects.IAMMember("logs", { project: PROJECT, role: "roles/logging.viewer", member: MEMBER });
                new projects.IAMMember("versions-manager", { project: PROJECT, role: "roles/secretmanager.secretVersionManager", member: MEMBER });
            },
            expect: [],
        },
        {
            title: "good: a custom role without payload access on the project, and owner for an allow-listed admin group",
            program: () => {
                new projects.IAMCustomRole("lister", { project: PROJECT, roleId: "secretLister", title: "Secret lister", permissions: ["secretmanager.secrets.list", "secretmanager.secrets.get"] });
                projectMember(`projects/${PROJECT}/roles/secretLister`);
                new projects.IAMMember("admins", { project: PROJECT, role: "roles/owner", member: "group:platform-admins@example.com" });
            },
            config: { [GCP]: { allowedMembers: ["group:platform-admins@example.com"] } },
            expect: [],
        },
    ],
};
