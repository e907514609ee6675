import { InputError, readDiffFile } from "../../comment/inputs.js";
import { checkRevocations, PlanInputError, readPlanArgs, revocationMarkdown, ACK_LABEL } from "../../explain/index.js";
import { DEFAULT_MAX_REVOCATION } from "../../model/types.js";
import { oneOf, parseOptions, UsageError, withUsage } from "../args.js";
import type { Command } from "../command.js";

const USAGE = `usage: access threshold --plan [STACK=]PLAN_JSON [--plan ...] [--diff DIFF_JSON] [--acknowledged] [--format markdown|json]

The mass-revocation gate, computed from the plans: it trips when, across every plan given, more
account assignments are deleted or replaced than organization.guardrails.max_revocation allows
(count, or share of the assignments in the plans' prior state), or any permission set is deleted
or replaced. The limits come from --diff (the stricter of base and head); without it the defaults
(share ${DEFAULT_MAX_REVOCATION.share}, count ${DEFAULT_MAX_REVOCATION.count}) apply.
  --acknowledged   the merged pull request carries the \`${ACK_LABEL}\` label: report, do not stop
Exit 0 within limits or acknowledged, 1 when the gate trips (or an input cannot be read), 2 on usage errors.`;

export const command: Command = {
  summary: "stop an apply that removes too many assignments or any permission set, unless acknowledged",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, {
        diff: { type: "string" },
        plan: { type: "string", multiple: true },
        acknowledged: { type: "boolean" },
        format: { type: "string" },
      });
      if (!opts.plan?.length) throw new UsageError("give at least one --plan");
      const format = oneOf("format", opts.format, ["markdown", "json"] as const, "markdown");
      try {
        const limits = opts.diff ? (readDiffFile(opts.diff).max_revocation ?? DEFAULT_MAX_REVOCATION) : DEFAULT_MAX_REVOCATION;
        const check = checkRevocations(readPlanArgs(opts.plan), limits);
        const acknowledged = opts.acknowledged === true;
        const stop = check.exceeded.length > 0 && !acknowledged;
        process.stdout.write(format === "json" ? `${JSON.stringify({ ...check, acknowledged, stop }, null, 2)}\n` : revocationMarkdown(check, acknowledged));
        return stop ? 1 : 0;
      } catch (err) {
        if (err instanceof InputError || err instanceof PlanInputError) {
          process.stderr.write(`access threshold: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
    }),
};
