#!/usr/bin/env bash
# Sets Grafana's admin password to the rotated value. Grafana applies the admin password from its Secret only
# when its database is first created, so after a rotation the database must be told directly.
#
# The new password arrives on this script's stdin and goes, unread, to `kubectl exec -i` and on to
# `grafana cli admin reset-admin-password --password-from-stdin` inside a Grafana pod: it is never in an
# argument list (here or in the pod), never in a variable, never in a file, never printed.
# The pod's own GF_SECURITY_ADMIN_PASSWORD is not used: a pod's environment is fixed when it starts,
# so before the restart it still holds the previous password.
#
# Runs from the deployer's machine (a `command.local.Command` at `pulumi up` time) with kubectl and a kubeconfig.
# Kept to bash 3.2 (macOS).
#
# Environment (all required unless marked optional); stdin: the new admin password.
#   MLOPS_NAMESPACE              namespace of the Grafana workload
#   MLOPS_WORKLOAD               Grafana workload ref, e.g. deployment/grafana
#   MLOPS_CONTAINER              Grafana container name in its pod, e.g. grafana
#   MLOPS_READY_TIMEOUT_SECONDS  how long to wait for Grafana to be rolled out and ready
#   MLOPS_MISSING_WORKLOAD       "fail" or "skip": what a workload that does not exist means
#   MLOPS_KUBECONFIG             optional kubeconfig path
#   MLOPS_KUBE_CONTEXT           optional kubeconfig context
# say, fail, require, require_seconds, require_missing_workload_policy and require_kubectl come from kubectlLib.sh,
# which runs before this text; require_kubectl sets the kube command array.
# shellcheck disable=SC2154
set -euo pipefail

for var in MLOPS_NAMESPACE MLOPS_WORKLOAD MLOPS_CONTAINER; do
    require "$var"
done
require_seconds MLOPS_READY_TIMEOUT_SECONDS
require_missing_workload_policy
[[ ! -t 0 ]] ||
    fail "the new admin password must come on stdin (pipe it in); it is never taken as an argument."
require_kubectl

ns=$MLOPS_NAMESPACE
workload=$MLOPS_WORKLOAD
container=$MLOPS_CONTAINER

# Commands before the exec must not consume stdin: it holds the password for grafana cli.
if ! found=$("${kube[@]}" get "$workload" -n "$ns" --ignore-not-found -o name </dev/null); then
    fail "could not look up $workload in namespace $ns (see kubectl's message above)." \
        "Check that the deployer may get $workload and create pods/exec in $ns (kubectl auth can-i create pods/exec -n $ns)."
fi
if [[ -z "$found" ]]; then
    if [[ "$MLOPS_MISSING_WORKLOAD" == skip ]]; then
        say "$workload does not exist in namespace $ns: nothing to reset (Grafana takes the admin password from its Secret when it creates its database)"
        exit 0
    fi
    fail "$workload does not exist in namespace $ns, so Grafana's admin password cannot be reset." \
        "Fix the workload name (kubectl get deployments,statefulsets -n $ns)," \
        "or set missingWorkload to Skip if Grafana is deployed after the secrets."
fi

say "waiting up to ${MLOPS_READY_TIMEOUT_SECONDS}s for $workload in namespace $ns to be rolled out"
"${kube[@]}" rollout status "$workload" -n "$ns" --timeout="${MLOPS_READY_TIMEOUT_SECONDS}s" </dev/null ||
    fail "$workload in namespace $ns was not ready within ${MLOPS_READY_TIMEOUT_SECONDS}s, so Grafana's admin password was not reset." \
        "Check: kubectl rollout status $workload -n $ns; kubectl describe $workload -n $ns; kubectl logs $workload -n $ns -c $container" \
        "Then run 'pulumi up' again: this step is retried."

# The GF_PATHS_* variables are expanded inside the pod (the official image sets them), so grafana cli reads the
# same configuration, database included, as the server.
# shellcheck disable=SC2016
in_pod='exec grafana cli --homepath "${GF_PATHS_HOME:-/usr/share/grafana}" --config "${GF_PATHS_CONFIG:-/etc/grafana/grafana.ini}" admin reset-admin-password --password-from-stdin'
"${kube[@]}" exec -i "$workload" -n "$ns" -c "$container" -- sh -c "$in_pod" ||
    fail "grafana cli admin reset-admin-password failed in $workload (container $container, namespace $ns); see its message above." \
        "Grafana still accepts the previous admin password. Check that the container name is right" \
        "(kubectl get $workload -n $ns -o jsonpath='{.spec.template.spec.containers[*].name}'), that the image's Grafana" \
        "supports 'grafana cli admin reset-admin-password --password-from-stdin', and that Grafana's database is reachable." \
        "Then run 'pulumi up' again: this step is retried."
say "Grafana admin password reset through $workload in namespace $ns"
