#!/usr/bin/env bash
# Prints "true" when a pull request merged between the last applied commit and COMMIT carries the
# acknowledgement label (default access-revocation-acknowledged), else "false". Merges can
# collapse into one apply run, so every pull request of the run counts, not only the last one.
#
# usage: ack-label.sh BASE_COMMIT COMMIT     BASE_COMMIT may be empty (no apply recorded yet)
# env:   GH_REPO (owner/name), GH_TOKEN (contents: read, pull-requests: read), ACK_LABEL
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: ack-label.sh BASE_COMMIT COMMIT" >&2; exit 64; }
base=$1 head=$2
: "${GH_REPO:?GH_REPO must name the repository as owner/name}"
label=${ACK_LABEL:-access-revocation-acknowledged}
[[ $head =~ ^[0-9a-f]{40}$ ]] || { echo "ack-label.sh: COMMIT must be a full SHA (got '$head')" >&2; exit 64; }

commits=("$head")
if [[ -n $base && $base != "$head" ]]; then
  mapfile -t commits < <(gh api "repos/$GH_REPO/compare/$base...$head" --jq '.commits[].sha')
fi
for sha in "${commits[@]}"; do
  [[ -n $sha ]] || continue
  if gh api "repos/$GH_REPO/commits/$sha/pulls" |
    jq -e --arg want "$label" 'any(.[]; .merged_at != null and any(.labels[]?; .name == $want))' >/dev/null; then
    echo true
    exit 0
  fi
done
echo false
