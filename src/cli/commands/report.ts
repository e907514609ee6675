import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { formatFindings, todayUtc } from "../../model/index.js";
import { requireModel } from "../model.js";
import { oktaReader, readModelGroups } from "../../okta/index.js";
import { requireOktaCredentials } from "../okta.js";
import { renderCsv } from "../../report/csv.js";
import { renderHtml } from "../../report/html.js";
import { renderJson } from "../../report/json.js";
import { relativeSourceLink, webSourceLink } from "../../report/links.js";
import { renderMarkdown } from "../../report/markdown.js";
import { buildReport, type GroupMembers } from "../../report/views.js";
import { modelDirOption, oneOf } from "../args.js";
import { UsageError } from "../errors.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "report",
  summary: "write the access review report (html, csv, markdown or json), optionally with people from Okta",
  description: `The access review: group x account matrix, per account, per permission set, privileged access
and grants expiring within 30 days highlighted, each grant linked to the file:line that makes it.`,
  options: {
    format: {
      type: "string",
      value: "html|csv|markdown|json",
      required: true,
      help: "html: one self-contained page (no network), filterable and printable\ncsv: one row per (group, permission set, account); with --okta one per person as well\nmarkdown: the same views as text\njson: the views as data",
    },
    out: { type: "string", value: "FILE", required: true, help: "where to write (- for stdout)" },
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    okta: {
      type: "boolean",
      help: "read group members from Okta (read-only service app: OKTA_API_CLIENT_ID,\nOKTA_API_PRIVATE_KEY_ID, OKTA_API_PRIVATE_KEY, OKTA_API_SCOPES) and add the per-person view",
    },
    "source-url": {
      type: "string",
      value: "URL",
      help: "links point to URL/<file>#L<line> (e.g. https://github.com/ORG/REPO/blob/SHA/);\nby default they are relative to the report file",
    },
    today: { type: "string", value: "YYYY-MM-DD", help: "the date grants are judged at (default $ACCESS_TODAY, else today UTC)" },
  },
  exit: "Exit 0 when written, 1 when the model is invalid or Okta cannot be read, 2 on usage errors.",
  run: async (opts) => {
    if (!opts.format) throw new UsageError("--format is required (html, csv, markdown or json)");
    const format = oneOf("format", opts.format, ["html", "csv", "markdown", "json"] as const, "html");
    if (!opts.out) throw new UsageError("--out FILE is required (- for stdout)");
    const today = todayOption(opts.today) ?? todayUtc();
    const dir = modelDirOption(opts.model);
    const model = requireModel("report", dir, { today });
    let members: GroupMembers | undefined;
    if (opts.okta) {
      const creds = requireOktaCredentials(model, "--okta needs the read-only Okta service app: set OKTA_API_CLIENT_ID, OKTA_API_PRIVATE_KEY_ID and OKTA_API_PRIVATE_KEY");
      try {
        const groups = await readModelGroups(model, oktaReader(creds));
        members = { members: groups.members };
        if (groups.findings.length) process.stderr.write(`${formatFindings(groups.findings, "text")}\n`);
      } catch (err) {
        process.stderr.write(`access report: cannot read Okta at ${creds.orgUrl}: ${err instanceof Error ? err.message : String(err)}\n`);
        return 1;
      }
    }
    const report = buildReport(model, { today, ...(members ? { members } : {}) });
    const link = opts["source-url"] ? webSourceLink(opts["source-url"]) : relativeSourceLink(opts.out === "-" ? "./report" : opts.out);
    const text =
      format === "html" ? renderHtml(report, link) : format === "csv" ? renderCsv(report) : format === "markdown" ? renderMarkdown(report, link) : renderJson(report);
    if (opts.out === "-") process.stdout.write(text);
    else {
      mkdirSync(dirname(opts.out), { recursive: true });
      writeFileSync(opts.out, text);
      const s = report.summary;
      process.stderr.write(`access report: wrote ${opts.out} (${s.grants} grants, ${s.privilegedGrants} privileged, ${s.expiringSoon} expiring soon${s.people !== undefined ? `, ${s.people} people` : ""})\n`);
    }
    return 0;
  },
});
