#!/usr/bin/env bash
# Opens the quarterly access review issue, one per quarter: when an open issue with the same
# title exists (a re-run, or a manual run in the same quarter), its body is refreshed instead.
#
# usage: review-issue.sh TITLE BODY_FILE
# env:   GH_REPO (owner/name), GH_TOKEN
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: review-issue.sh TITLE BODY_FILE" >&2; exit 64; }
title=$1 body_file=$2
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
[[ -s $body_file ]] || { echo "review-issue.sh: $body_file is missing or empty" >&2; exit 1; }
label=access-review

number=$(gh issue list --label "$label" --state open --limit 200 --json number,title |
  jq -r --arg title "$title" 'map(select(.title == $title)) | sort_by(.number) | first | if . == null then "" else "\(.number)" end')

if [[ -n $number ]]; then
  gh issue edit "$number" --body-file "$body_file" >/dev/null
  echo "updated #$number"
else
  gh label create "$label" --color 0E8A16 --description "Periodic review of who can reach what" --force >/dev/null
  gh issue create --title "$title" --label "$label" --body-file "$body_file"
fi
