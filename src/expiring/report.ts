// The grants that expire within a number of days, for people (text, the weekly issue in Markdown)
// and machines (JSON).
import { escapeMarkdown } from "../diff/markdown.js";
import type { Grant } from "../model/grants.js";
import { expiryEnd, readMoment } from "../model/expiry.js";

export interface ExpiringGrant {
  group: string;
  permission_set: string;
  accounts: { id: string; name: string }[];
  expires: string;
  /** "file:line" of the assignment entry that grants it. */
  source: string;
  /** CODEOWNERS of that file, when a CODEOWNERS file was given. */
  owners?: string[];
  days_left: number;
}

export function toExpiring(g: Grant, today: string, owners?: string[]): ExpiringGrant {
  return {
    group: g.group,
    permission_set: g.permissionSet,
    accounts: g.accounts.map((a) => ({ id: a.id, name: a.name })),
    expires: g.expires!,
    source: `${g.source.file}:${g.source.line}`,
    ...(owners ? { owners } : {}),
    days_left: daysLeft(g.expires!, today),
  };
}

/** Whole days left after today: 0 for a grant whose last valid day (or end hour) is today. */
function daysLeft(expires: string, now: string): number {
  const read = readMoment(now);
  if ("problem" in read) throw new Error(read.problem);
  return Math.max(0, Math.ceil((expiryEnd(expires) - read.ms) / 86_400_000) - 1);
}

const accountsText = (accounts: ExpiringGrant["accounts"], max = 5) =>
  accounts.length <= max
    ? accounts.map((a) => `${a.name} (${a.id})`).join(", ")
    : `${accounts.length} accounts: ${accounts.slice(0, max).map((a) => a.name).join(", ")}, …`;

export function expiringText(list: readonly ExpiringGrant[], days: number, today: string): string {
  if (list.length === 0) return `No grant expires within ${days} days of ${today}.\n`;
  const lines = list.map(
    (g) => `${g.expires}  ${g.group}  ${g.permission_set}  ${accountsText(g.accounts)}  ${g.source}${g.owners?.length ? `  ${g.owners.join(" ")}` : ""}`,
  );
  return `${list.length} grant${list.length === 1 ? "" : "s"} expire${list.length === 1 ? "s" : ""} within ${days} days of ${today}:\n${lines.join("\n")}\n`;
}

export function expiringMarkdown(list: readonly ExpiringGrant[], days: number, today: string): string {
  if (list.length === 0) return `No grant expires within ${days} days of ${today}.\n`;
  const rows = list.map((g) => {
    const owners = g.owners?.length ? g.owners.join(" ") : "–";
    return `| ${g.expires} (${g.days_left === 0 ? "today" : `in ${g.days_left} d`}) | ${escapeMarkdown(g.group)} | ${escapeMarkdown(g.permission_set)} | ${escapeMarkdown(accountsText(g.accounts))} | \`${g.source}\` | ${owners} |`;
  });
  return [
    `**${list.length} grant${list.length === 1 ? "" : "s"} expire${list.length === 1 ? "s" : ""} within ${days} days** (as of ${today}). When its \`expires\` day has passed (or its \`expires\` hour has come), a grant is revoked by the hourly expiry run. To keep access, extend \`expires\` in a pull request; to end it early, remove the grant.`,
    "",
    "| Expires | Group | Permission set | Accounts | Granted at | Owners |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
