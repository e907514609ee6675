#!/usr/bin/env bash
# Keeps one GitHub issue per stack in step with scheduled drift detection (through keep-issue.sh):
#   exit 2 (drift)    open the stack's issue, or update it (body refreshed; a comment when the
#                     drifting resources changed), or reopen the last closed one;
#   exit 0 (in sync)  close the stack's open issue with a comment;
#   anything else     the plan failed: drift is unknown, so no issue is touched and this fails.
#
# usage: drift-issue.sh STACK PLAN_EXIT_CODE SUMMARY_FILE
#   SUMMARY_FILE  Markdown from plan-summary.sh (may be absent when the plan failed)
# env:   GH_REPO (owner/name), GH_TOKEN, RUN_URL (link to the workflow run)
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: drift-issue.sh STACK PLAN_EXIT_CODE SUMMARY_FILE" >&2; exit 64; }
stack=$1 code=$2 summary_file=$3
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
run_url=${RUN_URL:-"(run URL unknown)"}
label=drift
title="Drift detected in stack $stack"
now=$(date -u +%Y-%m-%dT%H:%MZ)

if [[ $code != 0 && $code != 2 ]]; then
  echo "drift-issue.sh: terraform plan for $stack failed (exit '$code'); drift is unknown, issues left unchanged. See $run_url" >&2
  exit 1
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export LABEL_COLOR=D93F0B LABEL_DESCRIPTION="Live access differs from the access model"

if [[ $code == 0 ]]; then
  exec "$here/keep-issue.sh" close "$label" "$title" "No drift in stack \`$stack\` as of $now ($run_url). Closing."
fi

[[ -s $summary_file ]] || { echo "drift-issue.sh: $summary_file is missing or empty" >&2; exit 1; }
digest=$(sha256sum "$summary_file" | cut -c1-16)
body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
{
  echo "<!-- access-drift stack=$stack digest=$digest -->"
  echo "Scheduled drift detection found that stack \`$stack\` no longer matches \`main\`."
  echo
  echo "Last checked: $now in $run_url"
  echo
  cat "$summary_file"
  echo
  echo "To resolve: if the change made outside Terraform should stay, change the access model by pull request so it describes it; otherwise re-run the latest apply workflow on \`main\` to put the model back. This issue closes itself once a scheduled check finds no drift."
} >"$body_file"

CHANGED_COMMENT="The drift in stack \`$stack\` changed as of $now ($run_url); the description shows the current state." \
  REOPEN_COMMENT="Drift in stack \`$stack\` is back as of $now ($run_url)." \
  "$here/keep-issue.sh" open "$label" "$title" "$body_file"
