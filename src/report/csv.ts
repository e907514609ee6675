// CSV for auditors' sheets (RFC 4180): one row per (group, permission set, account) grant and,
// when Okta was read, one row per (person, group, permission set, account) as well.
import type { AccessReport } from "./views.js";
import { sourceText } from "./views.js";

export const CSV_COLUMNS = [
  "row",
  "person_login",
  "person_name",
  "person_status",
  "group",
  "permission_set",
  "account_id",
  "account_name",
  "ou",
  "tags",
  "privileged",
  "expires",
  "source",
] as const;

/** Quotes when needed, and defuses cells a spreadsheet would run as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function renderCsv(report: AccessReport): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  const tags = (t: Record<string, string>) => Object.entries(t).map(([k, v]) => `${k}=${v}`).join(";");
  const base = (g: AccessReport["grants"][number]) => [
    g.group,
    g.permissionSet,
    g.accountId,
    g.accountName,
    g.ou,
    tags(g.tags),
    g.privileged ? "yes" : "no",
    g.expires ?? "",
    g.sources.map(sourceText).join(" "),
  ];
  for (const g of report.grants) rows.push(["grant", "", "", "", ...base(g)]);
  if (report.people) {
    const grantsByGroup = new Map<string, AccessReport["grants"]>();
    for (const g of report.grants) grantsByGroup.set(g.group, [...(grantsByGroup.get(g.group) ?? []), g]);
    for (const p of report.people) {
      for (const group of p.groups) {
        for (const g of grantsByGroup.get(group) ?? []) rows.push(["person", p.person.login, p.person.name, p.person.status, ...base(g)]);
      }
    }
  }
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
