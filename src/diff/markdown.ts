// Human-readable Markdown for an access diff: who gains or loses what, where, and how risky.
import { accountLines } from "./accounts.js";
import { plural } from "./risks.js";
import { summarize } from "./summary.js";
import { groupTriples, type TripleGroup } from "./triples.js";
import { compactStackList } from "./stack-list.js";
import type { StackImpact } from "./stacks.js";
import type { AccessDiff, FieldChange, GroupChange, OktaChange, PermissionSetChange, Risk } from "./types.js";

/** Accounts listed inline up to this count; longer lists are folded into <details>. */
export const INLINE_ACCOUNTS = 5;

/** Escapes text from the model so it cannot open HTML, links, code or tables in the comment. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*[\]<>|#]/g, (c) => `\\${c}`).replace(/&/g, "&amp;");
}

const e = escapeMarkdown;

const RISK_ICON: Record<Risk["level"], string> = { high: "🔴", medium: "🟠", low: "🟡" };

export function riskLine(r: Risk): string {
  return `- ${RISK_ICON[r.level]} **${r.level}** \`${r.code}\`: ${e(r.message)}`;
}

function accountsText(accounts: TripleGroup["accounts"]): string {
  return accounts.map((a) => `${e(a.name)} (${a.id})`).join(", ");
}

function pairLines(pair: TripleGroup, verb: string): string[] {
  const head = `- ${e(pair.group)} ${verb} ${e(pair.permission_set)} in`;
  const n = pair.accounts.length;
  if (n === 1) return [`${head} ${accountsText(pair.accounts)}`];
  if (n <= INLINE_ACCOUNTS) return [`${head} ${n} accounts: ${accountsText(pair.accounts)}`];
  return [
    `${head} ${n} accounts`,
    `  <details><summary>the ${n} accounts</summary>`,
    "",
    `  ${accountsText(pair.accounts)}`,
    "  </details>",
  ];
}

function change<T>(label: string, f: FieldChange<T> | null, show: (v: T) => string = (v) => e(String(v))): string | undefined {
  if (!f) return undefined;
  const side = (v: T | null) => (v === null ? "none" : show(v));
  if (f.before === null && f.after !== null) return `${label} ${show(f.after)}`;
  return `${label} ${side(f.before)} → ${side(f.after)}`;
}

const yesNo = (v: boolean) => (v ? "yes" : "no");

function permissionSetLines(c: PermissionSetChange): string[] {
  const reach = `reaching ${plural(c.accounts, "account")}`;
  const title =
    c.change === "renamed"
      ? `- **${e(c.name)}** renamed from **${e(c.renamed_from ?? "")}**, ${reach}`
      : c.change === "removed"
        ? `- **${e(c.name)}** removed (was in ${plural(c.accounts, "account")}, ${plural(c.assignments, "assignment")})`
        : `- **${e(c.name)}** ${c.change}, ${reach}`;
  if (c.change === "removed") return [title];
  const details = [
    c.managed_policies.added.length ? `attaches ${c.managed_policies.added.map(code).join(", ")}` : undefined,
    c.managed_policies.removed.length ? `detaches ${c.managed_policies.removed.map(code).join(", ")}` : undefined,
    c.customer_managed_policies.added.length ? `attaches customer managed ${c.customer_managed_policies.added.map(code).join(", ")}` : undefined,
    c.customer_managed_policies.removed.length ? `detaches customer managed ${c.customer_managed_policies.removed.map(code).join(", ")}` : undefined,
    c.inline_policy_statements.added.length ? `adds ${plural(c.inline_policy_statements.added.length, "inline statement")}` : undefined,
    c.inline_policy_statements.removed.length ? `removes ${plural(c.inline_policy_statements.removed.length, "inline statement")}` : undefined,
    change("session", c.session_duration),
    change("boundary", c.permissions_boundary, code),
    change("relay state", c.relay_state, code),
    c.description && c.change !== "added" ? "description changed" : undefined,
    c.tags.added.length ? `tags ${c.tags.added.map(code).join(", ")} set` : undefined,
    c.tags.removed.length ? `tags ${c.tags.removed.map(code).join(", ")} dropped` : undefined,
    c.change === "added" ? (c.privileged?.after ? "privileged" : undefined) : change("privileged", c.privileged, yesNo),
  ].filter((d): d is string => d !== undefined);
  const lines = [details.length ? `${title}: ${details.join("; ")}` : title];
  const { added, removed } = c.inline_policy_statements;
  if (added.length || removed.length) {
    lines.push("  <details><summary>inline policy statements</summary>", "");
    lines.push("  ```diff");
    for (const s of removed) lines.push(`  - ${JSON.stringify(s)}`);
    for (const s of added) lines.push(`  + ${JSON.stringify(s)}`);
    lines.push("  ```", "  </details>");
  }
  return lines;
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

/** Revocations caused by expiry, one entry per (group, permission set, expiry day). */
function expiredLines(triples: AccessDiff["revoked"]): string[] {
  const byDay = new Map<string, AccessDiff["revoked"]>();
  for (const t of triples) byDay.set(t.expires ?? "", [...(byDay.get(t.expires ?? "") ?? []), t]);
  return [...byDay].flatMap(([day, list]) =>
    groupTriples(list).flatMap((p) => pairLines(p, "loses").map((l, i) => (i === 0 ? `${l} (expired: its grant ended ${day})` : l))),
  );
}

function groupLine(g: GroupChange): string {
  if (g.change === "added") {
    const traits = [g.source?.after, g.privileged?.after ? "privileged" : undefined].filter(Boolean).join(", ");
    return `- **${e(g.name)}** added (${traits})`;
  }
  if (g.change === "removed") {
    return `- **${e(g.name)}** removed (was ${g.source?.before ?? "?"}, ${plural(g.assignments, "assignment")})`;
  }
  const details = [change("source", g.source), change("privileged", g.privileged, yesNo), g.description ? "description changed" : undefined];
  return `- **${e(g.name)}** changed: ${details.filter(Boolean).join("; ")}`;
}

function oktaLine(c: OktaChange): string {
  const v = (x: OktaChange["before"]) => (x === null ? "none" : typeof x === "boolean" ? yesNo(x) : code(x));
  return `- \`${c.setting}\`: ${v(c.before)} → ${v(c.after)}`;
}

export interface DiffSections {
  summary: string;
  /** Risk lines; empty when there are none. Never truncated by the comment. */
  risks: string;
  /** Everything else: grants, revocations, permission sets, groups, Okta. */
  body: string;
}

export function diffSections(diff: AccessDiff, heading = "####"): DiffSections {
  const out: string[] = [];
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    if (out.length) out.push("");
    out.push(`${heading} ${title}`, "", ...lines);
  };
  const granted = groupTriples(diff.granted);
  const revoked = groupTriples(diff.revoked.filter((t) => t.reason !== "expired"));
  section(`Access granted (${plural(diff.granted.length, "assignment")})`, granted.flatMap((p) => pairLines(p, "gains")));
  section(`Access revoked (${plural(diff.revoked.length, "assignment")})`, [
    ...revoked.flatMap((p) => pairLines(p, "loses")),
    ...expiredLines(diff.revoked.filter((t) => t.reason === "expired")),
  ]);
  section("Accounts", accountLines(diff.accounts, e));
  section("Permission sets", diff.permission_sets.flatMap(permissionSetLines));
  section("Groups", diff.groups.map(groupLine));
  section("Okta", diff.okta.map(oktaLine));
  const risks = diff.risks.length ? [`${heading} Risks`, "", ...diff.risks.map(riskLine)].join("\n") : "";
  return { summary: summarize(diff), risks, body: out.join("\n") };
}

/** Why each stack is affected, one line per distinct reason, stacks with the same reasons together. */
function impactLines(impacts: readonly StackImpact[]): string[] {
  const byReasons = new Map<string, string[]>();
  for (const i of impacts) {
    const key = i.reasons.join("; ");
    byReasons.set(key, [...(byReasons.get(key) ?? []), i.stack]);
  }
  return [...byReasons].map(([reasons, stacks]) => `- ${compactStackList(stacks)}: ${e(reasons)}`);
}

/** The whole diff as Markdown, as printed by `access diff --format markdown`. */
export function renderDiffMarkdown(diff: AccessDiff, impacts?: readonly StackImpact[]): string {
  const s = diffSections(diff, "###");
  const affected = diff.affected_stacks.length
    ? [`Stacks affected: ${diff.affected_stacks.join(", ")}`, ...(impacts?.length ? ["", ...impactLines(impacts)] : [])].join("\n")
    : "No stack affected.";
  const blocks = [`## Access diff`, `**${e(s.summary)}**`, affected, s.risks, s.body].filter((b) => b !== "");
  return blocks.join("\n\n") + "\n";
}
