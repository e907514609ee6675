#!/usr/bin/env bash
# The stacks a workflow plans or applies: the access diff's affected_stacks that were
# synthesized, in apply order (okta, identity-center, then the shards by name). Without a usable
# diff (the base model did not load) every synthesized stack is chosen: planning too much is
# safe, planning too little is not.
#
# usage: stack-matrix.sh MANIFEST_JSON [DIFF_JSON]
#   MANIFEST_JSON  cdktf.out/manifest.json from npm run synth
#   DIFF_JSON      output of `access diff --format json` (absent or empty: every stack)
# Prints GitHub step outputs, one per line:
#   stacks=["okta",...]   every chosen stack        count=N
#   okta=true|false       identity-center=true|false (the base stack)
#   shards=[...]          the chosen stacks after okta and identity-center (a matrix)
#   gone=[...]            affected stacks that were not synthesized (nothing to plan)
set -euo pipefail
[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: stack-matrix.sh MANIFEST_JSON [DIFF_JSON]" >&2; exit 64; }
manifest=$1 diff=${2:-}

jq -e '.stacks | type == "object"' "$manifest" >/dev/null || {
  echo "stack-matrix.sh: $manifest has no stacks object (run npm run synth)" >&2
  exit 1
}
if [[ -n $diff && -s $diff ]] && jq -e '.affected_stacks | type == "array"' "$diff" >/dev/null 2>&1; then
  affected=$(jq -c '.affected_stacks' "$diff")
else
  echo "stack-matrix.sh: no usable access diff; choosing every synthesized stack" >&2
  affected=$(jq -c '.stacks | keys' "$manifest")
fi

# GitHub Actions expands a matrix to at most 256 jobs.
count=$(jq --argjson affected "$affected" '[$affected[] as $s | .stacks | select(has($s))] | length' "$manifest")
if [[ $count -gt 256 ]]; then
  echo "stack-matrix.sh: $count stacks to run, but a GitHub Actions matrix runs at most 256 jobs; set organization.identity_center.assignment_shards to 254 or fewer" >&2
  exit 1
fi

jq -r --argjson affected "$affected" '
  def rank: if . == "okta" then 0 elif . == "identity-center" then 1 else 2 end;
  (.stacks | keys) as $synth
  | [$affected[] | select(. as $s | $synth | index($s))] | sort_by([rank, .]) as $chosen
  | [$affected[] | select(. as $s | $synth | index($s) | not)] as $gone
  | "stacks=\($chosen | tojson)",
    "count=\($chosen | length)",
    "okta=\($chosen | index("okta") != null)",
    "identity-center=\($chosen | index("identity-center") != null)",
    "shards=\([$chosen[] | select(. != "okta" and . != "identity-center")] | tojson)",
    "gone=\($gone | tojson)"
' "$manifest"
