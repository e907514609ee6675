#!/usr/bin/env bash
# Refuses to apply a commit that is not the newest commit of the branch. Re-running an old
# failed apply run would otherwise apply that run's old model and revert every later merge.
#
# usage: require-newest-main.sh SHA [BRANCH]   (BRANCH defaults to main)
# Needs GH_TOKEN and GH_REPO (owner/name) for `gh api`. Exit 0 when SHA is the branch head,
# 1 when it is not (or the head cannot be read: refusing is the safe answer).
set -euo pipefail
[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: require-newest-main.sh SHA [BRANCH]" >&2; exit 64; }
sha=$1 branch=${2:-main}
[[ $sha =~ ^[0-9a-f]{40}$ ]] || { echo "require-newest-main.sh: \"$sha\" is not a commit sha" >&2; exit 64; }
if ! head=$(gh api "repos/$GH_REPO/commits/heads/$branch" --jq .sha); then
  echo "::error::Cannot read the head of $branch; refusing to apply $sha without knowing it is the newest commit."
  exit 1
fi
if [[ $head != "$sha" ]]; then
  echo "::error::Refusing to apply $sha: it is not the newest commit of $branch (that is $head). Applying it would revert what was merged since. The run for $head applies the current model; to retry, re-run that one (or push a new commit)."
  exit 1
fi
echo "$sha is the newest commit of $branch."
