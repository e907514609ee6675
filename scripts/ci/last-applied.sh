#!/usr/bin/env bash
# The record of the model that was last applied successfully: the annotated tag
# `access-last-applied` (refs/tags/access-last-applied) on the commit whose model every stack now
# matches, its message carrying the date (ACCESS_TODAY) that model was resolved at.
#
# Why a tag moved at the end: the apply-time diff's base must be what is live. Merges queue and
# collapse (one apply run covers several merged PRs), and an apply can fail half-way; the tag
# moves only after every stack applied, so after a failure the next run diffs from the last
# complete apply again and explains the unfinished changes too. A tag lives in the repository,
# whatever the Terraform backend (S3 or HCP), is visible to `git`, and is read without any cloud
# credentials. Protect it with a tag ruleset so that only the workflows can move it.
#
# usage: last-applied.sh read                  prints commit=SHA and today=YYYY-MM-DD[THH:00Z] (empty: no record yet);
#                                              refuses a record whose commit is not on main or whose date is in the future
#        last-applied.sh record COMMIT TODAY   moves the tag to COMMIT (forward only) with TODAY
# env:   GH_REPO (owner/name), GH_TOKEN (contents: read to read, contents: write to record),
#        RUN_URL (optional, written into the tag message)
set -euo pipefail
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
tag=${LAST_APPLIED_TAG:-access-last-applied}

usage() { echo "usage: last-applied.sh read | last-applied.sh record COMMIT YYYY-MM-DD" >&2; exit 64; }

# Prints "COMMIT TODAY" of the current record, or nothing when there is none.
current() {
  local ref obj type
  # Only "not found" means no record; any other failure (network, rate limit, permissions) must
  # not silently turn into "nothing was ever applied" (a diff from an empty model).
  if ! ref=$(gh api "repos/$GH_REPO/git/ref/tags/$tag" 2>&1); then
    if grep -q -e 'HTTP 404' -e '"message": *"Not Found"' <<<"$ref"; then
      return 0
    fi
    echo "last-applied.sh: cannot read refs/tags/$tag: $ref" >&2
    exit 1
  fi
  obj=$(jq -r '.object.sha' <<<"$ref")
  type=$(jq -r '.object.type' <<<"$ref")
  if [[ $type != tag ]]; then
    echo "last-applied.sh: refs/tags/$tag is not an annotated tag made by this script; delete it or re-record" >&2
    exit 1
  fi
  gh api "repos/$GH_REPO/git/tags/$obj" |
    jq -r '"\(.object.sha) \(.message | capture("(?m)^today: (?<d>[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:00Z)?)$").d // "")"'
}

case ${1:-} in
  read)
    [[ $# -eq 1 ]] || usage
    record=$(current)
    read -r commit today <<<"$record" || true
    if [[ -n ${commit:-} ]]; then
      # The record is only believed when it is main's history and not dated ahead: a tag moved to a
      # branch commit would otherwise have its code or model planned with production credentials.
      on_main=$(gh api "repos/$GH_REPO/compare/$commit...${MAIN_BRANCH:-main}" --jq .status 2>/dev/null || true)
      if [[ $on_main != ahead && $on_main != identical ]]; then
        echo "last-applied.sh: refs/tags/$tag points to $commit, which is not an ancestor of ${MAIN_BRANCH:-main} ('${on_main:-unknown}'): refusing it; only the automation app may move the tag (docs/review-guarantees.md)" >&2
        exit 1
      fi
      now=$(date -u +%FT%H:00Z)
      if [[ -z ${today:-} || $today > $now ]]; then
        echo "last-applied.sh: refs/tags/$tag says today: '${today:-}', which is missing or after today ($now): refusing it" >&2
        exit 1
      fi
    fi
    echo "commit=${commit:-}"
    echo "today=${today:-}"
    ;;
  record)
    [[ $# -eq 3 ]] || usage
    commit=$2 today=$3
    [[ $commit =~ ^[0-9a-f]{40}$ ]] || { echo "last-applied.sh: COMMIT must be a full SHA (got '$commit')" >&2; exit 64; }
    [[ $today =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:00Z)?$ ]] || { echo "last-applied.sh: TODAY must be YYYY-MM-DD or YYYY-MM-DDTHH:00Z (got '$today')" >&2; exit 64; }
    record=$(current)
    read -r old_commit old_today <<<"$record" || true
    if [[ -n ${old_commit:-} ]]; then
      # Forward only: a re-run of an older apply must not move the record back.
      status=$(gh api "repos/$GH_REPO/compare/$old_commit...$commit" --jq .status)
      if [[ $status != ahead && $status != identical ]]; then
        echo "last-applied.sh: $commit is $status relative to the recorded $old_commit; the record stays where it is" >&2
        exit 1
      fi
      if [[ -n ${old_today:-} && $today < $old_today ]]; then
        echo "last-applied.sh: $today is before the recorded date $old_today; the record stays where it is" >&2
        exit 1
      fi
    fi
    message=$(printf 'Access model applied to every stack.\n\ncommit: %s\ntoday: %s\nrun: %s\n' "$commit" "$today" "${RUN_URL:-unknown}")
    obj=$(jq -n --arg tag "$tag" --arg msg "$message" --arg sha "$commit" '{tag: $tag, message: $msg, object: $sha, type: "commit"}' |
      gh api --method POST "repos/$GH_REPO/git/tags" --input - --jq .sha)
    if [[ -n ${old_commit:-} ]]; then
      jq -n --arg sha "$obj" '{sha: $sha, force: true}' | gh api --method PATCH "repos/$GH_REPO/git/refs/tags/$tag" --input - >/dev/null
    else
      jq -n --arg ref "refs/tags/$tag" --arg sha "$obj" '{ref: $ref, sha: $sha}' | gh api --method POST "repos/$GH_REPO/git/refs" --input - >/dev/null
    fi
    echo "recorded $commit ($today) as last applied"
    ;;
  *) usage ;;
esac
