#!/usr/bin/env bash
# The daily expiry run's apply, in the job that holds the apply role: each identity-center stack
# is planned again and applied only within what expiry-gate.sh approved (gated-apply.sh), so
# nothing but the expired revocations the gate saw can be applied.
#
# usage: expiry-apply.sh OUT_DIR GATE_OUT_DIR NAME=STACK_DIR...
#   GATE_OUT_DIR  expiry-gate.sh's OUT_DIR (status approved, gate/approved.json, gate/explain.md)
# env:   ACCESS_CLI, TERRAFORM_BIN (as the other scripts)
# Writes OUT_DIR/status (applied) and OUT_DIR/report.md.
# Exit: 0 applied, 1 error or a change beyond the approval (nothing more applied then).
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: expiry-apply.sh OUT_DIR GATE_OUT_DIR NAME=STACK_DIR..." >&2; exit 64; }
out=$1 gate=$2
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/status" "$out/report.md"
[[ $(cat "$gate/status" 2>/dev/null) == approved ]] || { echo "expiry-apply.sh: the gate did not approve ($gate/status)" >&2; exit 1; }

for pair in "$@"; do
  "$here/gated-apply.sh" "${pair#*=}" "$out" "${pair%%=*}" "$gate/gate/approved.json"
done
echo applied >"$out/status"
expired=$(jq '[.plans[][] | select(.action == "delete")] | length' "$gate/gate/approved.json")
{
  echo "The daily expiry run revoked $expired expired assignments, and nothing else."
  echo
  cat "$gate/gate/explain.md"
} >"$out/report.md"
cat "$out/report.md"
