#!/usr/bin/env bash
# After a rotation: wait until External Secrets Operator has written the new value into the target Secret,
# then restart the workloads that read it at start-up and wait for their rollouts.
#
# The proof of the sync is the rotation-id annotation that the ExternalSecret's template puts on the Secret:
# ESO writes data and annotations in one update, so the new id means the new data is there. Only that
# annotation is ever read; the Secret's data is never requested, so nothing secret can reach the output.
#
# Runs from the deployer's machine (a `command.local.Command` at `pulumi up` time) with kubectl and a kubeconfig.
# Kept to bash 3.2 (macOS): no mapfile, no associative arrays, no empty-array expansion under `set -u`.
#
# Environment (all required unless marked optional):
#   MLOPS_NAMESPACE                namespace of the ExternalSecret, its Secret and the workloads
#   MLOPS_EXTERNAL_SECRET          ExternalSecret name (named in messages)
#   MLOPS_SECRET                   target Secret name
#   MLOPS_ROTATION_ANNOTATION      annotation key carrying the rotation id, e.g. mlops.platform/rotation-id
#   MLOPS_ROTATION_ID              the rotation id to wait for
#   MLOPS_WORKLOADS                optional, space-separated kind/name refs, e.g. "deployment/mlflow statefulset/minio"
#   MLOPS_SYNC_TIMEOUT_SECONDS     how long to wait for the Secret
#   MLOPS_ROLLOUT_TIMEOUT_SECONDS  how long each rollout may take
#   MLOPS_POLL_INTERVAL_SECONDS    pause between Secret checks (may be fractional)
#   MLOPS_MISSING_WORKLOAD         "fail" or "skip": what a workload that does not exist means
#   MLOPS_ESO_NAMESPACE            namespace of the ESO controller (named in messages)
#   MLOPS_MERGE_TARGET_OWNER       optional: the ExternalSecret merges into a Secret this application creates
#                                  (creationPolicy Merge); named in the failure when that Secret does not exist
#   MLOPS_SYNC_RETRY_ANNOTATION    with MLOPS_MERGE_TARGET_OWNER: ExternalSecret annotation that makes ESO sync again
#   MLOPS_KUBECONFIG               optional kubeconfig path
#   MLOPS_KUBE_CONTEXT             optional kubeconfig context
# say, fail, require, require_seconds, require_missing_workload_policy and require_kubectl come from kubectlLib.sh,
# which runs before this text; require_kubectl sets the kube command array.
# shellcheck disable=SC2154
set -euo pipefail

for var in MLOPS_NAMESPACE MLOPS_EXTERNAL_SECRET MLOPS_SECRET MLOPS_ROTATION_ANNOTATION MLOPS_ROTATION_ID \
    MLOPS_ESO_NAMESPACE; do
    require "$var"
done
require_seconds MLOPS_SYNC_TIMEOUT_SECONDS
require_seconds MLOPS_ROLLOUT_TIMEOUT_SECONDS
require MLOPS_POLL_INTERVAL_SECONDS
[[ "$MLOPS_POLL_INTERVAL_SECONDS" =~ ^[0-9]+(\.[0-9]+)?$ ]] ||
    fail "MLOPS_POLL_INTERVAL_SECONDS must be a number of seconds, got '$MLOPS_POLL_INTERVAL_SECONDS'."
require_missing_workload_policy
require_kubectl

ns=$MLOPS_NAMESPACE
es=$MLOPS_EXTERNAL_SECRET
secret=$MLOPS_SECRET
want=$MLOPS_ROTATION_ID
workloads=()
read -r -a workloads <<<"${MLOPS_WORKLOADS:-}" || true

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

# kubectl's JSONPath needs the dots inside the annotation key escaped.
annotation_path="{.metadata.annotations.${MLOPS_ROTATION_ANNOTATION//./\\.}}"
ready_reason_path='jsonpath={.status.conditions[?(@.type=="Ready")].reason}'

secret_exists() {
    [[ -n "$("${kube[@]}" get secret "$secret" -n "$ns" --ignore-not-found -o name 2>/dev/null || true)" ]]
}

# Under creationPolicy Merge, ESO never creates the target: with the Secret missing it reports Ready with reason
# SecretMissing and looks again only after refreshInterval (ESO 2.9, pkg/controllers/externalsecret/
# externalsecret_controller.go). So: fail at once when the Secret is missing, and make ESO sync again (one annotation
# change) when the Secret appeared after its last attempt. The reason is checked, not Ready, which is True then.
nudged=""
check_merge_target() {
    [[ -n "${MLOPS_MERGE_TARGET_OWNER:-}" ]] || return 0
    local reason
    reason=$("${kube[@]}" get externalsecret "$es" -n "$ns" --ignore-not-found -o "$ready_reason_path" 2>/dev/null || true)
    [[ "$reason" == SecretMissing ]] || return 0
    if ! secret_exists; then
        fail "Secret $ns/$secret does not exist, and ExternalSecret $ns/$es only merges keys into it (creationPolicy Merge:" \
            "ESO reports Ready with reason SecretMissing and never creates it), so the rotated value is not applied." \
            "Install $MLOPS_MERGE_TARGET_OWNER first, then run 'pulumi up' again (this step is retried)."
    fi
    if [[ -z "$nudged" ]]; then
        say "Secret $ns/$secret exists now but ESO last saw it missing: asking ESO to sync again"
        "${kube[@]}" annotate externalsecret "$es" -n "$ns" --overwrite "$MLOPS_SYNC_RETRY_ANNOTATION=$want" >/dev/null 2>"$errors" ||
            fail "could not annotate ExternalSecret $ns/$es to make ESO sync into Secret $ns/$secret again: $(tr '\n' ' ' <"$errors")" \
                "Check that the deployer may patch externalsecrets in $ns (kubectl auth can-i patch externalsecrets -n $ns), then run 'pulumi up' again."
        nudged=1
    fi
}

# 1. Wait for the synced Secret to carry the new rotation id.
say "waiting up to ${MLOPS_SYNC_TIMEOUT_SECONDS}s for Secret $ns/$secret to carry $MLOPS_ROTATION_ANNOTATION=$want"
# SECONDS ticks in whole seconds from an arbitrary phase: one more makes sure the full timeout has passed.
deadline=$((SECONDS + MLOPS_SYNC_TIMEOUT_SECONDS + 1))
seen=""
while :; do
    if seen=$("${kube[@]}" get secret "$secret" -n "$ns" --ignore-not-found --request-timeout=10s \
        -o "jsonpath=$annotation_path" 2>"$errors"); then
        : >"$errors"
        [[ "$seen" == "$want" ]] && break
    else
        seen=""
    fi
    check_merge_target
    if ((SECONDS >= deadline)); then
        if [[ -s "$errors" ]]; then
            state="kubectl could not read it: $(tr '\n' ' ' <"$errors")"
        elif ! secret_exists; then
            state="the Secret does not exist yet"
        elif [[ -z "$seen" ]]; then
            state="the Secret has no $MLOPS_ROTATION_ANNOTATION annotation"
        else
            state="it still carries rotation id '$seen'"
        fi
        ready=$("${kube[@]}" get externalsecret "$es" -n "$ns" --ignore-not-found -o "$ready_reason_path" 2>/dev/null || true)
        fail "timed out after ${MLOPS_SYNC_TIMEOUT_SECONDS}s waiting for External Secrets Operator to sync Secret $ns/$secret with rotation id '$want' ($state; ExternalSecret $ns/$es Ready reason: ${ready:-unknown})." \
            "The workloads were not restarted. Check: kubectl describe externalsecret $es -n $ns (Ready condition and events, e.g. access denied or a missing remote key);" \
            "kubectl logs -n $MLOPS_ESO_NAMESPACE deployment/external-secrets (controller errors);" \
            "that the ExternalSecret's template sets annotation $MLOPS_ROTATION_ANNOTATION and does not use refreshPolicy CreatedOnce or refreshInterval 0 (a forced sync cannot work then)." \
            "Then run 'pulumi up' again: this step is retried."
    fi
    sleep "$MLOPS_POLL_INTERVAL_SECONDS"
done
say "Secret $ns/$secret carries rotation id $want"

# 2. Restart every workload first, so their rollouts proceed in parallel.
restarted=()
for workload in ${workloads[@]+"${workloads[@]}"}; do
    if ! found=$("${kube[@]}" get "$workload" -n "$ns" --ignore-not-found -o name 2>"$errors"); then
        fail "could not look up $workload in namespace $ns: $(tr '\n' ' ' <"$errors")" \
            "Check that the deployer may get and patch $workload (kubectl auth can-i patch $workload -n $ns)."
    fi
    if [[ -z "$found" ]]; then
        if [[ "$MLOPS_MISSING_WORKLOAD" == skip ]]; then
            say "$workload does not exist in namespace $ns: nothing to restart (it reads the new Secret when it starts)"
            continue
        fi
        fail "$workload does not exist in namespace $ns, so it cannot be restarted to pick up the rotated Secret $secret." \
            "Fix the workload name (kubectl get deployments,statefulsets,daemonsets -n $ns)," \
            "or set missingWorkload to Skip if the application is deployed after the secrets."
    fi
    "${kube[@]}" rollout restart "$workload" -n "$ns" ||
        fail "kubectl rollout restart $workload -n $ns failed (see kubectl's message above)." \
            "Check that the deployer may patch $workload (kubectl auth can-i patch $workload -n $ns)."
    restarted+=("$workload")
done

# 3. Wait for each rollout; report every one that did not finish, not only the first.
stuck=()
for workload in ${restarted[@]+"${restarted[@]}"}; do
    "${kube[@]}" rollout status "$workload" -n "$ns" --timeout="${MLOPS_ROLLOUT_TIMEOUT_SECONDS}s" ||
        stuck+=("$workload")
done
if ((${#stuck[@]} > 0)); then
    hints=()
    for workload in "${stuck[@]}"; do
        hints+=("kubectl rollout status $workload -n $ns; kubectl describe $workload -n $ns; kubectl logs $workload -n $ns;")
    done
    fail "rollout of ${stuck[*]} in namespace $ns did not finish within ${MLOPS_ROLLOUT_TIMEOUT_SECONDS}s after the restart for rotation id '$want'." \
        "New pods may be failing with the rotated credential from Secret $secret (e.g. authentication failed), or lack capacity. Check:" \
        "${hints[@]}" \
        "kubectl get pods -n $ns." \
        "Fix the cause and run 'pulumi up' again (this step is retried), or roll the credential back."
fi
say "restarted and rolled out: ${restarted[*]:-nothing to restart}"
