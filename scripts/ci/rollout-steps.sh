#!/usr/bin/env bash
# The steps of the rollout (cdktf.out/rollout.json, written by `access synth`; src/rollout), so the
# apply workflow names no stack and no stack folder itself: src/layout is their only home.
#
# usage: rollout-steps.sh env ROLLOUT_JSON
#          for $GITHUB_ENV: per okta or base step, <KIND>_<PHASE>_STEP (the step id, the plan's
#          name), <KIND>_<PHASE>_STACK and <KIND>_<PHASE>_DIR (its folder, absolute), e.g.
#          OKTA_TIGHTEN_DIR=/.../cdktf.out/phases/tighten/stacks/okta, BASE_KEEP_STEP=identity-center-keep
#        rollout-steps.sh aws-final ROLLOUT_JSON AFFECTED_JSON
#          "FOLDER STEP" per line: the final phase of every affected stack but okta (the base, the
#          shards, revocation); fails when an affected stack has no such step
set -euo pipefail
usage() { echo "usage: rollout-steps.sh env ROLLOUT_JSON | rollout-steps.sh aws-final ROLLOUT_JSON AFFECTED_JSON" >&2; exit 64; }
[[ $# -ge 2 ]] || usage
mode=$1 rollout=$2
[[ -f $rollout ]] || { echo "rollout-steps.sh: $rollout not found (run access synth)" >&2; exit 1; }
root=$(cd "$(dirname "$rollout")" && pwd)
# Ids, stacks and folders become environment lines and arguments: names and paths only.
jq -e '[.steps[] | .id, .stack, .folder | test("^[A-Za-z0-9_./-]+$") and (contains("..") | not)] | all' "$rollout" >/dev/null || {
  echo "rollout-steps.sh: $rollout has a step id, stack or folder that is not a plain name or path" >&2
  exit 1
}
case $mode in
  env)
    [[ $# -eq 2 ]] || usage
    jq -r --arg root "$root" '
      .steps[] | select(.kind == "okta" or .kind == "base")
      | ("\(.kind)_\(.phase)" | ascii_upcase) as $k
      | "\($k)_STEP=\(.id)", "\($k)_STACK=\(.stack)", "\($k)_DIR=\($root)/\(.folder)"' "$rollout"
    ;;
  aws-final)
    [[ $# -eq 3 ]] || usage
    jq -r --arg root "$root" --argjson affected "$3" '
      . as $rollout
      | [.steps[] | select(.phase == "final" and .kind != "okta")] as $final
      | [$affected[] | select(. as $s | any($rollout.steps[]; .stack == $s and (.kind == "okta" or (.phase == "final"))))] as $known
      | if ($known | length) != ($affected | length) then
          error("affected stacks without a step in the rollout: \($affected - $known | join(", "))")
        else
          $final[] | select(.stack as $s | $affected | index($s)) | "\($root)/\(.folder) \(.id)"
        end' "$rollout" || { echo "rollout-steps.sh: cannot choose the AWS stacks' final steps from $rollout" >&2; exit 1; }
    ;;
  *) usage ;;
esac
