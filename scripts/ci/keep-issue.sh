#!/usr/bin/env bash
# Keeps one GitHub issue per (label, title) in step with a scheduled check: the one script behind
# the drift issues (drift-issue.sh), the audit issue (audit-issue.sh), the expiry issue and the
# weekly expiring-grants issue.
#   open   create the issue, or refresh the body of the open one (commenting when what it reports
#          changed), or refresh and reopen the most recently closed one;
#   close  close the open one with a comment (nothing to do when none is open).
# "What it reports changed" is read from a `digest=HEX` in the body (the first one, usually in an
# HTML comment marker the caller writes): a comment is added only when the open issue's digest
# differs, so a daily refresh of the same finding does not notify anyone.
#
# usage: keep-issue.sh open LABEL TITLE BODY_FILE
#        keep-issue.sh close LABEL TITLE COMMENT
# env:   GH_REPO (owner/name), GH_TOKEN (issues: write)
#        LABEL_COLOR, LABEL_DESCRIPTION   for the label, created on the first issue
#        CHANGED_COMMENT  comment on the open issue when the digest changed (default below)
#        REOPEN_COMMENT   comment when a closed issue is reopened (default: none)
set -euo pipefail
[[ $# -eq 4 ]] || { echo "usage: keep-issue.sh open|close LABEL TITLE BODY_FILE|COMMENT" >&2; exit 64; }
mode=$1 label=$2 title=$3 arg=$4
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
[[ $mode == open || $mode == close ]] || { echo "keep-issue.sh: unknown mode $mode" >&2; exit 64; }
digest_of() { sed -n 's/.*digest=\([0-9a-f][0-9a-f]*\).*/\1/p' | head -n1; }

# The open issue with exactly this title (the oldest, if several), else the most recently closed.
read -r number state <<<"$(gh issue list --label "$label" --state all --limit 200 --json number,title,state,updatedAt |
  jq -r --arg title "$title" '
    map(select(.title == $title))
    | (map(select(.state == "OPEN")) | sort_by(.number) | first) // (sort_by(.updatedAt) | last)
    | if . == null then "" else "\(.number) \(.state)" end')" || true

if [[ $mode == close ]]; then
  if [[ ${state:-} == OPEN ]]; then
    gh issue close "$number" --comment "$arg"
    echo "closed #$number"
  else
    echo "no open issue titled \"$title\""
  fi
  exit 0
fi

[[ -s $arg ]] || { echo "keep-issue.sh: $arg is missing or empty" >&2; exit 1; }
if [[ -z ${number:-} ]]; then
  gh label create "$label" --color "${LABEL_COLOR:-FBCA04}" ${LABEL_DESCRIPTION:+--description "$LABEL_DESCRIPTION"} --force >/dev/null
  gh issue create --title "$title" --label "$label" --body-file "$arg"
  exit 0
fi

digest=$(digest_of <"$arg")
previous=""
if [[ -n $digest && $state == OPEN ]]; then
  previous=$(gh issue view "$number" --json body --jq .body | digest_of)
fi
gh issue edit "$number" --body-file "$arg" >/dev/null
if [[ $state != OPEN ]]; then
  if [[ -n ${REOPEN_COMMENT:-} ]]; then gh issue reopen "$number" --comment "$REOPEN_COMMENT"; else gh issue reopen "$number" >/dev/null; fi
  echo "reopened #$number"
elif [[ -n $digest && $previous != "$digest" ]]; then
  gh issue comment "$number" --body "${CHANGED_COMMENT:-What this issue reports changed; the description shows the current state.}"
  echo "updated #$number (changed)"
else
  echo "updated #$number"
fi
