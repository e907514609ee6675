import { writeFileSync } from "node:fs";
import { InputError, readDiffFile } from "../../comment/inputs.js";
import { explainPlans, explanationMarkdown, PlanInputError, readPlanArgs, restrictTo } from "../../explain/index.js";
import { oneOf, parseOptions, UsageError, withUsage } from "../args.js";
import type { Command } from "../command.js";

const USAGE = `usage: access explain --diff DIFF_JSON --plan [STACK=]PLAN_JSON [--plan ...] [--format markdown|json] [--only CODE,...]
                      [--json-output FILE]

Maps every resource change of the Terraform plans (\`terraform show -json <planfile>\`, one per
stack: okta, identity-center, identity-center-shard-NN) to its reason in the access diff: a granted
or revoked triple, an expired grant, a permission-set change (and why it replaces), a group added
or removed, an Okta setting, an adoption (import), or drift repair (an out-of-band change the
refresh found, put back; the attribute is named). Anything else is listed as unexplained.
  --diff FILE   JSON from \`access diff --format json\` (at apply time: base = the last applied model)
  --plan FILE   a plan JSON; STACK=FILE labels it, else the file name does (repeatable)
  --only CODES  also count as unexplained any change whose reason is not one of CODES (reads
                never count); the expiry job uses --only expired
  --json-output FILE  also write the JSON there (one run for people and machines)
  markdown      for people (default)
  json          { explained, changes: [{ stack, address, type, key, action, explained, code, reason }], unexplained, erroredPlans }
Exit 0 when every change is explained, 1 when one is not (or a plan errored or cannot be read), 2 on usage errors.`;

export const command: Command = {
  summary: "map every planned Terraform change to its reason in the model; exit 1 on anything unexplained",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, {
        diff: { type: "string" },
        plan: { type: "string", multiple: true },
        format: { type: "string" },
        only: { type: "string" },
        "json-output": { type: "string" },
      });
      if (!opts.diff) throw new UsageError("--diff is required");
      if (!opts.plan?.length) throw new UsageError("give at least one --plan");
      const format = oneOf("format", opts.format, ["markdown", "json"] as const, "markdown");
      try {
        const diff = readDiffFile(opts.diff);
        const plans = readPlanArgs(opts.plan);
        let explanation = explainPlans(diff, plans);
        if (opts.only !== undefined) explanation = restrictTo(explanation, opts.only.split(",").map((c) => c.trim()).filter(Boolean));
        if (opts["json-output"]) writeFileSync(opts["json-output"], `${JSON.stringify(explanation, null, 2)}\n`);
        process.stdout.write(format === "json" ? `${JSON.stringify(explanation, null, 2)}\n` : explanationMarkdown(explanation));
        return explanation.explained ? 0 : 1;
      } catch (err) {
        if (err instanceof InputError || err instanceof PlanInputError) {
          process.stderr.write(`access explain: ${err.message}\n`);
          return 1;
        }
        throw err;
      }
    }),
};
