// Builds the one PR comment: marker, a first line in words, warnings, the access diff, a table
// per stack, deferred group lookups, validation findings and folded Terraform details, fitted
// under GitHub's comment size limit without ever cutting the summary or a warning.
import { diffSections, escapeMarkdown, riskLine } from "../diff/markdown.js";
import { plural } from "../diff/risks.js";
import { summarize } from "../diff/summary.js";
import type { AccessDiff } from "../diff/types.js";
import type { Finding } from "../model/types.js";
import { GITHUB_COMMENT_LIMIT, renderFull, renderWithin, shareBudget, type Foldable } from "./fit.js";
import { destructiveChanges, type PlanSummary } from "./plan.js";
import type { PlannedChange } from "../terraform/plan.js";
import { compareStacks } from "../layout/index.js";
import { compactStackList } from "../diff/stack-list.js";
import { ACK_LABEL, unexplainedBlock } from "../explain/render.js";
import type { Explanation } from "../explain/explain.js";
import type { RevocationCheck } from "../explain/threshold.js";
import { addDays } from "../model/grants.js";

export const COMMENT_MARKER = "<!-- access-plan-comment -->";

/** Stays this far below GitHub's limit: GitHub counts characters, JS counts UTF-16 units (>=). */
export const DEFAULT_COMMENT_BUDGET = GITHUB_COMMENT_LIMIT - 536;

/**
 * A stack's part in the comment: planned, expected but without a plan (and why), or deliberately
 * not planned (and why, e.g. "not affected by this change").
 */
export type StackPlan = { name: string; plan: PlanSummary } | { name: string; missing: string } | { name: string; skipped: string };

type Planned = { name: string; plan: PlanSummary };

function isPlanned(s: StackPlan): s is Planned {
  return "plan" in s;
}

export interface CommentInput {
  title?: string;
  /** Undefined when the diff could not be computed (e.g. the model is invalid). */
  diff?: AccessDiff;
  stacks: StackPlan[];
  validation?: Finding[];
  /** Total characters allowed; default DEFAULT_COMMENT_BUDGET. */
  limit?: number;
  /** Every planned change mapped to its reason (needs the diff and at least one plan). */
  explanation?: Explanation;
  /** The mass-revocation gate computed from the plans: when it trips, the merge needs the label. */
  revocations?: RevocationCheck;
  /** YYYY-MM-DD the head was resolved at; grants in the change expiring within 14 days are flagged. */
  today?: string;
}

/** Grants in the change that expire this soon are called out. */
export const EXPIRY_WARNING_DAYS = 14;

/** Apply order: okta, identity-center, its shards by name, then any other stack by name. */
export function sortStacks(stacks: StackPlan[]): StackPlan[] {
  return [...stacks].sort((a, b) => compareStacks(a.name, b.name));
}

/** Above this many stacks in the first line, it gives totals instead of one entry per stack. */
const FIRST_LINE_STACKS = 4;

const SYMBOL: Record<PlannedChange["action"], string> = {
  create: "+",
  update: "~",
  delete: "-",
  replace: "-/+",
  read: "<=",
  forget: ".",
  "no-op": " ",
};

const VERB: Record<PlannedChange["action"], string> = {
  create: "create",
  update: "update",
  delete: "destroy",
  replace: "replace",
  read: "read at apply",
  forget: "forget",
  "no-op": "no-op",
};

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function planWords(plan: Pick<PlanSummary, "counts" | "errored">): string {
  const c = plan.counts;
  const parts = [
    c.add && `${c.add} to add`,
    c.change && `${c.change} to change`,
    c.destroy && `${c.destroy} to destroy`,
    c.replace && `${c.replace} to replace`,
    c.forget && `${c.forget} to forget`,
  ].filter(Boolean);
  const words = parts.length ? parts.join(", ") : "no changes";
  return plan.errored ? `${words} (plan errored)` : words;
}

function errorsOf(findings: Finding[] | undefined): Finding[] {
  return (findings ?? []).filter((f) => f.severity === "error");
}

function firstLine(input: CommentInput): string {
  const title = escapeMarkdown(input.title ?? "Access plan");
  const errors = errorsOf(input.validation);
  const what = errors.length
    ? `The model has ${plural(errors.length, "validation error")}; fix ${errors.length === 1 ? "it" : "them"} to get the access diff and plans.`
    : input.diff
      ? escapeMarkdown(summarize(input.diff))
      : "Access diff not available.";
  return `**${title}:** ${what}${terraformWords(sortStacks(input.stacks))}`;
}

function terraformWords(stacks: StackPlan[]): string {
  const shown = stacks.filter((s) => !("skipped" in s));
  const skipped = stacks.length - shown.length;
  const skippedWords = skipped ? `; ${plural(skipped, "stack")} not planned` : "";
  if (shown.length === 0) return skipped ? ` Terraform: no stack planned, ${plural(skipped, "stack")} not affected.` : "";
  if (shown.length <= FIRST_LINE_STACKS) {
    const each = shown.map((s) => (isPlanned(s) ? `${s.name} ${planWords(s.plan)}` : `${s.name} plan missing`));
    return ` Terraform: ${each.join("; ")}${skippedWords}.`;
  }
  const planned = shown.filter(isPlanned);
  const missing = shown.length - planned.length;
  const changed = planned.filter((s) => s.plan.changes.length > 0);
  const total: Pick<PlanSummary, "counts" | "errored"> = {
    counts: { add: 0, change: 0, destroy: 0, replace: 0, forget: 0 },
    errored: planned.some((s) => s.plan.errored),
  };
  for (const s of planned) for (const k of Object.keys(total.counts) as (keyof PlanSummary["counts"])[]) total.counts[k] += s.plan.counts[k];
  const parts = [
    `${plural(planned.length, "stack")} planned, ${changed.length} with changes (${planWords(total)})`,
    missing ? `${missing} plan${missing === 1 ? "" : "s"} **missing**` : "",
  ].filter(Boolean);
  return ` Terraform: ${parts.join("; ")}${skippedWords}.`;
}

/** The caution block: every destroy and replace, addresses capped at `budget` characters. */
function cautionBlock(stacks: StackPlan[], budget: number): string {
  const withDestroy = stacks.filter(isPlanned).filter((s) => destructiveChanges(s.plan).length > 0);
  if (withDestroy.length === 0) return "";
  const lines = ["> [!CAUTION]"];
  const named = withDestroy.slice(0, CAUTION_STACKS);
  const more = withDestroy.length - named.length;
  const headline = named
    .map((s) => {
      const d = destructiveChanges(s.plan);
      const destroy = d.filter((c) => c.action === "delete").length;
      const replace = d.length - destroy;
      return `**${s.name}** will ${[destroy && `destroy ${destroy}`, replace && `replace ${replace}`].filter(Boolean).join(" and ")} ${destroy + replace === 1 ? "resource" : "resources"}`;
    })
    .join("; ");
  const rest = more ? `; ${plural(more, "more stack")} will destroy or replace resources (see the table)` : "";
  lines.push(`> ${headline}${rest}. Review before merging: a destroyed or replaced resource can mean lost access, lost Okta group memberships or new role ARNs.`);
  const perStack = Math.floor(budget / named.length);
  for (const s of named) {
    const d = destructiveChanges(s.plan);
    lines.push(">", `> ${s.name}:`);
    let used = 0;
    let shown = 0;
    for (const c of d) {
      const line = `> - ${VERB[c.action]} ${code(c.address)}${c.actionReason ? ` (${c.actionReason})` : ""}`;
      if (used + line.length + 1 > perStack - 120) break;
      lines.push(line);
      used += line.length + 1;
      shown++;
    }
    if (shown < d.length) {
      lines.push(`> - … and ${d.length - shown} more (listed in the Terraform details below and the plan artifact)`);
    }
  }
  return lines.join("\n");
}

function risksBlock(diff: AccessDiff | undefined, budget: number): string {
  if (!diff || diff.risks.length === 0) return "";
  const lines = ["#### Risks", ""];
  let used = lines.join("\n").length;
  let shown = 0;
  for (const r of diff.risks) {
    const line = riskLine(r);
    if (used + line.length + 1 > budget - 120) break;
    lines.push(line);
    used += line.length + 1;
    shown++;
  }
  if (shown < diff.risks.length) lines.push(`- … and ${diff.risks.length - shown} more risks (run \`access diff\` to see all)`);
  return lines.join("\n");
}

/** Above this many stacks without changes, the table folds them into one line below it. */
const TABLE_NO_CHANGE_ROWS = 10;

function stackTable(stacks: StackPlan[]): string {
  const shown = stacks.filter((s) => !("skipped" in s));
  if (shown.length === 0) return "";
  const quiet = shown.filter((s): s is Planned => isPlanned(s) && s.plan.changes.length === 0 && !s.plan.errored);
  const fold = quiet.length > TABLE_NO_CHANGE_ROWS;
  const rows = ["| Stack | To add | To change | To destroy | To replace | Note |", "|---|---:|---:|---:|---:|---|"];
  for (const s of shown) {
    if ("skipped" in s) continue;
    if (!isPlanned(s)) {
      rows.push(`| ${s.name} | – | – | – | – | **plan missing**: ${escapeMarkdown(s.missing).replace(/\n/g, " ")} |`);
      continue;
    }
    if (fold && quiet.includes(s)) continue;
    const c = s.plan.counts;
    const notes = [
      s.plan.errored ? "**plan errored**" : "",
      c.forget ? `${c.forget} to forget (left in place, no longer managed)` : "",
      s.plan.waitingGroups.length ? `waiting for ${plural(s.plan.waitingGroups.length, "group")} to be pushed` : "",
      s.plan.changes.length === 0 ? "no changes" : "",
    ].filter(Boolean);
    const warn = (n: number) => (n ? `**${n}** ⚠️` : "0");
    rows.push(`| ${s.name} | ${c.add} | ${c.change} | ${warn(c.destroy)} | ${warn(c.replace)} | ${notes.join("; ")} |`);
  }
  const heading = `#### Terraform plans${shown.length > 2 ? ` (${plural(shown.length, "stack")})` : ""}`;
  const after = fold ? [``, `No changes in ${plural(quiet.length, "stack")}: ${compactStackList(quiet.map((s) => s.name))}.`] : [];
  return [heading, "", ...rows, ...after].join("\n");
}

/** The stacks not planned, grouped by why: one line each, shard runs as ranges. */
function skippedBlock(stacks: StackPlan[]): string {
  const byReason = new Map<string, string[]>();
  for (const s of stacks) if ("skipped" in s) byReason.set(s.skipped, [...(byReason.get(s.skipped) ?? []), s.name]);
  if (byReason.size === 0) return "";
  const lines = [...byReason].map(
    ([why, names]) => `**Not planned** (${escapeMarkdown(why).replace(/\n/g, " ")}): ${plural(names.length, "stack")}, ${compactStackList(names)}.`,
  );
  return lines.join("\n\n");
}

/** The waiting note lists at most this many groups across all stacks. */
const WAITING_LINES = 40;

function waitingBlock(stacks: StackPlan[]): string {
  const lines: string[] = [];
  let hidden = 0;
  for (const s of stacks) {
    if (!isPlanned(s)) continue;
    const groups = new Set([...s.plan.waitingGroups, ...s.plan.waitingAssignments.flatMap((a) => (a.group ? [a.group] : []))]);
    const unnamed = s.plan.waitingAssignments.filter((a) => !a.group).length;
    for (const g of [...groups].sort()) {
      if (lines.length >= WAITING_LINES) {
        hidden++;
        continue;
      }
      const n = s.plan.waitingAssignments.filter((a) => a.group === g).length;
      lines.push(`> - ${s.name}: waiting for group ${code(g)} to be pushed (${plural(n, "assignment")} created once it arrives)`);
    }
    if (unnamed) {
      if (lines.length >= WAITING_LINES) hidden++;
      else lines.push(`> - ${s.name}: ${plural(unnamed, "assignment")} waiting for a group to be pushed`);
    }
  }
  if (lines.length === 0) return "";
  if (hidden) lines.push(`> - … and ${hidden} more waiting (group, stack) pairs`);
  return [
    "> [!NOTE]",
    "> New groups are not in Identity Center until Okta pushes them, so their lookups run at apply time, not now. " +
      "This is expected, not an error: on merge the okta stack applies, the pipeline waits for the push, then the Identity Center stacks apply.",
    ...lines,
  ].join("\n");
}

function validationParts(findings: Finding[] | undefined): { headline: string; list?: Foldable } {
  const all = findings ?? [];
  if (all.length === 0) return { headline: "" };
  const errors = errorsOf(all).length;
  const warnings = all.length - errors;
  const headline = `#### Validation\n\n${[errors && plural(errors, "error"), warnings && plural(warnings, "warning")].filter(Boolean).join(", ")} in the model:`;
  const items = [...all]
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1))
    .map((f) => `- ${f.severity === "error" ? "❌" : "⚠️"} ${code(`${f.file}:${f.line}:${f.col}`)} ${escapeMarkdown(f.message)}`);
  return { headline, list: { prefix: "", items, suffix: "", what: "validation findings", keep: "head" } };
}

function diffBodyPart(diff: AccessDiff): Foldable | undefined {
  const { body } = diffSections(diff, "#####");
  if (!body) return undefined;
  // Whole list items (with their indented, folded continuation lines) are the units cut.
  const items: string[] = [];
  for (const line of body.split("\n")) {
    if (items.length && (line.startsWith("  ") || line === "" && items[items.length - 1]!.endsWith("</summary>"))) {
      items[items.length - 1] += `\n${line}`;
    } else items.push(line);
  }
  return { prefix: "", items, suffix: "", what: "lines of the access diff", keep: "head" };
}

/** address -> reason (or "UNEXPLAINED: ...") for one stack's changes. */
function reasonsOf(e: Explanation | undefined, stack: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of e?.changes ?? []) if (c.stack === stack) out.set(c.address, c.explained ? c.reason : `UNEXPLAINED: ${c.reason}`);
  return out;
}

function acknowledgementBlock(r: RevocationCheck | undefined): string {
  if (!r || r.exceeded.length === 0) return "";
  return [
    "> [!IMPORTANT]",
    `> **Acknowledgement will be required.** These plans exceed the mass-revocation guardrail (\`organization.guardrails.max_revocation\`): ${r.exceeded.map(escapeMarkdown).join("; ")}.`,
    `> The apply after merge stops unless this pull request carries the label \`${ACK_LABEL}\` (add it before merging, or add it and re-run the apply).`,
  ].join("\n");
}

function expiringSoonBlock(diff: AccessDiff | undefined, today: string | undefined): string {
  if (!diff || !today) return "";
  const last = addDays(today, EXPIRY_WARNING_DAYS);
  const soon = diff.granted.filter((t) => t.expires !== undefined && t.expires <= last);
  if (soon.length === 0) return "";
  const byGrant = new Map<string, { group: string; ps: string; expires: string; accounts: string[] }>();
  for (const t of soon) {
    const k = `${t.group}|${t.permission_set}|${t.expires}`;
    const g = byGrant.get(k) ?? { group: t.group, ps: t.permission_set, expires: t.expires!, accounts: [] };
    g.accounts.push(t.account_name);
    byGrant.set(k, g);
  }
  const lines = [...byGrant.values()].slice(0, 20).map(
    (g) => `> - ${escapeMarkdown(g.group)} gains ${escapeMarkdown(g.ps)} in ${plural(g.accounts.length, "account")} until ${g.expires}, revoked automatically on the day after`,
  );
  if (byGrant.size > 20) lines.push(`> - … and ${byGrant.size - 20} more`);
  return [`> [!WARNING]`, `> **${plural(soon.length, "assignment")} granted by this change expire${soon.length === 1 ? "s" : ""} within ${EXPIRY_WARNING_DAYS} days.**`, ...lines].join("\n");
}

function detailsPart(name: string, plan: PlanSummary, reasons: Map<string, string> = new Map()): Foldable | undefined {
  if (plan.changes.length === 0) return undefined;
  return {
    prefix: `<details><summary>${name}: ${plural(plan.changes.length, "Terraform change")} (${planWords(plan)})</summary>\n\n\`\`\`diff\n`,
    items: plan.changes.map((c) => {
      const reason = reasons.get(c.address);
      const text = `${SYMBOL[c.action]} ${c.address}${c.action === "read" ? " (read at apply)" : ""}${reason ? `  # ${reason.replace(/\n/g, " ")}` : ""}`;
      return text.replace(/```/g, "'''");
    }),
    suffix: "\n```\n</details>",
    what: `lines of the ${name} Terraform changes`,
    keep: "middle",
    marker: (cut) => `  … ${cut.toLocaleString("en-US")} lines cut …`,
  };
}

/** The caution block names at most this many stacks; the table has the rest. */
const CAUTION_STACKS = 20;

/** Required parts get at most these budgets; everything else shares what is left. */
const CAUTION_BUDGET = 16_000;
const RISKS_BUDGET = 12_000;

export function renderComment(input: CommentInput): string {
  const limit = input.limit ?? DEFAULT_COMMENT_BUDGET;
  const stacks = sortStacks(input.stacks);
  const validation = validationParts(input.validation);
  const diffBody = input.diff ? diffBodyPart(input.diff) : undefined;
  const details = stacks.flatMap((s) => {
    const part = isPlanned(s) ? detailsPart(s.name, s.plan, reasonsOf(input.explanation, s.name)) : undefined;
    return part ? [{ name: s.name, part }] : [];
  });

  // Display order; strings are required, Foldables shrink to fit.
  const fixed: (string | Foldable | undefined)[] = [
    COMMENT_MARKER,
    firstLine(input),
    cautionBlock(stacks, Math.min(CAUTION_BUDGET, Math.floor(limit / 4))),
    input.explanation ? unexplainedBlock(input.explanation, 40) : undefined,
    acknowledgementBlock(input.revocations),
    expiringSoonBlock(input.diff, input.today),
    risksBlock(input.diff, Math.min(RISKS_BUDGET, Math.floor(limit / 5))),
    validation.headline,
    validation.list,
    input.diff ? "#### Access changes" : "#### Access changes\n\nThe access diff is not available for this run.",
    input.diff && !diffBody ? "No access change." : undefined,
    diffBody,
    stackTable(stacks),
    skippedBlock(stacks),
    waitingBlock(stacks),
  ];
  // One folded section per stack with changes. With very many, the last ones give way to one line
  // rather than each shrinking to a bare cut note.
  const fullLength = new Map<Foldable, number>();
  const lengthOf = (f: Foldable) => fullLength.get(f) ?? fullLength.set(f, renderFull(f).length).get(f)!;
  const blocksKeeping = (kept: number) => {
    const dropped = details.slice(kept).map((d) => d.name);
    return [
      ...fixed,
      ...details.slice(0, kept).map((d) => d.part),
      dropped.length
        ? `_Terraform changes of ${plural(dropped.length, "more stack")} (${compactStackList(dropped)}) left out to stay under GitHub's comment limit; they are in the workflow run's plan artifacts._`
        : undefined,
    ];
  };
  let text = "";
  for (let kept = details.length; kept >= 0; kept--) {
    const { shares, foldables } = layout(blocksKeeping(kept), limit, lengthOf);
    const roomy = details.slice(0, kept).every((d) => shares[foldables.indexOf(d.part)]! >= Math.min(lengthOf(d.part), MIN_DETAILS));
    if (!roomy && kept > 0) continue;
    text = fit(blocksKeeping(kept), limit, lengthOf);
    if (text.length <= limit) break;
  }
  return text;
}

/** A stack's details get at least this many characters, or give way to the "left out" line. */
const MIN_DETAILS = 1_500;

function layout(blocks: (string | Foldable | undefined)[], limit: number, lengthOf: (f: Foldable) => number) {
  const present = blocks.filter((b): b is string | Foldable => b !== undefined && b !== "");
  const separators = 2 * (present.length - 1);
  const required = present.reduce((n, b) => n + (typeof b === "string" ? b.length : 0), 0);
  const foldables = present.filter((b): b is Foldable => typeof b !== "string");
  const shares = shareBudget(foldables.map(lengthOf), limit - required - separators);
  return { present, foldables, shares };
}

function fit(blocks: (string | Foldable | undefined)[], limit: number, lengthOf: (f: Foldable) => number): string {
  const { present, foldables, shares } = layout(blocks, limit, lengthOf);
  const rendered = present.map((b) => (typeof b === "string" ? b : renderWithin(b, shares[foldables.indexOf(b)]!)));
  return rendered.join("\n\n") + "\n";
}
