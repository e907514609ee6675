#!/usr/bin/env bash
# Plans one synthesized stack: init, `plan -out`, then `show -json` of the saved plan, so the
# comment and the artifacts are built from exactly the plan that ran.
#
# usage: terraform-plan.sh STACK_DIR OUT_DIR NAME [--detailed-exitcode]
# env:   TF_PLAN_NO_LOCK=1 plans without the state lock (read-only PR plans)
#   STACK_DIR  cdktf.out/stacks/<stack> (holds cdk.tf.json)
#   OUT_DIR    where NAME.tfplan, NAME.plan.json and NAME.plan.txt are written
# Exit status is terraform plan's: 0 no changes (or changes without --detailed-exitcode),
# 2 changes present (only with --detailed-exitcode), 1 error (init, plan or show failed); on an
# error OUT_DIR/NAME.failed says which step failed, for the PR comment.
set -euo pipefail

if [[ $# -lt 3 || $# -gt 4 ]]; then
  echo "usage: terraform-plan.sh STACK_DIR OUT_DIR NAME [--detailed-exitcode]" >&2
  exit 64
fi
stack_dir=$1 out_dir=$2 name=$3 detailed=${4:-}
if [[ -n $detailed && $detailed != --detailed-exitcode ]]; then
  echo "terraform-plan.sh: unknown option $detailed" >&2
  exit 64
fi
mkdir -p "$out_dir"
out_dir=$(cd "$out_dir" && pwd) # -chdir makes relative paths resolve inside the stack folder
plan_file=$out_dir/$name.tfplan
rm -f "$plan_file" "$out_dir/$name.plan.json" "$out_dir/$name.plan.txt" "$out_dir/$name.failed"
fail() {
  echo "$1" >"$out_dir/$name.failed"
  echo "terraform-plan.sh: $1" >&2
  exit 1
}

export TF_IN_AUTOMATION=1 TF_INPUT=0
tf() { "${TERRAFORM_BIN:-terraform}" -chdir="$stack_dir" "$@"; }

[[ -f $stack_dir/cdk.tf.json ]] || fail "$stack_dir/cdk.tf.json not found (run npm run synth first)"

# -lockfile=readonly: install exactly what the committed .terraform.lock.hcl lists (copied into
# the stack at synth), never a newer provider or an unverified checksum.
tf init -input=false -no-color -lockfile=readonly ||
  fail "terraform init failed for $name (with -lockfile=readonly the stack's .terraform.lock.hcl must list every provider; see docs/setup.md)"

# Waits for a concurrent apply's state lock instead of failing at once. TF_PLAN_NO_LOCK=1 (PR
# plans): take no lock at all, so the plan role needs no write on the lock file and a cancelled
# PR plan cannot leave a lock that blocks every apply and expiry run.
if [[ ${TF_PLAN_NO_LOCK:-} == 1 ]]; then
  args=(plan -input=false -no-color -lock=false "-out=$plan_file")
else
  args=(plan -input=false -no-color -lock-timeout=10m "-out=$plan_file")
fi
[[ -n $detailed ]] && args+=(-detailed-exitcode)
set +e
# The plan shows model text (names, descriptions, policies): the runner must not read it as
# workflow commands.
"$(dirname "$0")/quote-output.sh" "${TERRAFORM_BIN:-terraform}" -chdir="$stack_dir" "${args[@]}"
status=$?
set -e
if [[ $status -ne 0 && $status -ne 2 ]] || [[ $status -eq 2 && -z $detailed ]]; then
  fail "terraform plan failed for $name (exit $status)"
fi

tf show -json "$plan_file" >"$out_dir/$name.plan.json" || fail "terraform show -json failed for $name"
tf show -no-color "$plan_file" >"$out_dir/$name.plan.txt" || fail "terraform show failed for $name"
exit "$status"
