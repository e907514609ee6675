#!/usr/bin/env bash
# Prints "COMMIT YYYY-MM-DD" for the newest fully successful run of the apply workflow on
# BRANCH: the point up to which every stack is known to be applied, and the day (UTC) that run
# started, which is the day its model was resolved (expired grants left out). An apply diffs
# against it, not against the previous push, so merges whose queued runs GitHub superseded,
# stacks that failed in an earlier run, and grants that expired since are applied by the next
# run. Prints nothing when there is no such run or the API cannot tell (the caller then treats
# every stack as affected).
#
# usage: last-applied-commit.sh [WORKFLOW_FILE] [BRANCH]     env: GH_REPO, GH_TOKEN
set -euo pipefail
[[ $# -le 2 ]] || { echo "usage: last-applied-commit.sh [WORKFLOW_FILE] [BRANCH]" >&2; exit 64; }
workflow=${1:-apply.yml} branch=${2:-main}
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"

if ! found=$(gh run list --repo "$GH_REPO" --workflow "$workflow" --branch "$branch" --event push --status success \
  --limit 1 --json headSha,createdAt --jq '.[0] // {} | "\(.headSha // "") \(.createdAt // "" | .[0:10])"'); then
  echo "last-applied-commit.sh: cannot list the runs of $workflow; every stack counts as affected" >&2
  exit 0
fi
read -r sha day <<<"$found" || true
if [[ ${sha:-} =~ ^[0-9a-f]{40}$ && ${day:-} =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
  echo "$sha $day"
else
  echo "last-applied-commit.sh: no successful run of $workflow on $branch yet; every stack counts as affected" >&2
fi
