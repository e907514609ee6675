#!/usr/bin/env bash
# Markdown for the merged pull request: what the apply run did, step by step in the order of the
# rollout (rollout.json), and which stacks to re-run when some failed.
#
# usage: apply-report.sh OUT_FILE
# env:   OKTA_APPLY (the okta tighten phase), WAIT_FOR_PUSH, IDENTITY_CENTER_APPLY  step outcomes
#        of the first apply job (success, failure, cancelled, skipped, or empty when the job
#        never reached them)
#        OKTA_FINAL_APPLY  outcome of the final okta phase (loosening), applied after every
#                       Identity Center stack
#        IDENTITY_CENTER_FINAL_APPLY  outcome of the base stack's final phase (deletes the
#                       permission sets its keep phase held back until the shards applied; empty
#                       or skipped when there was none)
#        APPLY_RESULT   that job's result
#        PREPARE_RESULT the result of the job that chose the stacks (failure: nothing was applied)
#        AFFECTED       JSON list of the stacks this change applies (default: none); a stack
#                       not in it is "not affected"
#        SHARD_RESULTS  folder with one file per assignment shard that ran, named after the stack,
#                       holding its apply outcome (success, failure, ...)
#        MAX_PARALLEL   how many shards applied at a time (for the report only)
#        PLAN_RESULT    result of the job that planned every affected stack for the gates
#        GATE           result of the gate job, run across every plan before anything was
#                       applied (failure: refused, nothing applied)
#        GATE_REPORTS   space-separated folders searched for the gate's report (.../all/gate.md,
#                       shown whole) and for the applying jobs' checks of their new plans against
#                       the approval (NAME.check.txt, shown when a change was not approved)
#        RECORD_RESULT  result of the job that moves the last-applied record
#        ROLLOUT        cdktf.out/rollout.json (access synth): the steps in apply order, which the
#                       table follows; absent (nothing was prepared): no table
#        RUN_URL; GITHUB_SHA
set -euo pipefail
[[ $# -eq 1 ]] || { echo "usage: apply-report.sh OUT_FILE" >&2; exit 64; }
out=$1

icon() {
  case $1 in
    success) echo "applied" ;;
    failure) echo "**FAILED**" ;;
    cancelled) echo "cancelled" ;;
    skipped | "") echo "not run" ;;
    *) echo "$1" ;;
  esac
}
okta=${OKTA_APPLY:-} wait=${WAIT_FOR_PUSH:-} ic=${IDENTITY_CENTER_APPLY:-} final=${OKTA_FINAL_APPLY:-} ic_final=${IDENTITY_CENTER_FINAL_APPLY:-}
affected_json=${AFFECTED:-'[]'}
is_affected() { jq -e --arg s "$1" 'index($s) != null' <<<"$affected_json" >/dev/null; }
# Each stack's kind (okta, base, shard, revocation) from the rollout: the script knows no stack names.
kinds='{}'
[[ -n ${ROLLOUT:-} && -s $ROLLOUT ]] && kinds=$(jq -c '[.steps[] | {(.stack): .kind}] | add // {}' "$ROLLOUT")
of_kind() { jq -r --argjson kinds "$kinds" --arg k "$1" '.[] | select($kinds[.] == $k)' <<<"$affected_json"; }
# The revocation stack applies in the shards' matrix, so its result is reported with theirs.
mapfile -t shards < <(of_kind shard; of_kind revocation)
okta_affected=false
[[ -n $(of_kind okta) ]] && okta_affected=true
ic_affected=false
[[ -n $(of_kind base) || ${#shards[@]} -gt 0 ]] && ic_affected=true

# Each shard: applied, failed, or not run (its job never started or never reported).
applied=() failed=() not_run=()
for shard in "${shards[@]}"; do
  result=""
  [[ -n ${SHARD_RESULTS:-} && -f $SHARD_RESULTS/$shard ]] && result=$(tr -d '[:space:]' <"$SHARD_RESULTS/$shard")
  case $result in
    success) applied+=("$shard") ;;
    failure | cancelled) failed+=("$shard") ;;
    *) not_run+=("$shard") ;;
  esac
done
list() { local s out=""; for s in "$@"; do out+="${out:+, }\`$s\`"; done; echo "$out"; }

# The gate across every plan first, then each stack whose new plan went beyond the approval.
gate_reports=() refusals=()
for dir in ${GATE_REPORTS:-}; do
  [[ -d $dir ]] || continue
  while IFS= read -r -d '' f; do gate_reports+=("$f"); done < <(find "$dir" -path '*/all/gate.md' -print0 | sort -z)
done
for dir in ${GATE_REPORTS:-}; do
  [[ -d $dir ]] || continue
  while IFS= read -r -d '' f; do
    if grep -q '^not approved:' "$f"; then refusals+=("$f"); fi
  done < <(find "$dir" -name '*.check.txt' -print0 | sort -z)
done

first_done=false
[[ ${APPLY_RESULT:-} == success ]] && first_done=true
if [[ -n ${PREPARE_RESULT:-} && $PREPARE_RESULT != success ]]; then
  headline="**Nothing was applied:** the stacks to apply could not be determined (prepare job: $PREPARE_RESULT). See the run log, fix the cause, then re-run the apply workflow."
elif [[ $(jq length <<<"$affected_json") -eq 0 ]]; then
  headline="Nothing to apply: this change affects no stack."
elif [[ ${GATE:-} == failure ]]; then
  headline="**Apply refused: nothing was applied.** The plans contain a change the access model does not explain, or a mass revocation without the \`access-revocation-acknowledged\` label; the gate report below names it. See \"When an apply is refused\" in docs/setup.md."
elif [[ $okta == failure ]]; then
  headline="**Apply failed in the okta stack.** Nothing was applied to Identity Center."
elif [[ $wait == failure ]]; then
  headline="**Okta was applied, but not every pushed group reached the Identity Store in time.** Identity Center was not applied; check the group push in Okta, then re-run the apply workflow."
elif [[ $ic == failure ]]; then
  headline="**Okta was applied, but Identity Center was not** (its plan failed, was refused by the gate, or its apply failed). Access is half-applied until the apply workflow is re-run successfully."
elif [[ $ic_final == failure ]]; then
  headline="**Every assignment change was applied, but the base stack could not delete the permission sets this change removes** (final identity-center phase). They stay in Identity Center, no longer assigned; okta is still in the tighten phase. Re-run the failed jobs of the apply run (while this is the newest commit on \`main\`) to finish."
elif [[ $final == failure ]]; then
  headline="**Identity Center was applied, but the final okta phase failed.** Okta is still at least as strict as before this change (the tighten phase): groups that lost privileged access keep the strong sign-on tier and removed groups still exist. Re-run the failed jobs of the apply run (while this is the newest commit on \`main\`) to finish loosening and deleting them."
elif [[ ${PLAN_RESULT:-} == failure || ${PLAN_RESULT:-} == cancelled ]]; then
  headline="**Nothing was applied:** planning the affected stacks for the apply gates failed (see the run log; a throttled plan succeeds on re-run). Re-run the failed jobs of the apply run."
elif ! $first_done; then
  headline="**The apply run did not finish** (apply job: ${APPLY_RESULT:-unknown})."
elif [[ ${#failed[@]} -gt 0 || ${#not_run[@]} -gt 0 ]]; then
  headline="**Applied, except $((${#failed[@]} + ${#not_run[@]})) of ${#shards[@]} assignment shards.** Access in their accounts is as it was before this change until they are re-run; the other stacks are applied."
elif $okta_affected && [[ $final != success ]]; then
  headline="**Identity Center was applied, but the final okta phase did not finish** (${final:-not run}). Okta is still in the tighten phase (at least as strict as before); re-run the failed jobs of the apply run (while this is the newest commit on \`main\`) to finish."
else
  headline="Access change applied: Okta's tighten phase first, then Identity Center once the pushed groups had arrived, then Okta's final phase."
fi

stack_text() { # STACK OUTCOME
  if ! is_affected "$1"; then echo "not affected, skipped"; else icon "$2"; fi
}
wait_text=$(icon "$wait")
[[ $wait == success ]] && wait_text="all groups present"
[[ $ic_affected == false && ( -z $wait || $wait == skipped ) ]] && wait_text="not needed: no Identity Center stack affected"
{
  echo "<!-- access-apply-result -->"
  echo "$headline"
  echo
  if [[ -n ${ROLLOUT:-} && -s $ROLLOUT ]]; then
    echo "| Step | Result |"
    echo "| --- | --- |"
    step=0
    row() { step=$((step + 1)); echo "| $step. $1 | $2 |"; }
    # One line per step: kind, phase, stack, whether it waits for the push; shards as one row.
    while IFS=$'\t' read -r kind phase stack waits; do
      case $kind/$phase in
        okta/tighten) row "apply \`$stack\` (tighten phase)" "$(stack_text "$stack" "$okta")" ;;
        base/keep | base/final)
          if [[ $waits == true ]]; then
            row "wait for the group push" "$wait_text"
            row "plan and apply \`$stack\`" "$(stack_text "$stack" "$ic")"
          else
            row "apply \`$stack\` (final phase: deletes the permission sets removed, now unassigned)" "$(icon "$ic_final")"
          fi
          ;;
        shard/*)
          if [[ ${#shards[@]} -gt 0 ]]; then
            parts=()
            [[ ${#applied[@]} -gt 0 ]] && parts+=("${#applied[@]} applied")
            [[ ${#failed[@]} -gt 0 ]] && parts+=("${#failed[@]} **FAILED**")
            [[ ${#not_run[@]} -gt 0 ]] && parts+=("${#not_run[@]} not run")
            summary=$(IFS=";"; echo "${parts[*]}" | sed 's/;/, /g')
            row "plan and apply ${#shards[@]} assignment shards${MAX_PARALLEL:+ (at most $MAX_PARALLEL at a time)}" "$summary"
          fi
          ;;
        okta/final)
          final_text=$(stack_text "$stack" "$final")
          if is_affected "$stack" && [[ -z $final || $final == skipped ]] && { [[ ${#failed[@]} -gt 0 || ${#not_run[@]} -gt 0 || $ic == failure ]]; }; then
            final_text="not run: waits until every Identity Center stack applied (okta stays in the tighten phase)"
          fi
          row "apply \`$stack\` (final phase: loosening after identity-center)" "$final_text"
          ;;
      esac
    done < <(jq -r '
      (first(.steps[] | select(.kind == "shard")) // null) as $shard
      | .steps[] | select(.kind != "shard" or . == $shard)
      | [.kind, .phase, .stack, (has("waitsFor") | tostring)] | @tsv' "$ROLLOUT")
  fi
  if [[ ${#failed[@]} -gt 0 || ${#not_run[@]} -gt 0 ]]; then
    echo
    [[ ${#failed[@]} -gt 0 ]] && echo "**Failed:** $(list "${failed[@]}")"
    [[ ${#not_run[@]} -gt 0 ]] && echo "**Not run:** $(list "${not_run[@]}")"
    echo
    echo "A failed shard does not stop the others. A shard refused by the gate (see below) needs the model fixed by pull request, not a re-run. To finish this change, open the [apply run](${RUN_URL:-}) and choose **Re-run failed jobs**: only the stacks above run again, each planning first (a throttled apply converges on re-run). Re-run only while this is still the newest commit on \`main\`: an older run would apply its older model over newer changes. Otherwise leave them to the next apply: it measures the change from the last fully successful apply, so it plans these stacks again."
  fi
  if [[ ${RECORD_RESULT:-} == failure ]]; then
    echo
    echo "**The last-applied record (tag \`access-last-applied\`) was not moved.** The next apply measures its diff from the previous record, so it plans this change again; check the tag ruleset lets GitHub Actions move it."
  fi
  if [[ ${#gate_reports[@]} -gt 0 || ${#refusals[@]} -gt 0 ]]; then
    echo
    echo "#### Apply gates"
    {
      for f in "${gate_reports[@]}"; do
        echo
        grep -v '^<!-- access-apply-gate -->$' "$f"
      done
      for f in "${refusals[@]}"; do
        echo
        echo "**\`$(basename "$f" .check.txt)\` was not applied: planned again, it held changes the gates had not approved** (something changed between the gates and the apply; re-run the apply so the gates see it):"
        echo
        echo '```'
        cat "$f"
        echo '```'
      done
    } | head -c 40000 || true
  fi
  echo
  echo "<sub>[Apply run](${RUN_URL:-}) for ${GITHUB_SHA:-this commit}</sub>"
} >"$out"
