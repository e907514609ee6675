// The risk-based approval check: a high-risk access change passes only with an approval of the
// current head commit by a privileged-access team member who is not the author.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideApproval, type Review } from "../../src/approval/decide.js";
import type { Risk } from "../../src/diff/types.js";
import { baseFiles, writeModel } from "../model/fixtures.js";
import { parsePages } from "../../src/cli/commands/approval.js";
import { runScript, stubCommand } from "../workflows/script-harness.js";

const HEAD = "c".repeat(40);
const OLD = "d".repeat(40);
const HIGH: Risk = { level: "high", code: "privileged-access-granted", message: "bi-analysts gains PlatformAdmin in 3 accounts" };
const MEDIUM: Risk = { level: "medium", code: "production-access-granted", message: "x" };
const review = (login: string, state: string, commit = HEAD, at = "2026-01-01T00:00:00Z"): Review => ({ user: { login }, state, commit_id: commit, submitted_at: at });
const decide = (risks: Risk[], reviews: Review[], approvers = ["alice", "Bob"], author = "mallory") => decideApproval({ risks, reviews, approvers, headSha: HEAD, author });

describe("decideApproval", () => {
  it("passes without any approval when no risk is high", () => {
    expect(decide([MEDIUM], []).pass).toBe(true);
  });

  it("fails a high-risk change until a team member approves the head commit", () => {
    const none = decide([HIGH], [review("carol", "APPROVED")]);
    expect(none.pass).toBe(false);
    expect(none.message).toContain("privileged-access-granted: bi-analysts gains PlatformAdmin");
    const ok = decide([HIGH], [review("carol", "APPROVED"), review("bob", "APPROVED")]);
    expect(ok).toMatchObject({ pass: true, approvedBy: ["bob"] });
  });

  it("does not count an approval of an earlier commit, a later dismissal or change request, or the author's own", () => {
    const stale = decide([HIGH], [review("alice", "APPROVED", OLD)]);
    expect(stale.pass).toBe(false);
    expect(stale.message).toContain("Approvals of an earlier commit do not count (alice)");
    expect(decide([HIGH], [review("alice", "APPROVED", HEAD, "2026-01-01T00:00:00Z"), review("alice", "DISMISSED", HEAD, "2026-01-02T00:00:00Z")]).pass).toBe(false);
    expect(decide([HIGH], [review("alice", "APPROVED", HEAD, "2026-01-01T00:00:00Z"), review("alice", "CHANGES_REQUESTED", HEAD, "2026-01-02T00:00:00Z")]).pass).toBe(false);
    expect(decide([HIGH], [review("alice", "APPROVED")], ["alice"], "alice").pass).toBe(false);
    // A later plain comment leaves the approval standing.
    expect(decide([HIGH], [review("alice", "APPROVED", HEAD, "2026-01-01T00:00:00Z"), review("alice", "COMMENTED", HEAD, "2026-01-02T00:00:00Z")]).pass).toBe(true);
  });

  it("fails closed when the team could not be read", () => {
    const v = decide([HIGH], [review("alice", "APPROVED")], []);
    expect(v.pass).toBe(false);
    expect(v.message).toContain("No member of the privileged-access team could be read");
  });
});

describe("risk-approval.sh", () => {
  const ACCESS = `${process.execPath} --import tsx ${join(process.cwd(), "src/cli/main.ts")}`;
  const grantAdmin = "assignments:\n  - { group: bi-analysts, permission_set: PlatformAdmin, accounts: all }\n";

  function run(reviews: Review[], members: string) {
    const gh = stubCommand("gh", [{ when: ["pulls/7/reviews"], stdout: JSON.stringify(reviews) }]);
    const base = writeModel(baseFiles());
    const head = writeModel(baseFiles({ "a.yaml": grantAdmin }));
    return runScript("risk-approval.sh", [base, head], {
      ...gh.env,
      ACCESS,
      PR_NUMBER: "7",
      HEAD_SHA: HEAD,
      PR_AUTHOR: "mallory",
      PRIVILEGED_ACCESS_TEAM: "acme/privileged-access",
      TEAM_MEMBERS: members,
    });
  }

  it("fails a PR granting PlatformAdmin everywhere that only a non-member approved, and passes once a member approves", () => {
    const before = run([review("carol", "APPROVED")], "alice bob");
    expect(before.status, before.stderr).toBe(1);
    expect(before.stdout).toContain("needs an approval of its current commit from a member of the privileged-access team");
    const after = run([review("carol", "APPROVED"), review("alice", "APPROVED")], "alice bob");
    expect(after.status, after.stderr).toBe(0);
    expect(after.stdout).toContain("approved by privileged-access team member(s): alice");
  });

  it("fails closed without the team's members (fork pull requests, no app)", () => {
    const r = run([review("alice", "APPROVED")], "");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("::warning::");
  });

  it("reads reviews printed as several pages", () => {
    expect(parsePages(`${JSON.stringify([review("x", "COMMENTED")])}\n${JSON.stringify([review("alice", "APPROVED")])}`)).toHaveLength(2);
    expect(parsePages("")).toEqual([]);
  });
});
