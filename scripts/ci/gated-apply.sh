#!/usr/bin/env bash
# Plans one stack, runs the apply gates on exactly that saved plan, and applies it only when they
# pass: what is applied is what was explained. The apply workflow calls this per stack; the
# e2e suite calls it against the local Identity Center.
#
# usage: gated-apply.sh STACK_DIR OUT_DIR NAME DIFF_JSON
# env:   as apply-gate.sh (ACKNOWLEDGED, SKIP_THRESHOLD, EXPLAIN_ONLY, ACCESS_CLI); TERRAFORM_BIN
# Exit: 0 applied (or nothing to apply), 1 plan/apply failed or refused (unexplained), 3 refused
# (mass revocation not acknowledged). OUT_DIR/NAME.gate/gate.md says why.
set -euo pipefail
[[ $# -eq 4 ]] || { echo "usage: gated-apply.sh STACK_DIR OUT_DIR NAME DIFF_JSON" >&2; exit 64; }
stack_dir=$1 out_dir=$2 name=$3 diff=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

"$here/terraform-plan.sh" "$stack_dir" "$out_dir" "$name"
set +e
"$here/apply-gate.sh" "$out_dir/$name.gate" "$diff" "$name=$out_dir/$name.plan.json"
gate=$?
set -e
if [[ $gate -ne 0 ]]; then
  echo "gated-apply.sh: $name not applied (gate exit $gate); see $out_dir/$name.gate/gate.md" >&2
  exit "$gate"
fi
# The apply output shows model text: the runner must print it, never read it as workflow commands.
"$here/quote-output.sh" "${TERRAFORM_BIN:-terraform}" -chdir="$stack_dir" apply -input=false -no-color -lock-timeout=10m "$(cd "$out_dir" && pwd)/$name.tfplan"
