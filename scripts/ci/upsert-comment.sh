#!/usr/bin/env bash
# Creates the one comment on a pull request or issue that carries MARKER, or edits it in place
# when a comment by the workflow's own identity already carries it, so re-runs never pile up
# comments. Only our own comments are candidates: a human quoting the marker is left alone.
#
# usage: upsert-comment.sh NUMBER MARKER BODY_FILE
# env:   GH_REPO (owner/name), GH_TOKEN; COMMENT_AUTHOR (default github-actions[bot])
# Prints the comment's URL.
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: upsert-comment.sh NUMBER MARKER BODY_FILE" >&2; exit 64; }
number=$1 marker=$2 body_file=$3
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
author=${COMMENT_AUTHOR:-github-actions[bot]}

[[ $number =~ ^[0-9]+$ ]] || { echo "upsert-comment.sh: NUMBER must be a number (got '$number')" >&2; exit 64; }
[[ -n $marker ]] || { echo "upsert-comment.sh: MARKER must not be empty" >&2; exit 64; }
if ! grep -qF -- "$marker" "$body_file"; then
  # Without the marker the next run could not find this comment and would add another one.
  echo "upsert-comment.sh: $body_file does not contain the marker $marker" >&2
  exit 1
fi

existing=$(gh api --paginate "repos/$GH_REPO/issues/$number/comments?per_page=100" |
  jq -rs --arg marker "$marker" --arg author "$author" '
    (add // []) | map(select(.user.login == $author and (.body // "" | contains($marker))))
    | sort_by(.created_at) | (.[0].id // empty)')

payload=$(jq -Rs '{body: .}' "$body_file")
if [[ -n $existing ]]; then
  gh api --method PATCH "repos/$GH_REPO/issues/comments/$existing" --input - --jq .html_url <<<"$payload"
else
  gh api --method POST "repos/$GH_REPO/issues/$number/comments" --input - --jq .html_url <<<"$payload"
fi
