#!/usr/bin/env bash
# Markdown summary of a `terraform show -json` plan: what changed outside Terraform (drift) and
# what an apply would do, one resource per line. Addresses carry model strings (group and
# permission-set names), so they are printed inside fenced blocks where Markdown cannot act.
#
# usage: plan-summary.sh PLAN_JSON [MAX_LINES]
set -euo pipefail
[[ $# -ge 1 && $# -le 2 ]] || { echo "usage: plan-summary.sh PLAN_JSON [MAX_LINES]" >&2; exit 64; }
plan=$1 max=${2:-200}

jq -r --argjson max "$max" '
  def verb:
    if . == ["create"] then "+ create "
    elif . == ["delete"] then "- destroy"
    elif . == ["update"] then "~ update "
    elif (. == ["delete","create"] or . == ["create","delete"]) then "! replace"
    elif . == ["read"] then "  read   "
    else "  " + join(",") end;
  def block($title; $rows):
    if ($rows | length) == 0 then empty
    else
      "**\($title)** (\($rows | length))\n\n```text\n"
      + ([$rows[:$max][] | "\(.change.actions | verb) \(.address)"] | join("\n"))
      + (if ($rows | length) > $max then "\n... and \(($rows | length) - $max) more" else "" end)
      + "\n```\n"
    end;
  ([.resource_drift[]? | select(.change.actions != ["no-op"])]) as $drift
  | ([.resource_changes[]? | select(.change.actions != ["no-op"] and .change.actions != ["read"])]) as $changes
  | if ($drift | length) == 0 and ($changes | length) == 0 then "No changes."
    else
      ([block("Changed outside Terraform"; $drift), block("An apply would"; $changes)] | join("\n"))
    end
' "$plan"
