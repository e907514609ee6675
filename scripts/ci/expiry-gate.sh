#!/usr/bin/env bash
# The daily expiry run's gate, in a job without credentials: given the plans of the
# identity-center stacks (made by the plan job when grants expired since the last apply), approve
# them ONLY if every planned change is an explained revocation of an expired grant and the
# revocation threshold holds (a mass expiry needs a person). The apply job then applies within
# that approval (expiry-apply.sh). Otherwise nothing is approved and OUT_DIR/report.md says why,
# for the issue the workflow keeps open.
#
# usage: expiry-gate.sh OUT_DIR DIFF_JSON [NAME=PLAN_JSON...]
#   DIFF_JSON  `access diff` of the last applied model against itself, base resolved at the date
#              it was applied, head at today: its revocations with reason "expired" are the work
# env:   ACCESS_CLI (as the other scripts)
# Writes OUT_DIR/status: none (nothing expired), approved, or refused; when approved,
# OUT_DIR/gate/approved.json and OUT_DIR/gate/explain.md.
# Exit: 0 none or approved, 3 refused, 1 error.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: expiry-gate.sh OUT_DIR DIFF_JSON [NAME=PLAN_JSON...]" >&2; exit 64; }
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
[[ $# -ge 1 ]] || { echo "expiry-gate.sh: $expired assignments expired but no plan was given" >&2; exit 1; }

set +e
EXPLAIN_ONLY=expired ACKNOWLEDGED=false SKIP_THRESHOLD=false "$here/apply-gate.sh" "$out/gate" "$diff" "$@" >/dev/null
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
echo approved >"$out/status"
echo "$expired expired assignments to revoke; the plans hold nothing else (approved for the apply job)."
