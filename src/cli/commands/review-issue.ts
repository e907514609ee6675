import { writeFileSync } from "node:fs";
import { todayUtc } from "../../model/index.js";
import { requireModel } from "../model.js";
import { findCodeowners, readCodeowners } from "../../repo/codeowners.js";
import { relativeSourceLink, webSourceLink } from "../../report/links.js";
import { renderReviewIssue, reviewIssueTitle } from "../../report/review-issue.js";
import { buildReport } from "../../report/views.js";
import { modelDirOption, parseOptions, todayOption, UsageError, withUsage } from "../args.js";
import type { Command } from "../command.js";

const USAGE = `usage: access review-issue [--model DIR] [--codeowners FILE] [--source-url URL] [--report-url URL] [--title-out FILE] [--today YYYY-MM-DD]

Prints the body of the quarterly access review issue (Markdown): a checklist per group, each
permission set it holds and where, linked to the file:line that grants it, mentioning the
CODEOWNERS of the file that defines the group (default: .github/CODEOWNERS, CODEOWNERS or
docs/CODEOWNERS). --title-out writes the issue title ("Access review 2026-Q4") to FILE.
Exit 0 when printed, 1 when the model is invalid, 2 on usage errors.`;

export const command: Command = {
  summary: "print the quarterly review issue: a checklist per group for the owners of its file",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, {
        model: { type: "string" },
        codeowners: { type: "string" },
        "source-url": { type: "string" },
        "report-url": { type: "string" },
        "title-out": { type: "string" },
        today: { type: "string" },
      });
      const today = todayOption(opts.today) ?? todayUtc();
      const dir = modelDirOption(opts.model);
      const model = requireModel("review-issue", dir, { today });
      const file = opts.codeowners ?? findCodeowners(process.cwd());
      if (opts.codeowners && !file) throw new UsageError(`--codeowners ${opts.codeowners} does not exist`);
      let codeowners;
      try {
        codeowners = file ? readCodeowners(file) : [];
      } catch {
        throw new UsageError(`cannot read ${file}`);
      }
      const report = buildReport(model, { today });
      const link = opts["source-url"] ? webSourceLink(opts["source-url"]) : relativeSourceLink("./review.md");
      if (opts["title-out"]) writeFileSync(opts["title-out"], `${reviewIssueTitle(report)}\n`);
      const bg = model.organization.breakGlass;
      process.stdout.write(
        renderReviewIssue(report, {
          codeowners,
          root: process.cwd(),
          link,
          ...(opts["report-url"] ? { reportUrl: opts["report-url"] } : {}),
          ...(bg ? { breakGlass: { account: bg.account, roles: bg.roles.map((r) => r.name) } } : {}),
        }),
      );
      return 0;
    }),
};
