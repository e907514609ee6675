import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseCodeowners, ownersOf } from "../../repo/codeowners.js";
import { expiringMarkdown, expiringText, toExpiring } from "../../expiring/report.js";
import { expiringWithin, instantText, loadGrants } from "../../model/index.js";
import { ModelInvalidError, UsageError } from "../errors.js";
import { reportFindings } from "../model.js";
import { wholeOption } from "../numbers.js";
import { modelDirOption, oneOf } from "../args.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "expiring",
  summary: "list grants that expire within DAYS days, with the file:line that grants each",
  description: `Lists the grants (assignment entries) still valid now whose \`expires\` (a day, or an hour such as
2027-01-05T18:00Z) falls within DAYS days from today (today included): group, permission set, accounts,
date and the file:line that grants it.`,
  options: {
    within: { type: "string", value: "DAYS", required: true, help: "a whole number of days from today" },
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    format: { type: "string", value: "text|json|markdown", help: "text for people (default), json, or markdown for an issue" },
    codeowners: { type: "string", value: "FILE", help: "also name the owners of each granting file (e.g. .github/CODEOWNERS)" },
    today: { type: "string", value: "YYYY-MM-DD", help: "the date to count from (default $ACCESS_TODAY, else now)" },
    now: { type: "string", value: "INSTANT", help: "the instant to count from, e.g. 2027-01-05T18:00Z (default $ACCESS_NOW)" },
  },
  exit: "Exit 0 (whether or not anything expires), 1 when the model is invalid, 2 on usage errors.",
  run: async (opts) => {
    const days = wholeOption("within", opts.within, "DAYS");
    const format = oneOf("format", opts.format, ["text", "json", "markdown"] as const, "text");
    const dir = modelDirOption(opts.model);
    const today = todayOption(opts.today, opts.now) ?? instantText(Date.now());
    if (opts.codeowners && !existsSync(opts.codeowners)) throw new UsageError(`--codeowners ${opts.codeowners} does not exist`);
    const rules = opts.codeowners ? parseCodeowners(readFileSync(opts.codeowners, "utf8")) : undefined;
    const { grants, findings } = loadGrants(dir);
    reportFindings("expiring", dir, findings, grants !== undefined);
    if (!grants) throw new ModelInvalidError(`the model in ${dir} is invalid`);
    // CODEOWNERS paths are relative to the repository root, which is where the workflows run.
    const list = expiringWithin(grants, today, days).map((g) => toExpiring(g, today, rules ? ownersOf(rules, relative(process.cwd(), g.source.file)) : undefined));
    if (format === "json") process.stdout.write(`${JSON.stringify({ today, within_days: days, grants: list }, null, 2)}\n`);
    else process.stdout.write(format === "markdown" ? expiringMarkdown(list, days, today) : expiringText(list, days, today));
    return 0;
  },
});
