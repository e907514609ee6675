import { readFileSync } from "node:fs";
import { decideApproval, type Review } from "../../approval/decide.js";
import type { AccessDiff } from "../../diff/types.js";
import { logSafe } from "../../model/findings.js";
import { UsageError } from "../errors.js";
import { defineCommand } from "../options.js";


/** `gh api --paginate` prints one JSON array per page, back to back. */
export function parsePages(text: string): unknown[] {
  const out: unknown[] = [];
  const trimmed = text.trim();
  if (trimmed === "") return out;
  for (const page of trimmed.replace(/\]\s*\[/g, "]\u0000[").split("\u0000")) out.push(...(JSON.parse(page) as unknown[]));
  return out;
}

export const command = defineCommand({
  name: "approval",
  summary: "the risk-based approval check of a pull request",
  description: `The risk-based approval check: passes when the access diff (access diff --format json) has no
high risk, or when a member of the privileged-access team other than the author has approved
the head commit.`,
  options: {
    diff: { type: "string", value: "DIFF.json", required: true, help: "the output of access diff --format json" },
    reviews: { type: "string", value: "REVIEWS.json", required: true, help: "the pull request's reviews from the GitHub API (one array or\nseveral concatenated pages)" },
    approvers: { type: "string", value: "LOGINS.txt", required: true, help: "the privileged-access team's logins, one per line" },
    "head-sha": { type: "string", value: "SHA", required: true, help: "the pull request's head commit" },
    author: { type: "string", value: "LOGIN", required: true, help: "the pull request's author (never counts as approver)" },
  },
  exit: "Exit 0 pass, 1 approval missing, 2 on usage errors.",
  run: async (opts) => {
    if (!opts.diff || !opts.reviews || !opts.approvers || !opts["head-sha"] || !opts.author) {
      throw new UsageError("--diff, --reviews, --approvers, --head-sha and --author are required");
    }
    const diff = JSON.parse(readFileSync(opts.diff, "utf8")) as AccessDiff;
    const reviews = parsePages(readFileSync(opts.reviews, "utf8")) as Review[];
    const approvers = readFileSync(opts.approvers, "utf8").split(/\s+/).filter(Boolean);
    const verdict = decideApproval({ risks: diff.risks ?? [], reviews, approvers, headSha: opts["head-sha"], author: opts.author });
    // Risk messages carry model names: printed log-safe, line by line.
    process.stdout.write(`${verdict.message.split("\n").map(logSafe).join("\n")}\n`);
    return verdict.pass ? 0 : 1;
  },
});
