#!/usr/bin/env bash
# Nightly sweep then comparison with the previous night: the exit code is what a scheduler alerts on.
#   0 all runs ok and no regression; 1 a run failed (or the sweep crashed); 2 bad configuration;
#   3 a tracked metric regressed beyond its tolerance (docs/sweeps.md).
# Environment: FEDSPARK_HOME (checkout with the built assembly, default: two levels up),
# SWEEP_CONFIG (default conf/sweeps/nightly.conf), SWEEP_MASTER (e.g. spark://host:7077; default:
# the launcher's local[*]), SWEEP_STORE (overrides sweep.store, e.g. hdfs:///fedspark/sweeps),
# FEDSPARK_SUBMITTER (default deploy/bin/fedspark; e.g. "deploy/bin/fedspark-submit yarn --").
set -uo pipefail
HOME_DIR="${FEDSPARK_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
cd "$HOME_DIR" || exit 2
CONFIG="${SWEEP_CONFIG:-conf/sweeps/nightly.conf}"
read -r -a RUNNER <<< "${FEDSPARK_SUBMITTER:-deploy/bin/fedspark}"
ARGS=()
[[ -n "${SWEEP_MASTER:-}" ]] && ARGS+=(--master "$SWEEP_MASTER")
[[ -n "${SWEEP_STORE:-}" ]] && ARGS+=(--set "sweep.store=\"$SWEEP_STORE\"")

"${RUNNER[@]}" sweep "$CONFIG" "${ARGS[@]}"
run=$?
# Compare even when a run failed: the other configurations may have regressed too.
deploy/bin/fedspark sweep compare "$CONFIG" ${SWEEP_STORE:+--set "sweep.store=\"$SWEEP_STORE\""} --baseline latest
cmp=$?
if [[ $run -ne 0 ]]; then exit "$run"; fi
exit "$cmp"
