#!/usr/bin/env bash
# Runs drift-issue.sh for every stack of a drift run, so each stack keeps its own issue. A stack
# whose plan failed (or never reported) leaves its issue alone and makes this fail at the end;
# the other stacks are still handled.
#
# usage: drift-issues.sh STACKS_JSON RESULTS_DIR
#   STACKS_JSON  JSON list of the stacks planned, e.g. ["okta","identity-center"]
#   RESULTS_DIR  holds STACK.exit-code and STACK.summary.md per stack
# env:   as drift-issue.sh (GH_REPO, GH_TOKEN, RUN_URL)
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: drift-issues.sh STACKS_JSON RESULTS_DIR" >&2; exit 64; }
stacks_json=$1 dir=$2
here=$(cd "$(dirname "$0")" && pwd)
mapfile -t stacks < <(jq -r '.[]' <<<"$stacks_json")
[[ ${#stacks[@]} -gt 0 ]] || { echo "drift-issues.sh: no stacks given" >&2; exit 64; }

failed=()
for stack in "${stacks[@]}"; do
  [[ $stack =~ ^[A-Za-z0-9_-]+$ ]] || { echo "drift-issues.sh: not a stack name: '$stack'" >&2; failed+=("$stack"); continue; }
  code=$(cat "$dir/$stack.exit-code" 2>/dev/null || echo unknown)
  if ! "$here/drift-issue.sh" "$stack" "$code" "$dir/$stack.summary.md"; then
    failed+=("$stack")
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "drift-issues.sh: drift is unknown for ${#failed[@]} stack(s): ${failed[*]}" >&2
  exit 1
fi
