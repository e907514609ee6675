#!/usr/bin/env bash
# Prints "true" when a pull request merged between the last applied commit and COMMIT carries the
# acknowledgement label (default access-revocation-acknowledged), added to that pull request by a
# member of the privileged-access team, else "false". Merges can collapse into one apply run, so
# every pull request of the run counts, not only the last one. A label anyone else added does not
# count (anyone who can push can label): fail closed.
#
# usage: ack-label.sh BASE_COMMIT COMMIT     BASE_COMMIT may be empty (no apply recorded yet)
# env:   GH_REPO (owner/name), GH_TOKEN (contents: read, pull-requests: read, issues: read), ACK_LABEL,
#        TEAM_MEMBERS (the privileged-access team's logins, separated by spaces; empty: no label counts)
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
read -r -a members <<<"${TEAM_MEMBERS:-}"
if [[ ${#members[@]} -eq 0 ]]; then
  echo "ack-label.sh: the privileged-access team's members are unknown: no acknowledgement label counts" >&2
  echo false
  exit 0
fi
members_json=$(printf '%s\n' "${members[@]}" | jq -R . | jq -s .)
for sha in "${commits[@]}"; do
  [[ -n $sha ]] || continue
  mapfile -t prs < <(gh api "repos/$GH_REPO/commits/$sha/pulls" |
    jq -r --arg want "$label" '.[] | select(.merged_at != null and any(.labels[]?; .name == $want)) | .number')
  for pr in "${prs[@]}"; do
    [[ -n $pr ]] || continue
    # Who added the label last (a label removed and re-added counts by its last adder).
    adder=$(gh api --paginate "repos/$GH_REPO/issues/$pr/events?per_page=100" |
      jq -rs --arg want "$label" '[.[][] | select(.event == "labeled" and .label.name == $want)] | last | .actor.login // ""')
    if jq -e --arg who "$adder" 'index($who) != null' <<<"$members_json" >/dev/null; then
      echo true
      exit 0
    fi
    echo "ack-label.sh: the label on #$pr was added by '${adder:-unknown}', who is not in the privileged-access team: it does not count" >&2
  done
done
echo false
