import * as pulumi from "@pulumi/pulumi";
import { DaemonSetPatch, DeploymentPatch, StatefulSetPatch } from "@pulumi/kubernetes/apps/v1";
import { componentType } from "../naming/componentType";
import { requireWorkloadRef } from "../rotation/kubernetes/workloadRef";
import { DNS1123_LABEL } from "../validation/kubernetesNames";
import { requireMatch } from "../validation/rules";
import { secretReloadAnnotations } from "./reloadAnnotations";

export interface WorkloadReloadPatchArgs {
    /** The workload's namespace (the namespace of the Secrets it reads). */
    readonly namespace: string;
    /** The workload as `kind/name`: `deployment/…`, `statefulset/…` or `daemonset/…`, e.g. "deployment/mlflow". */
    readonly workload: string;
    /** The Kubernetes Secrets whose changes roll it, e.g. ["mlflow-db"]. */
    readonly secretNames: string[];
}

/**
 * Marks a workload that a chart you do not configure already runs (so you cannot set its annotations in values) for
 * reload by stakater Reloader: a server-side-apply patch of the workload's `metadata.annotations` with
 * `secret.reloader.stakater.com/reload`, owned by its own field manager. The workload must exist: make this depend on
 * the Helm release (`dependsOn`), or the patch fails the `pulumi up` with "not found". Helm upgrades keep the
 * annotation (Helm merges what it renders with the live object and leaves fields it never set); uninstalling and
 * reinstalling the chart drops it until the next `pulumi up --refresh`. Deleting this resource removes the annotation.
 * Prefer the chart's own annotation value (`reloaderChartValues`) where you set the chart's values.
 */
export class WorkloadReloadPatch extends pulumi.ComponentResource {
    /** The annotation applied, e.g. { "secret.reloader.stakater.com/reload": "mlflow-db" }. */
    readonly annotations: pulumi.Output<{ [key: string]: string }>;

    constructor(name: string, args: WorkloadReloadPatchArgs, opts?: pulumi.ComponentResourceOptions) {
        const namespace = requireMatch("WorkloadReloadPatch.namespace", args?.namespace, DNS1123_LABEL);
        const [kind, workloadName] = requireWorkloadRef("WorkloadReloadPatch.workload", args?.workload).split("/");
        const annotations = secretReloadAnnotations(args?.secretNames, "WorkloadReloadPatch.secretNames");

        super(componentType("WorkloadReloadPatch"), name, {}, opts);

        const patch = { metadata: { name: workloadName, namespace, annotations } };
        const childOpts = { parent: this };
        if (kind === "deployment") {
            new DeploymentPatch(name, patch, childOpts);
        } else if (kind === "statefulset") {
            new StatefulSetPatch(name, patch, childOpts);
        } else {
            new DaemonSetPatch(name, patch, childOpts);
        }

        this.annotations = pulumi.output(annotations);
        this.registerOutputs({ annotations: this.annotations });
    }
}
