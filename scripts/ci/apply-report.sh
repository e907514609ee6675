#!/usr/bin/env bash
# Markdown for the merged pull request: what the apply run did, step by step, in apply order.
#
# usage: apply-report.sh OUT_FILE
# env:   OKTA_APPLY (the tighten phase), WAIT_FOR_PUSH, IDENTITY_CENTER_APPLY, OKTA_FINAL_APPLY
#        step outcomes (success, failure,
#        cancelled, skipped, or empty when the apply job never reached them)
#        APPLY_RESULT  the apply job's result; RUN_URL; GITHUB_SHA
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: apply-report.sh OUT_FILE" >&2; exit 64; }
out=$1

icon() {
  case $1 in
    success) echo "applied" ;;
    failure) echo "**FAILED**" ;;
    cancelled) echo "cancelled" ;;
    skipped | "") echo "not run" ;;
    *) echo "$1" ;;
  esac
}
okta=${OKTA_APPLY:-} wait=${WAIT_FOR_PUSH:-} ic=${IDENTITY_CENTER_APPLY:-} final=${OKTA_FINAL_APPLY:-}

if [[ ${APPLY_RESULT:-} == success ]]; then
  headline="Access change applied: Okta first, then Identity Center once the pushed groups had arrived."
elif [[ $okta == failure ]]; then
  headline="**Apply failed in the okta stack.** Nothing was applied to Identity Center."
elif [[ $wait == failure ]]; then
  headline="**Okta was applied, but not every pushed group reached the Identity Store in time.** Identity Center was not applied; check the group push in Okta, then re-run the apply workflow."
elif [[ $ic == failure ]]; then
  headline="**Okta was applied, but applying Identity Center failed.** Access is half-applied until the apply workflow is re-run successfully."
elif [[ $final == failure ]]; then
  headline="**Identity Center was applied, but the final okta phase failed.** Okta is still at least as strict as before (the tighten phase); re-run the apply workflow to finish loosening and deleting removed groups."
else
  headline="**The apply run did not finish** (apply job: ${APPLY_RESULT:-unknown})."
fi

wait_text=$(icon "$wait")
[[ $wait == success ]] && wait_text="all groups present"
{
  echo "<!-- access-apply-result -->"
  echo "$headline"
  echo
  echo "| Step | Result |"
  echo "| --- | --- |"
  echo "| 1. apply \`okta\` (tighten phase) | $(icon "$okta") |"
  echo "| 2. wait for the group push | $wait_text |"
  echo "| 3. plan and apply \`identity-center\` | $(icon "$ic") |"
  echo "| 4. apply \`okta\` (final phase: loosening after identity-center) | $(icon "$final") |"
  echo
  echo "<sub>[Apply run](${RUN_URL:-}) for ${GITHUB_SHA:-this commit}</sub>"
} >"$out"
