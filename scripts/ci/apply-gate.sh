#!/usr/bin/env bash
# The apply-time gates over one or more plans, before anything is applied:
#   1. explain: every planned change must map to a reason in the access diff (whose base is the
#      last applied model), else the apply is refused, naming each unexplained change;
#   2. threshold: more removals than organization.guardrails.max_revocation, or any permission
#      set deleted, stops the apply unless ACKNOWLEDGED=true (the acknowledgement label).
# Writes OUT_DIR/gate.md (for the merged PR and the job summary) and OUT_DIR/explain.json, and
# when the gates pass OUT_DIR/approved.json: what they approved, handed to the jobs that apply
# (gated-apply.sh), which apply nothing beyond it. This runs in a job without credentials.
#
# usage: apply-gate.sh OUT_DIR DIFF_JSON [STACK=]PLAN_JSON...
# env:   ACKNOWLEDGED    "true" when the merged pull request carries the label
#        SKIP_THRESHOLD  "true" when the threshold was already checked across every stack's plan
#                        in this run (per-stack re-checks then only explain)
#        EXPLAIN_ONLY    comma-separated reason codes that alone are allowed (the expiry job: expired)
#        ACCESS_CLI      how to run the CLI (default: npm run --silent access --)
#        GITHUB_STEP_SUMMARY  appended to when set
# Exit: 0 apply may go ahead, 1 unexplained change (or error), 3 mass revocation not acknowledged.
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: apply-gate.sh OUT_DIR DIFF_JSON [STACK=]PLAN_JSON..." >&2; exit 64; }
out=$1 diff=$2
shift 2
read -r -a cli <<<"${ACCESS_CLI:-npm run --silent access --}"
mkdir -p "$out"
plans=()
for p in "$@"; do plans+=(--plan "$p"); done
only=()
[[ -n ${EXPLAIN_ONLY:-} ]] && only=(--only "$EXPLAIN_ONLY")

set +e
"${cli[@]}" explain --diff "$diff" "${plans[@]}" "${only[@]}" --format markdown --json-output "$out/explain.json" >"$out/explain.md"
explain=$?
threshold=0
if [[ ${SKIP_THRESHOLD:-false} != true ]]; then
  ack=()
  [[ ${ACKNOWLEDGED:-false} == true ]] && ack=(--acknowledged)
  "${cli[@]}" threshold --diff "$diff" "${plans[@]}" "${ack[@]}" --format markdown >"$out/threshold.md"
  threshold=$?
fi
set -e
rm -f "$out/approved.json"

if [[ $explain -ne 0 && $explain -ne 1 ]] || [[ $threshold -ne 0 && $threshold -ne 1 ]]; then
  echo "apply-gate.sh: access explain exited $explain, access threshold exited $threshold" >&2
  status=1
elif [[ $explain -ne 0 ]]; then
  status=1
elif [[ $threshold -ne 0 ]]; then
  status=3
else
  status=0
  "${cli[@]}" approve-plans --out "$out/approved.json" "${plans[@]}" || status=1
fi

{
  echo "<!-- access-apply-gate -->"
  case $status in
    0)
      if [[ ${SKIP_THRESHOLD:-false} == true ]]; then
        echo "**Apply gates passed**: every planned change is explained by the access model (the revocation threshold was checked across every stack earlier in this run)."
      else
        echo "**Apply gates passed**: every planned change is explained by the access model, and the revocations are within the guardrail or acknowledged."
      fi
      ;;
    3) echo "**Apply refused: mass revocation not acknowledged.** Nothing was applied by this step." ;;
    *) echo "**Apply refused: the plan contains changes the access model does not explain.** Nothing was applied by this step." ;;
  esac
  echo
  [[ -s $out/threshold.md ]] && { cat "$out/threshold.md"; echo; }
  cat "$out/explain.md"
} >"$out/gate.md"
[[ -n ${GITHUB_STEP_SUMMARY:-} ]] && cat "$out/gate.md" >>"$GITHUB_STEP_SUMMARY"
# Names and addresses from the model and the plans: printed, never read as workflow commands.
"$(dirname "$0")/quote-output.sh" cat "$out/gate.md"
exit "$status"
