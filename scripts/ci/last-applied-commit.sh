#!/usr/bin/env bash
# Prints the commit of the newest fully successful run of the apply workflow on BRANCH: the
# point up to which every stack is known to be applied. An apply diffs against it, not against
# the previous push, so merges whose queued runs GitHub superseded, and stacks that failed in an
# earlier run, are applied by the next run. Prints nothing when there is no such run or the API
# cannot tell (the caller then treats every stack as affected).
#
# usage: last-applied-commit.sh [WORKFLOW_FILE] [BRANCH]     env: GH_REPO, GH_TOKEN
set -euo pipefail
[[ $# -le 2 ]] || { echo "usage: last-applied-commit.sh [WORKFLOW_FILE] [BRANCH]" >&2; exit 64; }
workflow=${1:-apply.yml} branch=${2:-main}
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"

if ! sha=$(gh run list --repo "$GH_REPO" --workflow "$workflow" --branch "$branch" --event push --status success \
  --limit 1 --json headSha --jq '.[0].headSha // ""'); then
  echo "last-applied-commit.sh: cannot list the runs of $workflow; every stack counts as affected" >&2
  exit 0
fi
if [[ $sha =~ ^[0-9a-f]{40}$ ]]; then
  echo "$sha"
else
  echo "last-applied-commit.sh: no successful run of $workflow on $branch yet; every stack counts as affected" >&2
fi
