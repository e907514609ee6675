#!/usr/bin/env bash
# Keeps one GitHub issue per stack in step with scheduled drift detection:
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

# The most relevant issue with exactly this title: the open one, else the most recently closed.
find_issue() {
  gh issue list --label "$label" --state all --limit 200 --json number,title,state,updatedAt |
    jq -r --arg title "$title" '
      map(select(.title == $title))
      | (map(select(.state == "OPEN")) | sort_by(.number) | first) // (sort_by(.updatedAt) | last)
      | if . == null then "" else "\(.number) \(.state)" end'
}

read -r number state <<<"$(find_issue)" || true

if [[ $code == 0 ]]; then
  if [[ ${state:-} == OPEN ]]; then
    gh issue close "$number" --comment "No drift in stack \`$stack\` as of $now ($run_url). Closing."
    echo "closed #$number"
  else
    echo "no drift in $stack; no open issue"
  fi
  exit 0
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

if [[ -z ${number:-} ]]; then
  gh label create "$label" --color D93F0B --description "Live access differs from the access model" --force >/dev/null
  gh issue create --title "$title" --label "$label" --body-file "$body_file"
  exit 0
fi

previous=$(gh issue view "$number" --json body --jq .body | sed -n 's/.*digest=\([0-9a-f]*\).*/\1/p' | head -n1)
gh issue edit "$number" --body-file "$body_file" >/dev/null
if [[ $state != OPEN ]]; then
  gh issue reopen "$number" --comment "Drift in stack \`$stack\` is back as of $now ($run_url)."
  echo "reopened #$number"
elif [[ $previous != "$digest" ]]; then
  gh issue comment "$number" --body "The drift in stack \`$stack\` changed as of $now ($run_url); the description shows the current state."
  echo "updated #$number (drift changed)"
else
  echo "updated #$number (same drift)"
fi
