#!/usr/bin/env bash
# Keeps one open issue per (label, title): `open` creates it or refreshes its body (reopening the
# last closed one), `close` closes the open one with a comment. Used by the expiry run (why an
# expiry was refused) and the weekly list of grants that expire soon.
#
# usage: keep-issue.sh open LABEL TITLE BODY_FILE
#        keep-issue.sh close LABEL TITLE COMMENT
# env:   GH_REPO (owner/name), GH_TOKEN (issues: write)
set -euo pipefail
[[ $# -eq 4 ]] || { echo "usage: keep-issue.sh open|close LABEL TITLE BODY_FILE|COMMENT" >&2; exit 64; }
mode=$1 label=$2 title=$3 arg=$4
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"

read -r number state <<<"$(gh issue list --label "$label" --state all --limit 200 --json number,title,state,updatedAt |
  jq -r --arg title "$title" '
    map(select(.title == $title))
    | (map(select(.state == "OPEN")) | sort_by(.number) | first) // (sort_by(.updatedAt) | last)
    | if . == null then "" else "\(.number) \(.state)" end')" || true

case $mode in
  open)
    [[ -s $arg ]] || { echo "keep-issue.sh: $arg is missing or empty" >&2; exit 1; }
    if [[ -z ${number:-} ]]; then
      gh label create "$label" --color FBCA04 --force >/dev/null
      gh issue create --title "$title" --label "$label" --body-file "$arg"
    else
      gh issue edit "$number" --body-file "$arg" >/dev/null
      [[ $state == OPEN ]] || gh issue reopen "$number" >/dev/null
      echo "updated #$number"
    fi
    ;;
  close)
    if [[ ${state:-} == OPEN ]]; then
      gh issue close "$number" --comment "$arg"
      echo "closed #$number"
    else
      echo "no open issue titled \"$title\""
    fi
    ;;
  *) echo "keep-issue.sh: unknown mode $mode" >&2; exit 64 ;;
esac
