import { readDiffFile } from "../../comment/inputs.js";
import { checkRevocations, readPlanArgs, revocationMarkdown, ACK_LABEL } from "../../explain/index.js";
import { DEFAULT_MAX_REVOCATION } from "../../model/types.js";
import { oneOf } from "../args.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "threshold",
  summary: "stop an apply that removes too many assignments or any permission set, unless acknowledged",
  description: `The mass-revocation gate, computed from the plans: it trips when, across every plan given, more
account assignments are deleted or replaced than organization.guardrails.max_revocation allows
(count, or share of the assignments in the plans' prior state), or any permission set is deleted
or replaced. The limits come from --diff (the stricter of base and head); without it the defaults
(share ${DEFAULT_MAX_REVOCATION.share}, count ${DEFAULT_MAX_REVOCATION.count}) apply.`,
  options: {
    plan: { type: "string", value: "[STACK=]FILE", required: true, multiple: true, help: "JSON from `terraform show -json <planfile>` (repeatable)" },
    diff: { type: "string", value: "FILE", help: "JSON from `access diff --format json`: the limits" },
    acknowledged: { type: "boolean", help: `the merged pull request carries the \`${ACK_LABEL}\` label: report, do not stop` },
    format: { type: "string", value: "markdown|json", help: "markdown for people (default), or json" },
  },
  exit: "Exit 0 within limits or acknowledged, 1 when the gate trips (or an input cannot be read), 2 on usage errors.",
  run: async (opts) => {
    if (!opts.plan?.length) throw new UsageError("give at least one --plan");
    const format = oneOf("format", opts.format, ["markdown", "json"] as const, "markdown");
    const limits = opts.diff ? (readDiffFile(opts.diff).max_revocation ?? DEFAULT_MAX_REVOCATION) : DEFAULT_MAX_REVOCATION;
    const check = checkRevocations(readPlanArgs(opts.plan), limits);
    const acknowledged = opts.acknowledged === true;
    const stop = check.exceeded.length > 0 && !acknowledged;
    process.stdout.write(format === "json" ? `${JSON.stringify({ ...check, acknowledged, stop }, null, 2)}\n` : revocationMarkdown(check, acknowledged));
    return stop ? 1 : 0;
  },
});
