#!/usr/bin/env bash
# Commits a pre-approved account change straight to main as the accounts GitHub App. Refuses
# unless every condition holds, so that nothing but the sync's own account change reaches main:
#   - the decision (access onboarding-decision, run on this change in the same workflow run on
#     main) says auto_apply: true;
#   - the checkout is exactly the main commit the sync read (BASE_SHA), and that is still main's tip;
#   - the change touches nothing outside MODEL_DIR.
# The push is a fast-forward of that commit (never forced): if main moved meanwhile it fails and
# the next run (schedule or event) syncs again. The ordinary apply workflow then applies the
# commit with every gate (explain, threshold, newest commit).
#
# usage: accounts-main.sh MODEL_DIR CHANGES_FILE DECISION_JSON
#   run in a checkout of main at BASE_SHA whose index holds the sync's change (git apply --index)
# env:   BASE_SHA (the main commit the sync ran on), BASE (default main)
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: accounts-main.sh MODEL_DIR CHANGES_FILE DECISION_JSON" >&2; exit 64; }
model_dir=${1%/} changes_file=$2 decision=$3
: "${BASE_SHA:?BASE_SHA must be the main commit the sync ran on}"
base=${BASE:-main}

if [[ $(jq -r '.auto_apply' "$decision") != true ]]; then
  echo "accounts-main.sh: refused: the decision does not allow a direct commit ($(jq -r '.reasons | join("; ")' "$decision"))" >&2
  exit 3
fi
head=$(git rev-parse HEAD)
if [[ $head != "$BASE_SHA" ]]; then
  echo "accounts-main.sh: refused: the checkout is $head, not the main commit $BASE_SHA the sync read" >&2
  exit 3
fi
# The tip of main itself: a commit of a branch that merely contains main would fast-forward main
# to the branch's content. If main moved since the sync read it, the next run syncs again.
tip=$(git ls-remote origin "refs/heads/$base" | cut -f1)
if [[ $tip != "$head" ]]; then
  echo "accounts-main.sh: refused: $head is not the tip of $base (${tip:-unknown}); the next sync run starts from the new tip" >&2
  exit 3
fi
git add -A -- "$model_dir"
outside=$(git diff --cached --name-only | grep -v -e "^$model_dir/" || true)
if [[ -n $outside ]]; then
  echo "accounts-main.sh: refused: the change touches files outside $model_dir/:" >&2
  echo "$outside" >&2
  exit 3
fi
if git diff --cached --quiet; then
  echo "accounts-main.sh: nothing to commit"
  exit 0
fi
git -c user.name="access accounts sync" -c user.email="access-accounts-sync@users.noreply.github.com" \
  commit -q -m "Accounts: sync with AWS Organizations (pre-approved)" -m "$(cat "$changes_file")" \
  -m "Every new grant comes from a selector unchanged on $base; auto_apply: $(jq -r '.auto_apply_setting' "$decision")."
git push -q origin "HEAD:refs/heads/$base"
echo "committed $(git rev-parse HEAD) to $base"
