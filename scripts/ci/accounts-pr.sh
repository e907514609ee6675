#!/usr/bin/env bash
# Opens, or updates, the one pull request that carries `access accounts sync` changes: commits the
# working tree's changes under the model folder to a fixed branch (rebuilt from the base branch each
# run, so the PR always holds exactly today's differences) and creates the PR or refreshes its body.
#
# usage: accounts-pr.sh MODEL_DIR CHANGES_FILE
#   run in a checkout of the base branch whose working tree holds the sync's changes
#   CHANGES_FILE  the sync's stdout: one line per added/renamed/moved/retagged/removed/flagged account
# env:   GH_REPO (owner/name), GH_TOKEN, BASE (default main), BRANCH (default access/accounts-sync),
#        RUN_URL (link to the workflow run), LABEL (added to the PR), REVIEW_TEAM (org/team asked to review)
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: accounts-pr.sh MODEL_DIR CHANGES_FILE" >&2; exit 64; }
model_dir=$1 changes_file=$2
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
base=${BASE:-main}
branch=${BRANCH:-access/accounts-sync}
run_url=${RUN_URL:-"(run URL unknown)"}
title="Accounts: sync with AWS Organizations"

if [[ -z $(git status --porcelain -- "$model_dir") ]]; then
  echo "accounts-pr.sh: no change under $model_dir; no pull request touched"
  exit 0
fi

git -c user.name="access accounts sync" -c user.email="access-accounts-sync@users.noreply.github.com" \
  checkout -q -B "$branch"
git add -A -- "$model_dir"
git -c user.name="access accounts sync" -c user.email="access-accounts-sync@users.noreply.github.com" \
  commit -q -m "$title" -m "$(cat "$changes_file")"
git push -q --force origin "$branch"

body=$(mktemp)
{
  echo "<!-- access-accounts-sync -->"
  echo "\`access accounts sync\` found accounts in AWS Organizations that differ from the model:"
  echo
  echo '```text'
  cat "$changes_file"
  echo '```'
  echo
  echo "New accounts get the access their OU and tags select once this is merged; the plan comment shows exactly what."
  echo "Accounts that left or were closed are removed only when no assignment names or selects them; otherwise a comment flags them."
  echo
  echo "Updated by $run_url. This branch is rebuilt on every run: push fixes to a branch of your own."
} >"$body"

route_edit=() route_create=()
if [[ -n ${LABEL:-} ]]; then route_edit+=(--add-label "$LABEL"); route_create+=(--label "$LABEL"); fi
if [[ -n ${REVIEW_TEAM:-} ]]; then route_edit+=(--add-reviewer "$REVIEW_TEAM"); route_create+=(--reviewer "$REVIEW_TEAM"); fi

number=$(gh pr list --head "$branch" --base "$base" --state open --limit 1 --json number --jq '.[0].number // empty')
if [[ -n $number ]]; then
  gh pr edit "$number" --title "$title" --body-file "$body" "${route_edit[@]}"
  echo "updated #$number"
else
  gh pr create --head "$branch" --base "$base" --title "$title" --body-file "$body" "${route_create[@]}"
fi
