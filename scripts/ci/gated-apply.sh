#!/usr/bin/env bash
# Plans one stack again just before applying it, and applies that saved plan only when every
# change in it was approved by the apply gates earlier in the run (apply-gate.sh, in a job without
# credentials): this job explains nothing itself, it checks the hand-off (`access
# check-approved`). The apply workflow calls this per stack; the e2e suite calls it against the
# local Identity Center and Okta.
#
# usage: gated-apply.sh STACK_DIR OUT_DIR NAME APPROVED_JSON
#   NAME           the label the gated plan had (okta-tighten, identity-center, identity-center-shard-03)
#   APPROVED_JSON  apply-gate.sh's OUT_DIR/approved.json
# env:   ACCESS_CLI, TERRAFORM_BIN (as the other scripts)
# Exit: 0 applied (or nothing to apply), 1 plan/apply failed or a change was not approved
# (nothing applied then; OUT_DIR/NAME.check.txt says which).
set -euo pipefail
[[ $# -eq 4 ]] || { echo "usage: gated-apply.sh STACK_DIR OUT_DIR NAME APPROVED_JSON" >&2; exit 64; }
stack_dir=$1 out_dir=$2 name=$3 approved=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
read -r -a cli <<<"${ACCESS_CLI:-npm run --silent access --}"

"$here/terraform-plan.sh" "$stack_dir" "$out_dir" "$name"
set +e
"${cli[@]}" check-approved --approved "$approved" --plan "$name=$out_dir/$name.plan.json" >"$out_dir/$name.check.txt"
check=$?
set -e
# Addresses come from the model: printed, never read as workflow commands.
"$here/quote-output.sh" cat "$out_dir/$name.check.txt"
if [[ $check -ne 0 ]]; then
  echo "gated-apply.sh: $name not applied (check-approved exit $check)" >&2
  exit 1
fi
# The apply output shows model text: the runner must print it, never read it as workflow commands.
"$here/quote-output.sh" "${TERRAFORM_BIN:-terraform}" -chdir="$stack_dir" apply -input=false -no-color -lock-timeout=10m "$(cd "$out_dir" && pwd)/$name.tfplan"
