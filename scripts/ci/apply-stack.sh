#!/usr/bin/env bash
# Applies the saved plan of one synthesized stack, exactly as it was planned (and as any gate
# between plan and apply saw it). State locking waits for a concurrent run's lock.
#
# usage: apply-stack.sh STACKS_DIR PLAN_DIR STACK [NAME]
#   STACKS_DIR  cdktf.out/stacks          PLAN_DIR  where terraform-plan.sh wrote NAME.tfplan
#   NAME        the plan's name when it differs from the stack's (okta-tighten: the okta stack
#               of the tighten phase, cdktf.out/phases/tighten/stacks/okta)
set -euo pipefail
[[ $# -eq 3 || $# -eq 4 ]] || { echo "usage: apply-stack.sh STACKS_DIR PLAN_DIR STACK [NAME]" >&2; exit 64; }
stacks_dir=$1 plan_dir=$2 stack=$3 name=${4:-$3}
[[ $stack =~ ^[A-Za-z0-9_-]+$ ]] || { echo "apply-stack.sh: not a stack name: '$stack'" >&2; exit 64; }
[[ $name =~ ^[A-Za-z0-9_-]+$ ]] || { echo "apply-stack.sh: not a plan name: '$name'" >&2; exit 64; }
plan_dir=$(cd "$plan_dir" && pwd)
[[ -f $plan_dir/$name.tfplan ]] || { echo "apply-stack.sh: $plan_dir/$name.tfplan not found (plan first)" >&2; exit 1; }
export TF_IN_AUTOMATION=1 TF_INPUT=0
# The apply output shows model text: the runner must print it, never read it as workflow commands.
"$(dirname "$0")/quote-output.sh" "${TERRAFORM_BIN:-terraform}" -chdir="$stacks_dir/$stack" apply -input=false -no-color -lock-timeout=10m "$plan_dir/$name.tfplan"
