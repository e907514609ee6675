// Risk-based approval: CODEOWNERS sees files, not content, so an edit to one team's assignment
// file can grant PlatformAdmin everywhere with that team's approval alone. This decides the
// required check: a change with a high risk passes only once a member of the privileged-access
// team (not the author) has approved the pull request's current head commit.
import type { Risk } from "../diff/types.js";

/** A pull request review as the GitHub REST API returns it (the fields used here). */
export interface Review {
  user: { login: string } | null;
  state: string; // APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
  commit_id: string | null;
  submitted_at?: string | null;
}

export interface ApprovalInput {
  risks: readonly Risk[];
  reviews: readonly Review[];
  /** Logins of the privileged-access team's members. */
  approvers: readonly string[];
  headSha: string;
  author: string;
}

export interface ApprovalVerdict {
  pass: boolean;
  highRisks: Risk[];
  approvedBy: string[];
  message: string;
}

/** Each reviewer's standing review: the latest that is not a plain comment (GitHub's own rule). */
export function standingReviews(reviews: readonly Review[]): Map<string, Review> {
  const out = new Map<string, Review>();
  const ordered = [...reviews].sort((a, b) => (a.submitted_at ?? "").localeCompare(b.submitted_at ?? ""));
  for (const r of ordered) {
    if (!r.user || r.state === "COMMENTED" || r.state === "PENDING") continue;
    out.set(r.user.login.toLowerCase(), r);
  }
  return out;
}

export function decideApproval(input: ApprovalInput): ApprovalVerdict {
  const highRisks = input.risks.filter((r) => r.level === "high");
  if (highRisks.length === 0) return { pass: true, highRisks, approvedBy: [], message: "No high-risk access change: no privileged-access approval needed." };
  const team = new Set(input.approvers.map((a) => a.toLowerCase()));
  const author = input.author.toLowerCase();
  const approvedBy: string[] = [];
  const stale: string[] = [];
  for (const [login, review] of standingReviews(input.reviews)) {
    if (review.state !== "APPROVED" || !team.has(login) || login === author) continue;
    if (review.commit_id === input.headSha) approvedBy.push(review.user!.login);
    else stale.push(review.user!.login);
  }
  const risks = highRisks.map((r) => `- ${r.code}: ${r.message}`).join("\n");
  if (approvedBy.length > 0) {
    return { pass: true, highRisks, approvedBy: approvedBy.sort(), message: `High-risk access change approved by privileged-access team member(s): ${approvedBy.sort().join(", ")}.\n${risks}` };
  }
  const staleNote = stale.length > 0 ? `\nApprovals of an earlier commit do not count (${stale.sort().join(", ")}): approve the current head ${input.headSha}.` : "";
  const teamNote = team.size === 0 ? "\nNo member of the privileged-access team could be read: check the team setting and the token (docs/setup.md)." : "";
  return {
    pass: false,
    highRisks,
    approvedBy,
    message: `This pull request makes ${highRisks.length} high-risk access change(s); it needs an approval of its current commit from a member of the privileged-access team (not the author).\n${risks}${staleNote}${teamNote}`,
  };
}
