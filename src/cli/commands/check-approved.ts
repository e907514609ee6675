import { readFileSync } from "node:fs";
import { changesOutside, readApproval } from "../../explain/approved.js";
import { readPlanArgs } from "../../explain/index.js";
import { InputError } from "../../comment/inputs.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "check-approved",
  summary: "refuse a plan that goes beyond what the apply gates approved earlier in the run",
  description: `Checks a plan made just before it is applied against the approval the gate job wrote
(\`access approve-plans\`): every change must match an approved change of the same stack, address
and action, and an update may change only attributes the approved update changed. Prints each
change outside the approval.`,
  options: {
    approved: { type: "string", required: true, value: "FILE", help: "the approval from `access approve-plans`" },
    plan: { type: "string", multiple: true, required: true, value: "[STACK=]PLAN_JSON", help: "the plan about to be applied, labelled as the gated plan was (repeatable)" },
  },
  exit: "Exit 0 when every change was approved, 1 when one was not (or an input cannot be read), 2 on usage errors.",
  async run(opts) {
    if (!opts.approved) throw new UsageError("--approved is required");
    if (!opts.plan?.length) throw new UsageError("give at least one --plan");
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(opts.approved, "utf8"));
    } catch (err) {
      throw new InputError(`cannot read the approval ${opts.approved}: ${err instanceof Error ? err.message : String(err)}`);
    }
    const approval = readApproval(json);
    const outside = readPlanArgs(opts.plan).flatMap((plan) => changesOutside(approval, plan));
    for (const o of outside) {
      process.stdout.write(`not approved: ${o.stack}${o.address ? ` ${o.address} (${o.action})` : ""}: ${o.why}\n`);
    }
    if (outside.length) process.stdout.write(`${outside.length} change(s) beyond what the apply gates approved: nothing was applied; re-run the apply so the gates see them.\n`);
    return outside.length ? 1 : 0;
  },
});
