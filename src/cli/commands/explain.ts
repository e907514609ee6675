import { writeFileSync } from "node:fs";
import { readDiffFile } from "../../comment/inputs.js";
import { explainPlans, explanationMarkdown, readPlanArgs, restrictTo } from "../../explain/index.js";
import { oneOf } from "../args.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "explain",
  summary: "map every planned Terraform change to its reason in the model; exit 1 on anything unexplained",
  description: `Maps every resource change of the Terraform plans (\`terraform show -json <planfile>\`, one per
stack: okta, identity-center, identity-center-shard-NN) to its reason in the access diff: a granted
or revoked triple, an expired grant, a permission-set change (and why it replaces), a group added
or removed, an Okta setting, an adoption (import), or drift repair (an out-of-band change the
refresh found, put back; the attribute is named). Anything else is listed as unexplained.`,
  options: {
    diff: { type: "string", value: "FILE", required: true, help: "JSON from `access diff --format json` (at apply time: base = the last applied model)" },
    plan: { type: "string", value: "[STACK=]FILE", required: true, multiple: true, help: "a plan JSON; STACK=FILE labels it, else the file name does (repeatable)" },
    format: {
      type: "string",
      value: "markdown|json",
      help: "markdown for people (default), or json:\n{ explained, changes: [{ stack, address, type, key, action, explained, code, reason }], unexplained, erroredPlans }",
    },
    only: {
      type: "string",
      value: "CODE,...",
      help: "also count as unexplained any change whose reason is not one of CODES (reads\nnever count); the expiry job uses --only expired",
    },
    "json-output": { type: "string", value: "FILE", help: "also write the JSON there (one run for people and machines)" },
  },
  exit: "Exit 0 when every change is explained, 1 when one is not (or a plan errored or cannot be read), 2 on usage errors.",
  run: async (opts) => {
    if (!opts.diff) throw new UsageError("--diff is required");
    if (!opts.plan?.length) throw new UsageError("give at least one --plan");
    const format = oneOf("format", opts.format, ["markdown", "json"] as const, "markdown");
    const diff = readDiffFile(opts.diff);
    let explanation = explainPlans(diff, readPlanArgs(opts.plan));
    if (opts.only !== undefined) explanation = restrictTo(explanation, opts.only.split(",").map((c) => c.trim()).filter(Boolean));
    if (opts["json-output"]) writeFileSync(opts["json-output"], `${JSON.stringify(explanation, null, 2)}\n`);
    process.stdout.write(format === "json" ? `${JSON.stringify(explanation, null, 2)}\n` : explanationMarkdown(explanation));
    return explanation.explained ? 0 : 1;
  },
});
