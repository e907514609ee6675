#!/usr/bin/env bash
# The risk-based approval check of one pull request (the `Risk-based approval` required check).
# Computes the access diff against the base branch's model, reads the PR's reviews and the
# privileged-access team's members, and lets `access approval` decide. Fails closed: if the team
# cannot be read, a high-risk change does not pass.
#
# usage: risk-approval.sh BASE_MODEL_DIR HEAD_MODEL_DIR
# env:   GH_TOKEN, GH_REPO (owner/name), PR_NUMBER, HEAD_SHA, PR_AUTHOR,
#        PRIVILEGED_ACCESS_TEAM (org/team-slug), and the team's members either as TEAM_MEMBERS
#        (logins separated by spaces, read by a job holding the app token) or read here with
#        TEAM_TOKEN; neither means nobody can approve a high-risk change.
#        ACCESS (the access CLI; default: npm run --silent access --),
#        CHANGED_FILES (optional: the PR's changed paths, one per line; a code path is a high risk)
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: risk-approval.sh BASE_MODEL_DIR HEAD_MODEL_DIR" >&2; exit 64; }
base=$1 head=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
access() { if [[ -n ${ACCESS:-} ]]; then $ACCESS "$@"; else npm run --silent access -- "$@"; fi; }

changed=()
if [[ -n ${CHANGED_FILES:-} ]]; then changed=(--changed-files "$CHANGED_FILES"); fi
if ! access diff --base "$base" --head "$head" "${changed[@]}" --format json >"$work/diff.json"; then
  echo "::error::The access diff failed (is the model valid?); the approval check cannot pass without it."
  exit 1
fi

gh api --paginate "repos/$GH_REPO/pulls/$PR_NUMBER/reviews?per_page=100" >"$work/reviews.json"

: >"$work/approvers.txt"
if [[ -n ${TEAM_MEMBERS:-} ]]; then
  tr ' ' '\n' <<<"$TEAM_MEMBERS" >"$work/approvers.txt"
elif [[ -z ${PRIVILEGED_ACCESS_TEAM:-} || $PRIVILEGED_ACCESS_TEAM != */* ]]; then
  echo "::warning::PRIVILEGED_ACCESS_TEAM (org/team-slug) is not set: no approval can satisfy a high-risk change (docs/setup.md)."
elif [[ -z ${TEAM_TOKEN:-} ]]; then
  echo "::warning::No token that can read ${PRIVILEGED_ACCESS_TEAM}'s members (fork pull request, or the approval app is not configured): a high-risk change cannot pass here."
else
  org=${PRIVILEGED_ACCESS_TEAM%%/*} team=${PRIVILEGED_ACCESS_TEAM#*/}
  if ! GH_TOKEN=$TEAM_TOKEN gh api --paginate "orgs/$org/teams/$team/members?per_page=100" --jq '.[].login' >"$work/approvers.txt"; then
    echo "::warning::Could not read the members of $PRIVILEGED_ACCESS_TEAM; a high-risk change cannot pass."
    : >"$work/approvers.txt"
  fi
fi

access approval --diff "$work/diff.json" --reviews "$work/reviews.json" --approvers "$work/approvers.txt" --head-sha "$HEAD_SHA" --author "$PR_AUTHOR"
