#!/usr/bin/env bash
# The daily expiry run: when grants expired since the last apply, plan the identity-center
# stacks and apply ONLY if every planned change is an explained revocation of an expired grant
# (and the revocation threshold holds: a mass expiry needs a person). Otherwise nothing is
# applied and OUT_DIR/report.md says why, for the issue the workflow keeps open.
#
# usage: expiry-apply.sh OUT_DIR DIFF_JSON NAME=STACK_DIR...
#   DIFF_JSON  `access diff` of the last applied model against itself, base resolved at the date
#              it was applied, head at today: its revocations with reason "expired" are the work
# env:   ACCESS_CLI, TERRAFORM_BIN (as the other scripts)
# Writes OUT_DIR/status: none (nothing expired), applied, or refused.
# Exit: 0 none or applied, 3 refused (nothing applied), 1 error (a plan or apply failed).
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: expiry-apply.sh OUT_DIR DIFF_JSON NAME=STACK_DIR..." >&2; exit 64; }
out=$1 diff=$2
shift 2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/status" "$out/report.md"

expired=$(jq '[.revoked[] | select(.reason == "expired")] | length' "$diff")
others=$(jq '[.revoked[] | select(.reason != "expired")] + .granted + .permission_sets | length' "$diff")
if [[ $expired -eq 0 ]]; then
  echo none >"$out/status"
  echo "No grant expired since the last apply; nothing to do."
  exit 0
fi
echo "$expired assignments expired since the last apply; planning."

names=() plans=() dirs=()
for pair in "$@"; do
  name=${pair%%=*} dir=${pair#*=}
  "$here/terraform-plan.sh" "$dir" "$out" "$name"
  names+=("$name") dirs+=("$dir") plans+=("$name=$out/$name.plan.json")
done

set +e
EXPLAIN_ONLY=expired ACKNOWLEDGED=false SKIP_THRESHOLD=false "$here/apply-gate.sh" "$out/gate" "$diff" "${plans[@]}" >/dev/null
gate=$?
set -e
if [[ $gate -ne 0 ]]; then
  echo refused >"$out/status"
  {
    echo "The daily expiry run found $expired expired assignments to revoke, but **applied nothing**: the plan is not made only of explained expiry revocations, or it exceeds the revocation guardrail."
    [[ $others -gt 0 ]] && echo "The last applied model itself differs from the live state in $others other ways (see below): finish or revert the pending change first."
    echo
    echo "What to do: if the plan below shows changes other than the expired grants (drift, a half-applied merge), resolve them (re-run the apply workflow on \`main\`, or fix the model by pull request); for a mass expiry, remove the expired grants in a pull request labelled \`access-revocation-acknowledged\`. The next daily run retries."
    echo
    cat "$out/gate/gate.md"
  } >"$out/report.md"
  "$here/quote-output.sh" cat "$out/report.md"
  exit 3
fi
for i in "${!names[@]}"; do
  "$here/quote-output.sh" "${TERRAFORM_BIN:-terraform}" -chdir="${dirs[$i]}" apply -input=false -no-color -lock-timeout=10m "$out/${names[$i]}.tfplan"
done
echo applied >"$out/status"
{
  echo "The daily expiry run revoked $expired expired assignments, and nothing else."
  echo
  cat "$out/gate/explain.md"
} >"$out/report.md"
cat "$out/report.md"
