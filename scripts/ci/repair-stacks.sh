#!/usr/bin/env bash
# Drift repair (apply.yml, workflow_dispatch): the stacks an operator chose, checked against the
# synthesized ones, as an access-diff-shaped {"affected_stacks": [...]} for stack-matrix.sh.
# "all" chooses every synthesized stack. Names are never interpolated into a command: they are
# matched against the manifest's stacks as data.
#
# usage: repair-stacks.sh CHOSEN MANIFEST_JSON
#   CHOSEN         "all", or stack names separated by spaces or commas (okta identity-center-shard-03)
#   MANIFEST_JSON  cdktf.out/manifest.json from access synth
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: repair-stacks.sh CHOSEN MANIFEST_JSON" >&2; exit 64; }
chosen=$1 manifest=$2

if [[ $chosen == all ]]; then
  jq -c '{affected_stacks: (.stacks | keys)}' "$manifest"
  exit 0
fi
names=$(jq -Rc '[split("[ ,]+"; null) | .[] | select(. != "")]' <<<"$chosen")
if [[ $(jq length <<<"$names") -eq 0 ]]; then
  echo "repair-stacks.sh: no stack chosen (give stack names, or all)" >&2
  exit 1
fi
unknown=$(jq -r --argjson names "$names" '(.stacks | keys) as $synth | [$names[] | select(. as $n | $synth | index($n) | not)] | join(", ")' "$manifest")
if [[ -n $unknown ]]; then
  echo "repair-stacks.sh: not a stack of this commit: $unknown (see cdktf.out/manifest.json)" >&2
  exit 1
fi
jq -c '{affected_stacks: unique}' <<<"$names"
