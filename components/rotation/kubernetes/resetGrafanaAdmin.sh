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
#   MLOPS_REVOKE_SESSIONS        "true" or "false": also revoke every session of the admin (breach response)
#   MLOPS_ADMIN_USER             the admin's login, for Grafana's HTTP API when revoking sessions
#   MLOPS_KUBECONFIG             optional kubeconfig path
#   MLOPS_KUBE_CONTEXT           optional kubeconfig context
# say, fail, require, require_seconds, require_missing_workload_policy and require_kubectl come from kubectlLib.sh,
# which runs before this text; require_kubectl sets the kube command array.
# shellcheck disable=SC2154
set -euo pipefail

for var in MLOPS_NAMESPACE MLOPS_WORKLOAD MLOPS_CONTAINER MLOPS_REVOKE_SESSIONS MLOPS_ADMIN_USER; do
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

# The in-pod script is a constant; its arguments are the revoke flag and the admin's login, never the password.
# The GF_PATHS_* variables are expanded inside the pod (the official image sets them), so grafana cli reads the
# same configuration, database included, as the server. To revoke sessions it keeps the password in a shell variable
# (never exported), pipes it to grafana cli with printf (a builtin: no argv), then calls Grafana's HTTP API on
# localhost with curl, which reads the basic-auth credential from a config on its stdin (-K -). The admin API cannot
# log out the calling user, so the admin's own tokens are listed (GET /api/user/auth-tokens) and revoked one by one
# (POST /api/user/revoke-auth-token). Exit 3 or 4: the password was reset but the sessions were not all revoked.
# shellcheck disable=SC2016
in_pod='cli() { grafana cli --homepath "${GF_PATHS_HOME:-/usr/share/grafana}" --config "${GF_PATHS_CONFIG:-/etc/grafana/grafana.ini}" admin reset-admin-password --password-from-stdin; }
if [ "$1" != true ]; then cli; exit $?; fi
IFS= read -r password || true
printf "%s\n" "$password" | cli || exit 1
user=$2
scheme=http
insecure=
if [ "${GF_SERVER_PROTOCOL:-http}" = https ]; then scheme=https; insecure=-k; fi
base="$scheme://localhost:${GF_SERVER_HTTP_PORT:-3000}"
auth() { printf "user = \"%s:%s\"\n" "$user" "$password"; }
tokens=$(auth | curl -sS -f $insecure -K - "$base/api/user/auth-tokens") || exit 3
count=0
for id in $(printf "%s" "$tokens" | grep -o "\"id\":[0-9]*" | cut -d: -f2); do
    auth | curl -sS -f $insecure -K - -H "Content-Type: application/json" -d "{\"authTokenId\":$id}" "$base/api/user/revoke-auth-token" >/dev/null || exit 4
    count=$((count + 1))
done
echo "revoked $count session(s) of Grafana user $user"'
status=0
"${kube[@]}" exec -i "$workload" -n "$ns" -c "$container" -- sh -c "$in_pod" grafana-admin-reset \
    "$MLOPS_REVOKE_SESSIONS" "$MLOPS_ADMIN_USER" || status=$?
if ((status == 3 || status == 4)); then
    fail "Grafana's admin password was reset through $workload (namespace $ns), but revoking the sessions of '$MLOPS_ADMIN_USER'" \
        "through Grafana's HTTP API on localhost failed (see curl's message above), so sessions opened with the old password may" \
        "still be valid. Revoke them in Grafana (Administration > Users > $MLOPS_ADMIN_USER > Sessions), or check that basic auth" \
        "is enabled ([auth.basic] enabled = true) and that Grafana listens on GF_SERVER_HTTP_PORT in the pod; then run 'pulumi up' again."
elif ((status != 0)); then
    fail "grafana cli admin reset-admin-password failed in $workload (container $container, namespace $ns); see its message above." \
        "Grafana still accepts the previous admin password. Check that the container name is right" \
        "(kubectl get $workload -n $ns -o jsonpath='{.spec.template.spec.containers[*].name}'), that the image's Grafana" \
        "supports 'grafana cli admin reset-admin-password --password-from-stdin', and that Grafana's database is reachable." \
        "Then run 'pulumi up' again: this step is retried."
fi
say "Grafana admin password reset through $workload in namespace $ns"
