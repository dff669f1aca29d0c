import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { SecretsInputError } from "../validation/inputError";
import { requireDns1123Label, requireDns1123Subdomain } from "../validation/kubernetesNames";
import { KUBERNETES_LABELS } from "../sync/labels";
import { requireIntegerInRange } from "../validation/numbers";
import { MAX_ROTATION_DAYS } from "../generation/rotationSchedule";
import { AlertRuleGroup } from "./alertRule";
import { certificateRuleGroup } from "./certificateRules";
import { checkDynamicCredentialsTargets, DynamicCredentialsAlertTarget, dynamicCredentialsRuleGroup } from "./dynamicCredentialsRules";
import { externalSecretsRuleGroup } from "./externalSecretsRules";
import { ManagedSecretRotation, rotationRuleGroup } from "./rotationRules";
import { DEFAULT_RUNBOOK_BASE_URL, requireRunbookBaseUrl } from "./runbooks";
import { componentType, withPreviousType } from "../naming/componentType";

export interface SecretAlertsArgs {
    /**
     * Namespace of the PrometheusRule objects; it must exist. kube-prometheus-stack's default `ruleNamespaceSelector`
     * reads rules from every namespace.
     * @default "monitoring"
     */
    readonly namespace?: string;
    /**
     * Helm release name of kube-prometheus-stack. The rules are labelled `release: <this>`, the label the chart's
     * default `ruleSelector` matches; a Prometheus with another rule selector needs that selector to match it.
     * @default "kube-prometheus-stack"
     */
    readonly prometheusReleaseName?: string;
    /**
     * Page that holds the runbook sections; each alert's `runbook_url` is this plus `#runbook-...`.
     * @default "https://github.com/mlops-platform/secrets" (this package's README)
     */
    readonly runbookBaseUrl?: string;
    /**
     * TLSCertificateExpiringSoon (warning) fires when a certificate expires within this many days, for 1 hour.
     * @default 7 (the seed's threshold)
     */
    readonly certificateWarningDays?: number;
    /**
     * TLSCertificateExpiringSoon (critical) fires when a certificate expires within this many hours, for 15 minutes.
     * Must be shorter than the warning threshold.
     * @default 24
     */
    readonly certificateCriticalHours?: number;
    /**
     * Secrets to raise SecretRotationOverdue for, each with its period and last rotation time.
     * @default [] (no rotation rules: the rotation PrometheusRule object is not created)
     */
    readonly managedSecrets?: ManagedSecretRotation[];
    /**
     * How long after the end of its rotation period a secret counts as overdue, so a rotation that is merely waiting
     * for the next scheduled `pulumi up` does not page anyone.
     * @default 24
     */
    readonly rotationGraceHours?: number;
    /**
     * ExternalSecrets fed by Vault dynamic database credentials (MlflowDbSecret with `credentials: VaultDynamic`), each
     * with its lease and refreshInterval: DynamicDbCredentialsRefreshFailing (warning) when refreshes keep failing,
     * DynamicDbCredentialsLeaseEnding (critical) when the login in use has a quarter of its lease left.
     * @default [] (no dynamic-credential rules)
     */
    readonly dynamicCredentials?: DynamicCredentialsAlertTarget[];
}

interface AlertSettings {
    readonly namespace: string;
    readonly releaseName: string;
    readonly runbookBaseUrl: string;
    readonly certificateWarningDays: number;
    readonly certificateCriticalHours: number;
    readonly managedSecrets: ManagedSecretRotation[];
    readonly rotationGraceHours: number;
    readonly dynamicCredentials: DynamicCredentialsAlertTarget[];
}

const ROTATION_DAYS_FIX = "It is the number of days between scheduled rotations, as given to the rotation code (e.g. 90).";
const UNIX_SECONDS_FIX =
    "Pass the rotation time in whole Unix seconds (the rotation code's rotatedAtUnix output); a value in milliseconds is 1000 times too large.";

function requireLastRotatedUnix(argument: string, value: number): number {
    return requireIntegerInRange(argument, value, 0, 9_999_999_999, UNIX_SECONDS_FIX);
}

function resolveSettings(name: string, args: SecretAlertsArgs): AlertSettings {
    // The component name also names the PrometheusRule objects.
    requireDns1123Subdomain("name", name);
    const releaseName = args.prometheusReleaseName ?? "kube-prometheus-stack";
    // Helm release names are DNS-1123 labels of at most 53 characters, which also makes them valid label values.
    if (releaseName.length > 53 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(releaseName)) {
        throw new SecretsInputError("prometheusReleaseName", releaseName,
            "Use the Helm release name of kube-prometheus-stack (`helm list -A`): at most 53 lowercase letters, digits or '-'.");
    }
    const certificateWarningDays = requireIntegerInRange("certificateWarningDays", args.certificateWarningDays ?? 7, 1, 365,
        "It is how many days before expiry the warning fires (the seed uses 7).");
    const certificateCriticalHours = requireIntegerInRange("certificateCriticalHours", args.certificateCriticalHours ?? 24, 1,
        certificateWarningDays * 24 - 1, "The critical threshold must be shorter than the warning threshold (certificateWarningDays).");
    const managedSecrets = args.managedSecrets ?? [];
    const seen = new Set<string>();
    managedSecrets.forEach((secret, i) => {
        const at = `managedSecrets[${i}]`;
        requireDns1123Subdomain(`${at}.name`, secret.name);
        requireDns1123Label(`${at}.namespace`, secret.namespace);
        requireIntegerInRange(`${at}.rotationDays`, secret.rotationDays, 1, MAX_ROTATION_DAYS, ROTATION_DAYS_FIX);
        if (typeof secret.lastRotatedUnix === "number") {
            requireLastRotatedUnix(`${at}.lastRotatedUnix`, secret.lastRotatedUnix);
        }
        const key = `${secret.namespace}/${secret.name}`;
        if (seen.has(key)) {
            throw new SecretsInputError(`${at}`, key, "List each managed secret once: two schedules for one Secret would raise contradicting alerts.");
        }
        seen.add(key);
    });
    return {
        namespace: requireDns1123Label("namespace", args.namespace ?? "monitoring"),
        releaseName,
        runbookBaseUrl: requireRunbookBaseUrl("runbookBaseUrl", args.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL),
        certificateWarningDays,
        certificateCriticalHours,
        managedSecrets,
        rotationGraceHours: requireIntegerInRange("rotationGraceHours", args.rotationGraceHours ?? 24, 0, 720,
            "It is how many hours past the end of a rotation period the overdue alert waits."),
        dynamicCredentials: checkDynamicCredentialsTargets(args.dynamicCredentials),
    };
}

/**
 * Prometheus alerts for the secrets platform, as prometheus-operator PrometheusRule objects that kube-prometheus-stack
 * picks up: cert-manager certificate expiry and readiness, External Secrets Operator sync health, and one
 * rotation-overdue rule per managed secret. The rotation rules live in their own object, which changes only when a
 * secret is rotated or its period changes.
 */
export class SecretAlerts extends pulumi.ComponentResource {
    /** The PrometheusRule objects created, as `<namespace>/<name>`. */
    readonly prometheusRules: pulumi.Output<string[]>;

    constructor(name: string, args: SecretAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        const settings = resolveSettings(name, args);
        super(componentType("SecretAlerts"), name, {}, withPreviousType(opts, "mlops:alerts:SecretAlerts"));

        const prometheusRule = (suffix: string, groups: pulumi.Input<AlertRuleGroup[]>) => {
            const ruleName = `${name}-${suffix}`;
            new CustomResource(ruleName, {
                apiVersion: "monitoring.coreos.com/v1",
                kind: "PrometheusRule",
                metadata: {
                    name: ruleName,
                    namespace: settings.namespace,
                    labels: {
                        ...KUBERNETES_LABELS,
                        release: settings.releaseName,
                    },
                },
                spec: { groups },
            }, { parent: this });
            return `${settings.namespace}/${ruleName}`;
        };

        const created = [prometheusRule("platform", [
            certificateRuleGroup({
                warningDays: settings.certificateWarningDays,
                criticalHours: settings.certificateCriticalHours,
                runbookBaseUrl: settings.runbookBaseUrl,
            }),
            externalSecretsRuleGroup(settings.runbookBaseUrl),
            ...(settings.dynamicCredentials.length > 0 ? [dynamicCredentialsRuleGroup(settings.dynamicCredentials, settings.runbookBaseUrl)] : []),
        ])];

        if (settings.managedSecrets.length > 0) {
            const rotationGroup = pulumi.all(settings.managedSecrets.map((s) => pulumi.output(s.lastRotatedUnix))).apply((times) =>
                rotationRuleGroup(settings.managedSecrets.map((secret, i) => ({
                    name: secret.name,
                    namespace: secret.namespace,
                    rotationDays: secret.rotationDays,
                    // Known only at deploy time when it comes from the rotation code: checked here, before the rule is sent.
                    lastRotatedUnix: requireLastRotatedUnix(`managedSecrets[${i}].lastRotatedUnix`, times[i]),
                })), settings.rotationGraceHours, settings.runbookBaseUrl));
            created.push(prometheusRule("rotation", rotationGroup.apply((group) => [group])));
        }

        this.prometheusRules = pulumi.output(created);
        this.registerOutputs({ prometheusRules: this.prometheusRules });
    }
}
