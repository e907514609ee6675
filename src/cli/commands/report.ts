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
import { modelDirOption, oneOf, parseOptions, todayOption, UsageError, withUsage } from "../args.js";
import type { Command } from "../command.js";

const USAGE = `usage: access report --format html|csv|markdown|json --out FILE [--model DIR] [--okta] [--source-url URL] [--today YYYY-MM-DD]

The access review: group x account matrix, per account, per permission set, privileged access
and grants expiring within 30 days highlighted, each grant linked to the file:line that makes it.
  html      one self-contained page (no network), filterable and printable
  csv       one row per (group, permission set, account); with --okta one per person as well
  markdown  the same views as text
  json      the views as data
--out FILE      where to write (- for stdout)
--okta          read group members from Okta (read-only service app: OKTA_API_CLIENT_ID,
                OKTA_API_PRIVATE_KEY_ID, OKTA_API_PRIVATE_KEY, OKTA_API_SCOPES) and add the per-person view
--source-url    links point to URL/<file>#L<line> (e.g. https://github.com/ORG/REPO/blob/SHA/);
                by default they are relative to the report file
Exit 0 when written, 1 when the model is invalid or Okta cannot be read, 2 on usage errors.`;

export const command: Command = {
  summary: "write the access review report (html, csv, markdown or json), optionally with people from Okta",
  usage: USAGE,
  run: (argv) =>
    withUsage(USAGE, async () => {
      const opts = parseOptions(argv, {
        model: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        okta: { type: "boolean" },
        "source-url": { type: "string" },
        today: { type: "string" },
      });
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
    }),
};
