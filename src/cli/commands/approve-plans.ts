import { writeFileSync } from "node:fs";
import { approvePlans } from "../../explain/approved.js";
import { readPlanArgs } from "../../explain/index.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "approve-plans",
  summary: "record the changes of plans that passed the apply gates, for the jobs that apply them",
  description: `Writes what the apply gates approved: every change of the given plans (by stack, address
and action; for an update, the attributes it changes). Run it in the job that ran \`access explain\`
and \`access threshold\` (no credentials), only after both passed; the jobs that apply read it with
\`access check-approved\` and apply nothing beyond it.`,
  options: {
    plan: { type: "string", multiple: true, required: true, value: "[STACK=]PLAN_JSON", help: "a gated plan; STACK=FILE labels it, else the file name does (repeatable)" },
    out: { type: "string", required: true, value: "FILE", help: "where to write the approval (JSON)" },
  },
  exit: "Exit 0 written, 1 when a plan cannot be read or errored, 2 on usage errors.",
  async run(opts) {
    if (!opts.plan?.length) throw new UsageError("give at least one --plan");
    if (!opts.out) throw new UsageError("--out is required");
    const approval = approvePlans(readPlanArgs(opts.plan));
    writeFileSync(opts.out, `${JSON.stringify(approval, null, 2)}\n`);
    return 0;
  },
});
