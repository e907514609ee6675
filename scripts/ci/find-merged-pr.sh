#!/usr/bin/env bash
# Prints the number of the pull request merged into BRANCH that produced COMMIT (merge, squash
# or rebase merge), or nothing when the commit was pushed directly.
#
# usage: find-merged-pr.sh COMMIT [BRANCH]      env: GH_REPO (owner/name), GH_TOKEN
set -euo pipefail
[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: find-merged-pr.sh COMMIT [BRANCH]" >&2; exit 64; }
commit=$1 branch=${2:-main}
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
[[ $commit =~ ^[0-9a-f]{40}$ ]] || { echo "find-merged-pr.sh: COMMIT must be a full SHA (got '$commit')" >&2; exit 64; }

gh api "repos/$GH_REPO/commits/$commit/pulls" |
  jq -r --arg branch "$branch" '
    map(select(.merged_at != null and .base.ref == $branch))
    | sort_by(.merged_at) | last | (.number // empty)'
