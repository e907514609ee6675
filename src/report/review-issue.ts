// The body of the quarterly review issue: a checklist per group (each permission set it holds and
// where), with the CODEOWNERS of the file that defines the group, so each owner reviews their part.
import { relative } from "node:path";
import type { SourceRef } from "../model/types.js";
import { ownersOf, type CodeownersRule } from "../repo/codeowners.js";
import type { SourceLink } from "./links.js";
import { md } from "./markdown.js";
import { EXPIRING_WITHIN_DAYS, type AccessReport } from "./views.js";

/** GitHub refuses issue bodies over 65,536 characters; leave room for the closing note. */
export const MAX_BODY = 60_000;
const ACCOUNTS_SHOWN = 8;

export interface ReviewIssueOptions {
  codeowners: readonly CodeownersRule[];
  /** Repository root, to match CODEOWNERS patterns against repository-relative paths. */
  root: string;
  link: SourceLink;
  /** Where the full report is (the workflow run with its artifact). */
  reportUrl?: string;
  /** The model's break-glass roles (organization.break_glass), to test this quarter. */
  breakGlass?: { account: string; roles: readonly string[] };
  /** Accounts that joined since the last review, with the grants each brought. */
  joined?: readonly JoinedAccount[];
}

export interface JoinedAccount {
  id: string;
  name: string;
  ou: string;
  granted: readonly { group: string; permission_set: string }[];
}

const JOINED_SHOWN = 50;

function joinedSection(joined: readonly JoinedAccount[]): string[] {
  if (joined.length === 0) return ["No account joined since the last review.", ""];
  const lines = joined.slice(0, JOINED_SHOWN).map((a) => {
    const grants = a.granted.map((g) => `${md(g.group)} ${md(g.permission_set)}`).join(", ");
    return `- ${md(a.name)} (${a.id}) in ${a.ou === "" ? "the root" : md(a.ou)}: ${grants || "no grants"}`;
  });
  if (joined.length > JOINED_SHOWN) lines.push(`- and ${joined.length - JOINED_SHOWN} more (see the report artifact)`);
  return [`### Accounts joined since the last review (${joined.length})`, "", "Their access came from selectors already reviewed; check it still fits them.", "", ...lines, ""];
}

export function reviewIssueTitle(report: AccessReport): string {
  const [y, m] = report.generatedOn.split("-").map(Number) as [number, number];
  return `Access review ${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

export function renderReviewIssue(report: AccessReport, options: ReviewIssueOptions): string {
  const s = report.summary;
  const head = [
    "<!-- access-review -->",
    `Quarterly access review of ${report.generatedOn}: ${s.grants} grants of ${s.permissionSets} permission sets to ${s.groups} groups in ${s.accounts} accounts` +
      `${s.people !== undefined ? `, reaching ${s.people} people` : ""}; ${s.privilegedGrants} privileged, ${s.expiringSoon} expiring within ${EXPIRING_WITHIN_DAYS} days.`,
    "",
    options.reportUrl
      ? `The full report (HTML to filter and print, CSV for the audit sheet, Markdown, JSON) is attached to ${options.reportUrl} as the \`access-review\` artifact.`
      : "The full report is attached to the workflow run as the `access-review` artifact.",
    "",
    "For each group: tick a line when the grant is still needed by everyone in the group; for anything that is not, open a pull request that removes it (or sets `expires`) and link it here. Close this issue when every box is ticked.",
    "",
    ...(options.joined ? joinedSection(options.joined) : []),
  ];
  if (options.breakGlass) {
    const bg = options.breakGlass;
    head.push(
      "### Break-glass",
      "",
      `- [ ] Test break-glass access this quarter: a holder assumes ${bg.roles.map((r) => md(r)).join(", ")} in ${bg.account} with their hardware MFA, and the alarm reaches every subscriber within minutes.`,
      "- [ ] Every break-glass use since the last review has a written after-review (who, why, what was done, credentials rotated), linked here.",
      "",
    );
  } else {
    head.push("No break-glass access is defined (`organization.break_glass`): decide how people get in when Okta, SCIM or Identity Center is down, and record it here.", "");
  }
  const sections: string[] = [];
  const rel = (ref: SourceRef) => relative(options.root, ref.file).split("\\").join("/");
  for (const group of report.groups) {
    const owners = group.definedAt ? ownersOf(options.codeowners, rel(group.definedAt)) : [];
    const grants = report.grants.filter((g) => g.group === group.name);
    const lines = [
      `### ${md(group.name)}${group.privileged ? " (privileged)" : ""}`,
      "",
      `${group.source === "managed" ? "Managed here" : "Existing Okta group"}${group.people !== undefined ? `, ${group.people} ${group.people === 1 ? "person" : "people"}` : ""}` +
        `${group.definedAt ? `; defined at [${md(`${rel(group.definedAt)}:${group.definedAt.line}`)}](${options.link(group.definedAt)})` : ""}` +
        `; reviewers: ${owners.length ? owners.join(" ") : "no CODEOWNERS entry, the identity team"}`,
      "",
    ];
    // One box per permission set and model entry, so each line is one thing a pull request can change.
    const byEntry = new Map<string, typeof grants>();
    for (const g of grants) {
      const key = `${g.permissionSet}\u0000${g.sources.map((r) => `${r.file}:${r.line}`).join(",")}`;
      byEntry.set(key, [...(byEntry.get(key) ?? []), g]);
    }
    if (byEntry.size === 0) lines.push("- [ ] no grants: remove the group if it is no longer needed");
    for (const list of byEntry.values()) {
      const ps = list[0]!.permissionSet;
      const shown = list.slice(0, ACCOUNTS_SHOWN).map((g) => `${md(g.accountName)} (${g.accountId})`).join(", ");
      const more = list.length > ACCOUNTS_SHOWN ? ` and ${list.length - ACCOUNTS_SHOWN} more` : "";
      const flags = [
        list.some((g) => g.privileged) ? "**privileged**" : "",
        ...[...new Set(list.filter((g) => g.expires).map((g) => `${g.expiringSoon ? "**" : ""}expires ${g.expires}${g.expiringSoon ? "**" : ""}`))],
      ].filter(Boolean);
      const sources = [...new Map(list.flatMap((g) => g.sources).map((r) => [`${r.file}:${r.line}`, r])).values()]
        .map((r) => `[${md(`${rel(r)}:${r.line}`)}](${options.link(r)})`)
        .join(", ");
      lines.push(`- [ ] **${md(ps)}** in ${list.length === 1 ? "" : `${list.length} accounts: `}${shown}${more}${flags.length ? ` (${flags.join(", ")})` : ""}: ${sources}`);
    }
    sections.push(lines.join("\n") + "\n");
  }
  let body = head.join("\n") + "\n";
  let cut = 0;
  for (const section of sections) {
    if (body.length + section.length > MAX_BODY) cut++;
    else body += section + "\n";
  }
  if (cut) body += `\n> [!WARNING]\n> ${cut} more group${cut === 1 ? " does" : "s do"} not fit in one issue: review them from the report artifact.\n`;
  return body;
}
