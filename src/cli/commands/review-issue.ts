import { writeFileSync } from "node:fs";
import { accountsChange } from "../../diff/accounts.js";
import { loadModel, todayUtc } from "../../model/index.js";
import { ModelInvalidError, UsageError } from "../errors.js";
import { reportFindings, requireModel } from "../model.js";
import { findCodeowners, readCodeowners } from "../../repo/codeowners.js";
import { relativeSourceLink, webSourceLink } from "../../report/links.js";
import { renderReviewIssue, reviewIssueTitle } from "../../report/review-issue.js";
import { buildReport } from "../../report/views.js";
import { modelDirOption } from "../args.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "review-issue",
  summary: "print the quarterly review issue: a checklist per group for the owners of its file",
  description: `Prints the body of the quarterly access review issue (Markdown): a checklist per group, each
permission set it holds and where, linked to the file:line that grants it, mentioning the
CODEOWNERS of the file that defines the group.`,
  options: {
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    codeowners: { type: "string", value: "FILE", help: "default: .github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS" },
    "source-url": { type: "string", value: "URL", help: "links each grant to the file:line at this URL (default: relative links)" },
    "report-url": { type: "string", value: "URL", help: "links the access review report" },
    "title-out": { type: "string", value: "FILE", help: 'writes the issue title ("Access review 2026-Q4") there' },
    today: { type: "string", value: "YYYY-MM-DD", help: "decides which grants have expired (default $ACCESS_TODAY, else today UTC)" },
    "since-model": { type: "string", value: "DIR", help: "the model as of the last review: adds the accounts that joined since, with the grants each brought" },
  },
  exit: `Exit 0 when printed, 1 when the model is invalid, 2 on usage errors.`,
  run: async (opts) => {
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
    let joined;
    if (opts["since-model"]) {
      const previous = loadModel(opts["since-model"], { today });
      reportFindings("review-issue", opts["since-model"], previous.findings, previous.model !== undefined);
      if (!previous.model) throw new ModelInvalidError(`the model at ${opts["since-model"]} (the last review's) is invalid`);
      joined = accountsChange(previous.model, model).added;
    }
    const report = buildReport(model, { today });
    const bg = model.organization.breakGlass;
    const link = opts["source-url"] ? webSourceLink(opts["source-url"]) : relativeSourceLink("./review.md");
    if (opts["title-out"]) writeFileSync(opts["title-out"], `${reviewIssueTitle(report)}\n`);
    process.stdout.write(renderReviewIssue(report, { codeowners, root: process.cwd(), link, ...(opts["report-url"] ? { reportUrl: opts["report-url"] } : {}), ...(joined ? { joined } : {}), ...(bg ? { breakGlass: { account: bg.account, roles: bg.roles.map((r) => r.name) } } : {}) }));
    return 0;
  },
});
