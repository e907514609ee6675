#!/usr/bin/env bash
# Builds the pull request's one comment with `access comment` from what the earlier jobs left:
# the validation findings, access diff and chosen stacks (check job) and one plan JSON per
# planned stack (plan matrix). A chosen stack without a plan is passed as --missing with the
# reason, never as an empty plan; the other synthesized stacks are listed as not planned.
#
# usage: build-plan-comment.sh OUT_FILE
# env:
#   CHECK_DIR     folder with findings.json, diff.json, stacks.json (the stacks chosen for
#                 planning, a JSON list), gone.json (affected but not synthesized) and
#                 cdktf.out/manifest.json; any may be absent
#   PLANS_DIR     folder with <stack>.plan.json and, when a plan failed, <stack>.failed
#   FROM_FORK     "true" when the pull request comes from a fork (no credentials, no plans)
#   CHECK_RESULT  the check job's result (success, failure, cancelled, skipped)
#   PLAN_RESULT   the plan job's result (skipped: fork PR, or nothing was synthesized)
#   RUN_URL       link to the workflow run, appended as a footer
#   BASE_CODE_REF set by plan-model.yml, whose plans are made by that branch's code (e.g. main):
#                 when the diff has the code-changed risk, the comment says the plans did not
#                 run the pull request's code
#   HEAD_SHA      with BASE_CODE_REF: the pull request's head commit, named in the footer
#   ACCESS_CLI    how to run the CLI (default: npm run --silent access --)
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: build-plan-comment.sh OUT_FILE" >&2; exit 64; }
out=$1
check_dir=${CHECK_DIR:?CHECK_DIR is required}
plans_dir=${PLANS_DIR:?PLANS_DIR is required}
read -r -a cli <<<"${ACCESS_CLI:-npm run --silent access --}"
marker='<!-- access-plan-comment -->'
if [[ -s $check_dir/stacks.json ]]; then
  mapfile -t stacks < <(jq -r '.[]' "$check_dir/stacks.json")
else
  stacks=(okta identity-center) # the check job did not get that far: expect the two base stacks
fi

missing_reason() {
  local stack=$1
  if [[ ${FROM_FORK:-false} == true ]]; then
    echo "not planned: fork (and Dependabot) pull requests get no AWS or Okta credentials, so only validation and the access diff ran. A maintainer can push the branch to this repository to get plans."
  elif [[ ${PLAN_RESULT:-} == skipped ]]; then
    echo "not planned: the model did not validate or synthesize (check job: ${CHECK_RESULT:-unknown}); fix that first."
  elif [[ -f $plans_dir/$stack.failed ]]; then
    local why
    why=$(head -c 300 "$plans_dir/$stack.failed" | tr '\n' ' ' | sed 's/ *$//')
    echo "terraform plan failed: $why (see the workflow run log)"
  else
    echo "not planned: the plan job did not produce a plan (plan job: ${PLAN_RESULT:-unknown})."
  fi
}

args=(comment)
[[ -s $check_dir/diff.json ]] && args+=(--diff "$check_dir/diff.json")
[[ -s $check_dir/findings.json ]] && args+=(--validation "$check_dir/findings.json")
[[ -s $check_dir/cdktf.out/manifest.json ]] && args+=(--manifest "$check_dir/cdktf.out/manifest.json")
for stack in "${stacks[@]}"; do
  if [[ -s $plans_dir/$stack.plan.json ]]; then
    args+=(--plan "$stack=$plans_dir/$stack.plan.json")
  else
    args+=(--missing "$stack=$(missing_reason "$stack")")
  fi
done
if [[ -s $check_dir/gone.json ]]; then
  while IFS= read -r stack; do
    [[ -n $stack ]] && args+=(--skipped "$stack=affected, but this change no longer synthesizes it")
  done < <(jq -r '.[]' "$check_dir/gone.json")
fi

footer="<sub>[Workflow run](${RUN_URL:-}) for ${GITHUB_SHA:-this commit}</sub>"
if [[ -n ${BASE_CODE_REF:-} && -n ${HEAD_SHA:-} ]]; then
  # On pull_request_target GITHUB_SHA is the base branch's commit, whose code made the plans.
  footer="<sub>[Workflow run](${RUN_URL:-}) for $HEAD_SHA merged onto ${GITHUB_SHA:-the base}, planned with that base's code</sub>"
fi
set +e
"${cli[@]}" "${args[@]}" >"$out"
status=$?
set -e
if [[ $status -ne 0 ]] || ! grep -qF -- "$marker" "$out"; then
  # Still post something the next run can find and replace, and fail the job.
  {
    echo "$marker"
    echo "**The access plan comment could not be built** (\`access comment\` exited $status). See the workflow run log."
    echo
    for stack in "${stacks[@]}"; do
      if [[ -s $plans_dir/$stack.plan.json ]]; then echo "- \`$stack\`: planned"; else echo "- \`$stack\`: $(missing_reason "$stack")"; fi
    done
    echo
    echo "$footer"
  } >"$out"
  echo "build-plan-comment.sh: access comment failed (exit $status); wrote a fallback comment" >&2
  exit 1
fi
if [[ -n ${BASE_CODE_REF:-} && -s $check_dir/diff.json ]] && jq -e 'any(.risks[]?; .code == "code-changed")' "$check_dir/diff.json" >/dev/null 2>&1; then
  cat >>"$out" <<NOTE

> [!NOTE]
> **These plans were made by \`$BASE_CODE_REF\`'s code, not this pull request's.** The pull request changes code paths, but credentials only ever run reviewed code: the plans show \`$BASE_CODE_REF\`'s code applied to this pull request's model. What the code change does is reviewed by the privileged-access (security) team: the risk-based approval check rates it high. The pull request's own code ran without credentials in \`plan.yml\` (validation, synthesis and access diff, in that run's job summary).
NOTE
fi
printf '\n%s\n' "$footer" >>"$out"
