#!/usr/bin/env bash
# Keeps one GitHub issue, "SCIM health", in step with `access scim-health` (through keep-issue.sh):
#   exit 2 (problems)  open the issue, or update it (a comment when the problems changed), or reopen it;
#   exit 0 (healthy)   close the open issue with a comment;
#   anything else      the check failed: nothing is known, no issue is touched and this fails.
#
# usage: scim-health-issue.sh EXIT_CODE REPORT_FILE
#   REPORT_FILE  Markdown from `access scim-health --format markdown`
# env:   GH_REPO (owner/name), GH_TOKEN, RUN_URL (link to the workflow run)
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: scim-health-issue.sh EXIT_CODE REPORT_FILE" >&2; exit 64; }
code=$1 report_file=$2
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
run_url=${RUN_URL:-"(run URL unknown)"}
label=scim-health
title="SCIM health"
now=$(date -u +%Y-%m-%dT%H:%MZ)

if [[ $code != 0 && $code != 2 ]]; then
  echo "scim-health-issue.sh: access scim-health failed (exit '$code'); SCIM health is unknown, issue left unchanged. See $run_url" >&2
  exit 1
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export LABEL_COLOR=B60205 LABEL_DESCRIPTION="SCIM does not keep the Identity Store in step with Okta"

if [[ $code == 0 ]]; then
  exec "$here/keep-issue.sh" close "$label" "$title" "SCIM is healthy as of $now ($run_url). Closing."
fi

[[ -s $report_file ]] || { echo "scim-health-issue.sh: $report_file is missing or empty" >&2; exit 1; }
digest=$(grep -v '^_' "$report_file" | sha256sum | cut -c1-16)
body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
{
  echo "<!-- access-scim-health digest=$digest -->"
  echo "Scheduled \`access scim-health\` found the Identity Store out of step with Okta. A leaver whose Identity Store user is still enabled may keep AWS access: run the Leaver workflow for them (docs/leavers.md)."
  echo
  echo "Last checked: $now in $run_url"
  echo
  cat "$report_file"
} >"$body_file"

CHANGED_COMMENT="The SCIM problems changed as of $now ($run_url); the description shows the current state." \
  REOPEN_COMMENT="SCIM problems are back as of $now ($run_url)." \
  "$here/keep-issue.sh" open "$label" "$title" "$body_file"
