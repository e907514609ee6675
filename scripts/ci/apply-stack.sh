#!/usr/bin/env bash
# Applies the saved plan of one synthesized stack, exactly as it was planned (and as any gate
# between plan and apply saw it). State locking waits for a concurrent run's lock.
#
# usage: apply-stack.sh STACKS_DIR PLAN_DIR STACK
#   STACKS_DIR  cdktf.out/stacks          PLAN_DIR  where terraform-plan.sh wrote STACK.tfplan
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: apply-stack.sh STACKS_DIR PLAN_DIR STACK" >&2; exit 64; }
stacks_dir=$1 plan_dir=$2 stack=$3
[[ $stack =~ ^[A-Za-z0-9_-]+$ ]] || { echo "apply-stack.sh: not a stack name: '$stack'" >&2; exit 64; }
plan_dir=$(cd "$plan_dir" && pwd)
[[ -f $plan_dir/$stack.tfplan ]] || { echo "apply-stack.sh: $plan_dir/$stack.tfplan not found (plan first)" >&2; exit 1; }
export TF_IN_AUTOMATION=1 TF_INPUT=0
"${TERRAFORM_BIN:-terraform}" -chdir="$stacks_dir/$stack" apply -input=false -no-color -lock-timeout=10m "$plan_dir/$stack.tfplan"
