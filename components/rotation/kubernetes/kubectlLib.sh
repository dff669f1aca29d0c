# Shared by the rotation scripts: kubectlScriptCommandArgs puts this text before each script's own.
# Messages, argument checks and the kubectl command line (kubeconfig and context from the environment).
# shellcheck shell=bash

# The step's name: the script name the Command passes to `bash -c` (e.g. mlops-wait-and-restart).
readonly prog="${0##*/}"

say() { printf '%s: %s\n' "$prog" "$*"; }
# One line on stderr, "<step>: error: <what happened> <what to do>", then exit 1: the command provider repeats the
# output in its error, and a single line survives log collectors and CI summaries whole.
fail() {
    printf '%s: error: %s' "$prog" "$*" >&2
    printf '\n' >&2
    exit 1
}
require() {
    [[ -n "${!1:-}" ]] || fail "environment variable $1 is required (the TypeScript helper sets it)."
}
require_seconds() {
    require "$1"
    [[ "${!1}" =~ ^[0-9]+$ && "${!1}" -gt 0 ]] || fail "$1 must be a whole number of seconds above 0, got '${!1}'."
}
require_missing_workload_policy() {
    require MLOPS_MISSING_WORKLOAD
    [[ "$MLOPS_MISSING_WORKLOAD" == fail || "$MLOPS_MISSING_WORKLOAD" == skip ]] ||
        fail "MLOPS_MISSING_WORKLOAD must be 'fail' or 'skip', got '$MLOPS_MISSING_WORKLOAD'."
}
require_kubectl() {
    command -v kubectl >/dev/null 2>&1 ||
        fail "kubectl is not on the PATH of the machine running 'pulumi up'." "Install kubectl and make sure it can reach the cluster."
    kube=(kubectl)
    if [[ -n "${MLOPS_KUBECONFIG:-}" ]]; then kube+=(--kubeconfig "$MLOPS_KUBECONFIG"); fi
    if [[ -n "${MLOPS_KUBE_CONTEXT:-}" ]]; then kube+=(--context "$MLOPS_KUBE_CONTEXT"); fi
}
