#!/usr/bin/env bash
# The stacks a workflow plans or applies: the access diff's affected_stacks that were
# synthesized, in apply order. The order and each stack's kind (okta, base, shard) come from
# layout.json, which synthesis writes next to the manifest (src/layout). Without a usable diff
# (the base model did not load) every synthesized stack is chosen: planning too much is safe,
# planning too little is not.
#
# usage: stack-matrix.sh MANIFEST_JSON [DIFF_JSON]
#   MANIFEST_JSON  cdktf.out/manifest.json from npm run synth (layout.json beside it)
#   DIFF_JSON      output of `access diff --format json` (absent or empty: every stack)
# Prints GitHub step outputs, one per line:
#   stacks=["okta",...]   every chosen stack        count=N
#   okta=true|false       identity-center=true|false (the base stack)
#   shards=[...]          the chosen shard stacks (a matrix)
#   gone=[...]            affected stacks that were not synthesized (nothing to plan)
set -euo pipefail
[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: stack-matrix.sh MANIFEST_JSON [DIFF_JSON]" >&2; exit 64; }
manifest=$1 diff=${2:-}
layout=$(dirname "$manifest")/layout.json

jq -e '.stacks | type == "object"' "$manifest" >/dev/null || {
  echo "stack-matrix.sh: $manifest has no stacks object (run npm run synth)" >&2
  exit 1
}
jq -e '.stacks | type == "array"' "$layout" >/dev/null 2>&1 || {
  echo "stack-matrix.sh: $layout is missing or has no stacks list (run npm run synth)" >&2
  exit 1
}
if [[ -n $diff && -s $diff ]] && jq -e '.affected_stacks | type == "array"' "$diff" >/dev/null 2>&1; then
  affected=$(jq -c '.affected_stacks' "$diff")
else
  echo "stack-matrix.sh: no usable access diff; choosing every synthesized stack" >&2
  affected=$(jq -c '.stacks | keys' "$manifest")
fi

# GitHub Actions expands a matrix to at most 256 jobs (src/layout: WORKFLOW_STACK_LIMIT; the
# model caps assignment_shards so that every stack fits).
limit=256
count=$(jq --argjson affected "$affected" '[$affected[] as $s | .stacks | select(has($s))] | length' "$manifest")
if [[ $count -gt $limit ]]; then
  echo "stack-matrix.sh: $count stacks to run, but a GitHub Actions matrix runs at most $limit jobs; set organization.identity_center.assignment_shards to $((limit - 2)) or fewer" >&2
  exit 1
fi

jq -r --argjson affected "$affected" --slurpfile layout "$layout" '
  ($layout[0].stacks) as $order
  | (.stacks | keys) as $synth
  | [$order[] | select(.name as $s | ($synth | index($s)) and ($affected | index($s)))] as $chosen
  | [$affected[] | select(. as $s | $synth | index($s) | not)] as $gone
  | "stacks=\([$chosen[].name] | tojson)",
    "count=\($chosen | length)",
    "okta=\(any($chosen[]; .kind == "okta"))",
    "identity-center=\(any($chosen[]; .kind == "base"))",
    "shards=\([$chosen[] | select(.kind == "shard") | .name] | tojson)",
    "gone=\($gone | tojson)"
' "$manifest"
