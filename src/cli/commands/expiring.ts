import { existsSync, readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseCodeowners, ownersOf } from "../../repo/codeowners.js";
import { expiringMarkdown, expiringText, toExpiring } from "../../expiring/report.js";
import { expiringWithin, formatFindings, instantText, loadGrants } from "../../model/index.js";
import { modelDirOption, oneOf, parseOptions, todayOption, UsageError, withUsage } from "../args.js";
import type { Command } from "../command.js";

const USAGE = `usage: access expiring --within DAYS [--model DIR] [--format text|json|markdown] [--codeowners FILE] [--today YYYY-MM-DD | --now INSTANT]

Lists the grants (assignment entries) still valid now whose \`expires\` (a day, or an hour such as
2027-01-05T18:00Z) falls within DAYS days from today (today included): group, permission set, accounts, date and the file:line that grants it.
  --codeowners FILE  also name the owners of each granting file (e.g. .github/CODEOWNERS)
  --today            the date to count from (default $ACCESS_TODAY, else now)
  --now              the instant to count from, e.g. 2027-01-05T18:00Z (default $ACCESS_NOW)
Exit 0 (whether or not anything expires), 1 when the model is invalid, 2 on usage errors.`;

export const command: Command = {
  summary: "list grants that expire within DAYS days, with the file:line that grants each",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, {
        within: { type: "string" },
        model: { type: "string" },
        format: { type: "string" },
        codeowners: { type: "string" },
        today: { type: "string" },
        now: { type: "string" },
      });
      if (opts.within === undefined || !/^\d+$/.test(opts.within)) throw new UsageError("--within DAYS is required (a whole number of days)");
      const days = Number(opts.within);
      const format = oneOf("format", opts.format, ["text", "json", "markdown"] as const, "text");
      const dir = modelDirOption(opts.model);
      const today = todayOption(opts.today, opts.now) ?? instantText(Date.now());
      if (opts.codeowners && !existsSync(opts.codeowners)) throw new UsageError(`--codeowners ${opts.codeowners} does not exist`);
      const rules = opts.codeowners ? parseCodeowners(readFileSync(opts.codeowners, "utf8")) : undefined;
      const { grants, findings } = loadGrants(dir);
      if (!grants) {
        process.stderr.write(`${formatFindings(findings, "text")}\naccess expiring: the model at ${dir} is invalid\n`);
        return 1;
      }
      // CODEOWNERS paths are relative to the repository root, which is where the workflows run.
      const list = expiringWithin(grants, today, days).map((g) => toExpiring(g, today, rules ? ownersOf(rules, relative(process.cwd(), g.source.file)) : undefined));
      if (format === "json") process.stdout.write(`${JSON.stringify({ today, within_days: days, grants: list }, null, 2)}\n`);
      else process.stdout.write(format === "markdown" ? expiringMarkdown(list, days, today) : expiringText(list, days, today));
      return 0;
    }),
};
