import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkRequest, ELEVATIONS_FILE, ELEVATIONS_HEADER, endTimeText, entryText } from "../../elevation/request.js";
import { escapeMarkdown } from "../../diff/markdown.js";
import { formatFindings, instantText, loadModel, momentOf } from "../../model/index.js";
import { modelDirOption } from "../args.js";
import { UsageError } from "../errors.js";
import { todayOption } from "../dates.js";
import { defineCommand } from "../options.js";

export const command = defineCommand({
  name: "elevate",
  summary: "request a temporary elevation: a grant with an hour expiry in elevations.yaml",
  description: `Writes a temporary grant of P to G into <model>/${ELEVATIONS_FILE}, ending at the first full hour at
or after now + --for (or at --until); the hourly expiry run revokes it then. Checked against
organization.elevation: max_duration, permission_sets and requesters (GitHub logins, or @org/team
teams: --requester-teams lists the requester's teams, which the workflow looks up).
Prints the pull request's text (end time in UTC and in --timezone).`,
  options: {
    group: { type: "string", value: "G", required: true, help: "the group that gets the grant" },
    "permission-set": { type: "string", value: "P", required: true, help: "the permission set it gets" },
    accounts: {
      type: "string",
      value: "SELECTOR",
      required: true,
      help: 'all, names or ids separated by commas, or a YAML selector such as\n"{ ou: Workloads/Apps, tags: { env: prod } }"',
    },
    for: { type: "string", value: "DURATION", help: "how long, e.g. 2h (or give --until)" },
    until: { type: "string", value: "INSTANT", help: "the end, an hour with its zone such as 2027-01-05T18:00Z (or give --for)" },
    reason: { type: "string", value: "TEXT", required: true, help: "why, for the reviewers and the audit trail" },
    requester: { type: "string", value: "LOGIN", help: "the GitHub login asking (default $GITHUB_ACTOR)" },
    "requester-teams": { type: "string", value: "ORG/TEAM,...", help: "the requester's teams" },
    timezone: { type: "string", value: "TZ", help: "an IANA time zone to show the end time in as well (default UTC)" },
    model: { type: "string", value: "DIR", help: "the access model (default $ACCESS_MODEL_DIR or access-model/)" },
    now: { type: "string", value: "INSTANT", help: "the instant the request is made at (default $ACCESS_NOW, else now)" },
    today: { type: "string", value: "YYYY-MM-DD", help: "the day the request is made at (default $ACCESS_TODAY)" },
    "summary-out": { type: "string", value: "FILE", help: "also write the pull request's text there" },
    "print-requester-teams": {
      type: "boolean",
      help: "instead, print the teams (org/team) that organization.elevation.requesters\nnames, one a line, and write nothing; needs only --model",
    },
  },
  exit: "Exit 0 written, 1 refused or the model is invalid, 2 usage errors.",
  run: async (opts) => {
    const dir = modelDirOption(opts.model);
    const when = todayOption(opts.today, opts.now);
    const now = momentOf(when ? { now: when } : {});
    const loaded = loadModel(dir, { now: instantText(now) });
    if (!loaded.model) {
      process.stderr.write(`${formatFindings(loaded.findings, "text")}\naccess elevate: the model at ${dir} is invalid; fix it first\n`);
      return 1;
    }
    if (opts["print-requester-teams"]) {
      const teams = (loaded.model.organization.elevation?.requesters ?? []).filter((r) => r.startsWith("@")).map((r) => r.slice(1));
      process.stdout.write(teams.map((t) => `${t}\n`).join(""));
      return 0;
    }
    for (const name of ["group", "permission-set", "accounts", "reason"] as const) if (!opts[name]) throw new UsageError(`--${name} is required`);
    const timeZone = opts.timezone || "UTC";
    try {
      new Intl.DateTimeFormat("en", { timeZone });
    } catch {
      throw new UsageError(`--timezone ${timeZone} is not a time zone; use an IANA name such as Europe/Berlin`);
    }
    const checked = checkRequest(
      loaded.model,
      {
        group: opts.group!,
        permissionSet: opts["permission-set"]!,
        accounts: opts.accounts!,
        ...(opts.for !== undefined ? { for: opts.for } : {}),
        ...(opts.until !== undefined ? { until: opts.until } : {}),
        reason: opts.reason!,
        requester: opts.requester || process.env.GITHUB_ACTOR || "",
        requesterTeams: (opts["requester-teams"] ?? "").split(",").map((t) => t.trim()).filter(Boolean),
      },
      now,
    );
    if (!checked.ok) {
      process.stderr.write(`access elevate: refused:\n${checked.problems.map((p) => `- ${p}`).join("\n")}\n`);
      return 1;
    }
    const e = checked.elevation;
    const file = join(dir, ELEVATIONS_FILE);
    const before = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    writeFileSync(file, `${before ?? ELEVATIONS_HEADER}${before !== undefined && !before.endsWith("\n") ? "\n" : ""}${entryText(e)}`);
    // The whole model must still be valid (the selector names real accounts, the group exists).
    const after = loadModel(dir, { now: instantText(now) });
    if (!after.model) {
      if (before === undefined) rmSync(file);
      else writeFileSync(file, before);
      process.stderr.write(`${formatFindings(after.findings.filter((f) => f.severity === "error"), "text")}\naccess elevate: refused: the request makes the model invalid; nothing was written\n`);
      return 1;
    }
    const accounts = after.model.assignments.filter((a) => a.group === e.group && a.permissionSet === e.permissionSet && a.expires === e.expires).map((a) => a.accountName);
    const summary = [
      `<!-- access-elevation -->`,
      `**Elevation request**: ${escapeMarkdown(e.group)} gets ${escapeMarkdown(e.permissionSet)} in ${accounts.length} account${accounts.length === 1 ? "" : "s"} (${accounts.map(escapeMarkdown).join(", ")})`,
      "",
      `- Ends: **${endTimeText(e.expires, timeZone)}**; the hourly expiry run revokes it then`,
      `- Reason: ${escapeMarkdown(e.reason)}`,
      `- Requested by @${e.requester} at ${endTimeText(e.requestedAt, timeZone)}`,
      "",
      "Needs the privileged-access team's approval; it applies on merge like any change.",
      "",
    ].join("\n");
    if (opts["summary-out"]) writeFileSync(opts["summary-out"], summary);
    process.stdout.write(summary);
    return 0;
  },
});
