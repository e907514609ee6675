// The PR comment says beforehand what the apply will check: every change with its reason, a loud
// block for anything unexplained, that acknowledgement will be required, and which grants of the
// change expire within 14 days. Inputs are the real-plan fixtures of tests/explain.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { summarizePlanJson } from "../../src/comment/plan.js";
import { renderComment } from "../../src/comment/render.js";
import { checkRevocations, explainPlans } from "../../src/explain/index.js";
import { DEFAULT_MAX_REVOCATION } from "../../src/model/types.js";
import { diffOf, EMPTY_DIFF, FIXTURES, plan, planJson } from "../explain/support.js";
import { runAccess } from "../diff/cli-helpers.js";

function comment(name: string, diff = diffOf(name), today = "2026-12-01") {
  const planFile = plan(name);
  return renderComment({
    diff,
    stacks: [{ name: "identity-center", plan: summarizePlanJson(planJson(name)) }],
    explanation: explainPlans(diff, [planFile]),
    revocations: checkRevocations([planFile], diff.max_revocation ?? DEFAULT_MAX_REVOCATION),
    today,
  });
}

describe("the PR comment and the apply-time guarantees", () => {
  it("gives every planned change its reason next to the address", () => {
    const md = comment("rename");
    expect(md).toContain('- aws_ssoadmin_permission_set.permission_set["Admin"]  # permission set Admin is renamed to Administrator');
    expect(md).toContain('+ aws_ssoadmin_account_assignment.assignment["admins|Administrator|111111111111"]  # admins Administrator in dev (111111111111) is granted');
    expect(md).not.toContain("not explained by the access model");
  });

  it("shows a loud block naming each unexplained change", () => {
    const md = comment("drift", EMPTY_DIFF);
    const withoutDrift = renderComment({
      diff: EMPTY_DIFF,
      stacks: [{ name: "identity-center", plan: summarizePlanJson(planJson("model-changes")) }],
      explanation: explainPlans(EMPTY_DIFF, [plan("model-changes")]),
    });
    expect(md).not.toContain("[!CAUTION]\n> **"); // drift repair is explained
    expect(withoutDrift).toContain("> **6 planned changes are not explained by the access model.** The apply refuses to run while this is so.");
    expect(withoutDrift).toContain('> - identity-center: destroy `aws_ssoadmin_account_assignment.assignment["readers|ReadOnly|222222222222"]`:');
    expect(withoutDrift).toContain("# UNEXPLAINED:");
  });

  it("says acknowledgement will be required, and the label's name, when the plans exceed max_revocation", () => {
    const md = comment("groups");
    expect(md).toContain("> **Acknowledgement will be required.**");
    expect(md).toContain("removes 3 of 5 managed assignments (60%), more than max_revocation.share 25%");
    expect(md).toContain("`access-revocation-acknowledged`");
    expect(comment("model-changes")).not.toContain("Acknowledgement will be required");
  });

  it("warns about grants in the change that expire within 14 days, and only those", () => {
    const diff = diffOf("groups");
    diff.granted[0]!.expires = "2026-12-10";
    expect(comment("groups", diff, "2026-12-01")).toContain("> **1 assignment granted by this change expires within 14 days.**\n> - auditors gains ReadOnly in 1 account until 2026-12-10");
    expect(comment("groups", diff, "2026-11-20")).not.toContain("within 14 days");
  });

  it("access comment builds all of it from the diff and plan files", () => {
    const res = runAccess(["comment", "--diff", join(FIXTURES, "groups.diff.json"), "--plan", `identity-center=${join(FIXTURES, "groups.plan.json")}`, "--today", "2026-12-01"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("Acknowledgement will be required");
    expect(res.stdout).toContain('+ terraform_data.group_push["auditors"]  # push marker of group auditors: the group is added');
  });
});
