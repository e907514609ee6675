// One sentence saying what a change does to access, for the first line of a PR comment.
import { plural } from "./risks.js";
import { groupTriples } from "./triples.js";
import type { AccessDiff, AccessTriple, RiskLevel } from "./types.js";

const MAX_LISTED_PAIRS = 3;

function pairs(verb: string, preposition: string, triples: AccessTriple[]): string | undefined {
  if (triples.length === 0) return undefined;
  const grouped = groupTriples(triples);
  if (grouped.length <= MAX_LISTED_PAIRS) {
    return `${verb} ${grouped
      .map((p) => `${p.permission_set} ${preposition} ${p.group} in ${plural(p.accounts.length, "account")}`)
      .join(", ")}`;
  }
  const groups = new Set(triples.map((t) => t.group)).size;
  const accounts = new Set(triples.map((t) => t.account_id)).size;
  return `${verb} ${plural(triples.length, "assignment")} (${plural(groups, "group")}, ${plural(accounts, "account")})`;
}

function entities(noun: string, names: string[], verb: string): string | undefined {
  if (names.length === 0) return undefined;
  return names.length === 1 ? `${verb} ${noun} ${names[0]}` : `${verb} ${names.length} ${noun}s`;
}

export function summarize(diff: AccessDiff): string {
  const ps = (kind: string) => diff.permission_sets.filter((c) => c.change === kind).map((c) => c.name);
  const groups = (kind: string) => diff.groups.filter((c) => c.change === kind).map((c) => c.name);
  const renamed = diff.permission_sets.filter((c) => c.change === "renamed");
  const parts = [
    pairs("grants", "to", diff.granted),
    pairs("revokes", "from", diff.revoked),
    renamed.length === 1
      ? `renames permission set ${renamed[0]!.renamed_from} to ${renamed[0]!.name}`
      : renamed.length > 1
        ? `renames ${renamed.length} permission sets`
        : undefined,
    entities("permission set", ps("added"), "adds"),
    entities("permission set", ps("modified"), "changes"),
    entities("permission set", ps("removed"), "removes"),
    entities("group", groups("added"), "adds"),
    entities("group", groups("modified"), "changes"),
    entities("group", groups("removed"), "removes"),
    diff.okta.length > 0 ? `changes ${plural(diff.okta.length, "Okta setting")}` : undefined,
  ].filter((p): p is string => p !== undefined);

  if (parts.length === 0) return diff.risks.length > 0 ? capitalize(riskCounts(diff)) : "No access change.";
  const risks = riskCounts(diff);
  return `${capitalize(parts.join("; "))}${risks ? `; ${risks}` : ""}.`;
}

function riskCounts(diff: AccessDiff): string {
  const counts = (["high", "medium", "low"] as RiskLevel[])
    .map((level) => [level, diff.risks.filter((r) => r.level === level).length] as const)
    .filter(([, n]) => n > 0);
  return counts.map(([level, n]) => `${n} ${level} ${n === 1 ? "risk" : "risks"}`).join(", ");
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
