// Markdown for people (the PR comment, the merged PR's apply report, the job summary) and the
// JSON contract of `access explain` / `access threshold`.
import { escapeMarkdown } from "../diff/markdown.js";
import type { ChangeExplanation, Explanation } from "./explain.js";
import type { RevocationCheck } from "./threshold.js";

/** The label on the merged pull request that acknowledges a mass revocation. */
export const ACK_LABEL = "access-revocation-acknowledged";

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

const VERB: Record<ChangeExplanation["action"], string> = {
  create: "create",
  update: "update",
  delete: "destroy",
  replace: "replace",
  read: "read",
  forget: "forget",
  "no-op": "import",
};

export function changeLine(c: ChangeExplanation, withStack: boolean): string {
  const where = withStack ? `${c.stack}: ` : "";
  return `- ${where}${VERB[c.action]} ${code(c.address)}: ${escapeMarkdown(c.reason)}`;
}

/** The loud block for changes nothing in the model accounts for; empty when there are none. */
export function unexplainedBlock(e: Explanation, limit = 50): string {
  if (e.explained) return "";
  const lines = ["> [!CAUTION]"];
  const n = e.unexplained.length;
  const head: string[] = [];
  if (n) head.push(`**${n} planned ${n === 1 ? "change is" : "changes are"} not explained by the access model.**`);
  if (e.erroredPlans.length) head.push(`**The plan of ${e.erroredPlans.join(", ")} errored**, so its changes are incomplete.`);
  lines.push(
    `> ${head.join(" ")} The apply refuses to run while this is so. Find out where each comes from (an edit outside the model, a provider upgrade, a stack change) before merging.`,
  );
  for (const c of e.unexplained.slice(0, limit)) lines.push(`> ${changeLine(c, true).replace(/^- /, "- ")}`);
  if (n > limit) lines.push(`> - … and ${n - limit} more (run \`access explain\` for all)`);
  return lines.join("\n");
}

export function explanationMarkdown(e: Explanation): string {
  const out: string[] = [];
  const stacks = new Set(e.changes.map((c) => c.stack));
  if (e.changes.length === 0) out.push("No planned changes.");
  else if (e.explained) out.push(`**All ${e.changes.length} planned changes are explained by the access model.**`);
  const block = unexplainedBlock(e);
  if (block) out.push(block);
  const explained = e.changes.filter((c) => c.explained);
  if (explained.length) {
    out.push("", "| Stack | Change | Resource | Reason |", "|---|---|---|---|");
    for (const c of explained) out.push(`| ${c.stack} | ${VERB[c.action]} | ${code(c.address)} | ${escapeMarkdown(c.reason).replace(/\n/g, " ")} |`);
  }
  if (stacks.size === 0) return `${out.join("\n")}\n`;
  return `${out.join("\n")}\n`;
}

export function revocationMarkdown(r: RevocationCheck, acknowledged: boolean): string {
  const { share, count } = r.limits;
  const within = `${r.removed.length} of ${r.managed} managed assignments removed, ${r.permissionSetsDeleted.length} permission sets deleted (limits: ${count} assignments or ${Math.round(share * 1000) / 10}%, no permission set deletion without acknowledgement).`;
  if (r.exceeded.length === 0) return `Revocation threshold: within limits. ${within}\n`;
  const why = r.exceeded.map((x) => `> - ${escapeMarkdown(x)}`).join("\n");
  if (acknowledged) return `> [!WARNING]\n> **Mass revocation acknowledged** with the \`${ACK_LABEL}\` label. The plans:\n${why}\n`;
  return [
    "> [!CAUTION]",
    `> **Mass revocation: the apply stops here.** The plans:`,
    why,
    ">",
    `> If this is intended, add the label \`${ACK_LABEL}\` to the merged pull request and re-run the apply workflow. Otherwise revert the change.`,
    "",
  ].join("\n");
}
