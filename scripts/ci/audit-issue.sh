#!/usr/bin/env bash
# Keeps one GitHub issue, "Access outside the model", in step with `access audit` in the drift
# workflow (through keep-issue.sh, as drift-issue.sh keeps the Terraform drift issues):
#   exit 2 (found)     open the issue, or update it (body refreshed; a comment when what was found
#                      changed), or reopen the last closed one;
#   exit 0 (clean)     close the open issue with a comment;
#   anything else      the audit failed: nothing is known, no issue is touched and this fails.
#
# usage: audit-issue.sh AUDIT_EXIT_CODE REPORT_FILE
#   REPORT_FILE  Markdown from `access audit --format markdown` (may be absent when it failed)
# env:   GH_REPO (owner/name), GH_TOKEN, RUN_URL (link to the workflow run)
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: audit-issue.sh AUDIT_EXIT_CODE REPORT_FILE" >&2; exit 64; }
code=$1 report_file=$2
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
run_url=${RUN_URL:-"(run URL unknown)"}
label=drift
title="Access outside the model"
now=$(date -u +%Y-%m-%dT%H:%MZ)

if [[ $code != 0 && $code != 2 ]]; then
  echo "audit-issue.sh: access audit failed (exit '$code'); what exists outside the model is unknown, issue left unchanged. See $run_url" >&2
  exit 1
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export LABEL_COLOR=D93F0B LABEL_DESCRIPTION="Live access differs from the access model"

if [[ $code == 0 ]]; then
  exec "$here/keep-issue.sh" close "$label" "$title" "Nothing outside the model as of $now ($run_url). Closing."
fi

[[ -s $report_file ]] || { echo "audit-issue.sh: $report_file is missing or empty" >&2; exit 1; }
# The digest ignores the first line (call counts vary from run to run).
digest=$(tail -n +2 "$report_file" | sha256sum | cut -c1-16)
body_file=$(mktemp)
trap 'rm -f "$body_file"' EXIT
{
  echo "<!-- access-audit digest=$digest -->"
  echo "Scheduled \`access audit\` found access in Identity Center that the access model does not manage: Terraform does not see it, so the drift plans stay empty."
  echo
  echo "Last checked: $now in $run_url"
  echo
  cat "$report_file"
  echo
  echo "To resolve: if the access should stay, add it to the model by pull request. Otherwise remove it: \`npm run --silent access -- audit --revoke\` (with the apply role) deletes the unmanaged assignments of managed permission sets to managed groups; remove the others (users, unknown groups, unmanaged permission sets) in Identity Center. This issue closes itself once a scheduled audit finds nothing."
} >"$body_file"

CHANGED_COMMENT="What exists outside the model changed as of $now ($run_url); the description shows the current state." \
  REOPEN_COMMENT="Access outside the model is back as of $now ($run_url)." \
  "$here/keep-issue.sh" open "$label" "$title" "$body_file"
