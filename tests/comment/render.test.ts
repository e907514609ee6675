import { describe, expect, it } from "vitest";
import { summarizePlanJson } from "../../src/comment/plan.js";
import { COMMENT_MARKER, renderComment } from "../../src/comment/render.js";
import { GITHUB_COMMENT_LIMIT } from "../../src/comment/fit.js";
import { diffModels } from "../../src/diff/diff-models.js";
import type { Finding } from "../../src/model/types.js";
import { group, manyAccounts, model, permissionSet } from "../diff/model-fixtures.js";
import { fixturePlan, largePlanJson } from "./plan-fixtures.js";

const BI = permissionSet("BIReadOnly", { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
const base = model({ groups: [group("ops")], permissionSets: [BI] });
const head = model({
  groups: [group("ops"), group("bi-analysts")],
  permissionSets: [BI],
  assignments: [["bi-analysts", "BIReadOnly", "111111111111"], ["bi-analysts", "BIReadOnly", "222222222222"]],
});
const diff = diffModels(base, head);
const ic = { name: "identity-center", plan: fixturePlan("identity-center.plan.json") };
const okta = { name: "okta", plan: fixturePlan("okta.plan.json") };

describe("PR comment", () => {
  it("starts with the hidden marker, then one line saying in words what the PR does", () => {
    const lines = renderComment({ diff, stacks: [ic, okta] }).split("\n");
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[2]).toBe(
      "**Access plan:** Grants BIReadOnly to bi-analysts in 2 accounts; adds group bi-analysts. " +
        "Terraform: okta 2 to add; identity-center 4 to add, 1 to change, 1 to destroy, 2 to replace.",
    );
  });

  it("has a table per stack with add, change, destroy and replace, okta first", () => {
    const md = renderComment({ diff, stacks: [ic, okta] });
    expect(md).toContain("| Stack | To add | To change | To destroy | To replace | Note |");
    const rows = md.split("\n").filter((l) => /^\| (okta|identity-center) \|/.test(l));
    expect(rows).toEqual([
      "| okta | 2 | 0 | 0 | 0 |  |",
      "| identity-center | 4 | 1 | **1** ⚠️ | **2** ⚠️ | waiting for 1 group to be pushed |",
    ]);
  });

  it("puts every destroy and replace in a caution block near the top", () => {
    const md = renderComment({ diff, stacks: [okta, ic] });
    const caution = md.indexOf("> [!CAUTION]");
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(md.indexOf("#### Access changes"));
    expect(md).toContain("> **identity-center** will destroy 1 and replace 2 resources.");
    expect(md).toContain('> - destroy `aws_ssoadmin_account_assignment.assignment["ops|ReadOnly|111111111111"]` (delete_because_no_resource_config)');
    expect(md).toContain('> - replace `aws_ssoadmin_permission_set.permission_set["Admin"]` (replace_because_cannot_update)');
  });

  it("has no caution block when nothing is destroyed or replaced", () => {
    expect(renderComment({ diff, stacks: [okta] })).not.toContain("[!CAUTION]");
  });

  it("shows assignments of a group not pushed yet as waiting for the push, not as an error", () => {
    const md = renderComment({ diff, stacks: [okta, ic] });
    expect(md).toContain("> [!NOTE]");
    expect(md).toContain("> - identity-center: waiting for group `bi-analysts` to be pushed (2 assignments created once it arrives)");
    expect(md).toContain("This is expected, not an error");
    expect(md.replace("This is expected, not an error", "")).not.toMatch(/error|fail/i);
  });

  it("says a plan that could not run is missing, with the reason, instead of showing it empty", () => {
    const md = renderComment({ diff, stacks: [okta, { name: "identity-center", missing: "no credentials: fork PR" }] });
    expect(md).toContain("| identity-center | – | – | – | – | **plan missing**: no credentials: fork PR |");
    expect(md.split("\n")[2]).toContain("Terraform: okta 2 to add; identity-center plan missing.");
    expect(md).not.toContain("identity-center: 0");
  });

  it("says a stack without changes has no changes", () => {
    const md = renderComment({ diff, stacks: [{ name: "okta", plan: fixturePlan("no-changes.plan.json") }] });
    expect(md).toContain("| okta | 0 | 0 | 0 | 0 | no changes |");
  });

  it("folds the Terraform changes per stack in <details> with diff-style symbols", () => {
    const md = renderComment({ diff, stacks: [ic] });
    expect(md).toContain("<details><summary>identity-center: 9 Terraform changes (4 to add, 1 to change, 1 to destroy, 2 to replace)</summary>");
    expect(md).toContain('+ aws_ssoadmin_account_assignment.assignment["ops|ReadOnly|222222222222"]');
    expect(md).toContain('~ aws_ssoadmin_permission_set.permission_set["ReadOnly"]');
    expect(md).toContain('- aws_ssoadmin_account_assignment.assignment["ops|ReadOnly|111111111111"]');
    expect(md).toContain('-/+ aws_ssoadmin_permission_set.permission_set["Admin"]');
    expect(md).toContain('<= data.aws_identitystore_group.group["bi-analysts"] (read at apply)');
    expect(md).not.toContain('permission_set["BIReadOnly"]'); // the no-op
  });

  it("includes the access diff and its risks", () => {
    const admin = permissionSet("Admin", { privileged: true, privilegedReasons: ["attaches AdministratorAccess"] });
    const d = diffModels(model({ groups: [group("ops")], permissionSets: [admin] }), model({ groups: [group("ops")], permissionSets: [admin], assignments: [["ops", "Admin", "333333333333"]] }));
    const md = renderComment({ diff: d, stacks: [] });
    expect(md).toContain("#### Risks");
    expect(md).toContain("- 🔴 **high** `privileged-access-granted`: ops gains privileged access Admin in 1 account");
    expect(md).toContain("- ops gains Admin in prod-data (333333333333)");
  });

  it("lists validation errors and says the diff is not available when the model is invalid", () => {
    const findings: Finding[] = [
      { file: "access-model/assignments/data.yaml", line: 7, col: 12, severity: "error", code: "unknown-reference", message: "group nobody is not defined" },
      { file: "access-model/groups.yaml", line: 3, col: 5, severity: "warning", code: "unused", message: "group x has no assignments" },
    ];
    const md = renderComment({ validation: findings, stacks: [{ name: "okta", missing: "the model is invalid" }] });
    expect(md.split("\n")[2]).toBe("**Access plan:** The model has 1 validation error; fix it to get the access diff and plans. Terraform: okta plan missing.");
    expect(md).toContain("1 error, 1 warning in the model:");
    expect(md).toContain("- ❌ `access-model/assignments/data.yaml:7:12` group nobody is not defined");
    expect(md).toContain("The access diff is not available for this run.");
  });

  it("uses the given title", () => {
    expect(renderComment({ diff, stacks: [], title: "Plan for #42" }).split("\n")[2]).toMatch(/^\*\*Plan for \\#42:\*\* /);
  });
});

describe("PR comment size bound", () => {
  const destroyAndCreate = [["delete"], ["create"], ["delete", "create"], ["update"]];
  const huge = summarizePlanJson(largePlanJson(20_000, destroyAndCreate));

  it("stays under GitHub's 65,536-character limit with a 20,000-change plan, keeping the summary and the warning", () => {
    const accounts = manyAccounts(400);
    const many = model({
      accounts,
      groups: Array.from({ length: 60 }, (_, i) => group(`team-${i}`)),
      permissionSets: [BI],
      assignments: accounts.flatMap((a, i) => Array.from({ length: 60 }, (_, g) => [`team-${g}`, "BIReadOnly", a.id] as [string, string, string]).slice(0, 1 + (i % 60))),
    });
    const bigDiff = diffModels(model({ accounts, permissionSets: [BI] }), many);
    const md = renderComment({ diff: bigDiff, stacks: [{ name: "okta", plan: huge }, { name: "identity-center", plan: huge }] });

    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    const lines = md.split("\n");
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[2]).toBe(
      "**Access plan:** Grants 11800 assignments (60 groups, 400 accounts); adds 60 groups. Terraform: " +
        "okta 5000 to add, 5000 to change, 5000 to destroy, 5000 to replace; identity-center 5000 to add, 5000 to change, 5000 to destroy, 5000 to replace.",
    );
    expect(md).toContain("> [!CAUTION]");
    expect(md).toContain("> **okta** will destroy 5000 and replace 5000 resources; **identity-center** will destroy 5000 and replace 5000 resources.");
    expect(md).toMatch(/> - … and [\d,]+ more \(listed in the Terraform details below and the plan artifact\)/);
    expect(md).toContain("| identity-center | 5000 | 5000 | **5000** ⚠️ | **5000** ⚠️ |  |");
    // Cut parts say what was cut, and folded blocks are still closed.
    expect(md).toMatch(/_Cut [\d,]+ of 20,000 lines of the identity-center Terraform changes to stay under GitHub's 65,536-character comment limit/);
    expect(md).toMatch(/_Cut [\d,]+ of [\d,]+ lines of the access diff/);
    expect(md.split("<details>").length).toBe(md.split("</details>").length);
    expect((md.match(/^\s*```/gm) ?? []).length % 2).toBe(0);
  });

  it("keeps the first and last Terraform changes and marks the cut in the middle", () => {
    const md = renderComment({ stacks: [{ name: "identity-center", plan: huge }] });
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(md).toContain('- aws_ssoadmin_account_assignment.assignment["group-00|PermissionSet0|100000000000"]');
    expect(md).toContain('~ aws_ssoadmin_account_assignment.assignment["group-17|PermissionSet5|100000019999"]');
    expect(md).toMatch(/\n {2}… [\d,]+ lines cut …\n/);
  });

  it("honours a smaller limit without dropping the caution block or the table", () => {
    const md = renderComment({ diff, stacks: [{ name: "identity-center", plan: huge }], limit: 30_000 });
    expect(md.length).toBeLessThanOrEqual(30_000);
    expect(md).toContain("> [!CAUTION]");
    expect(md).toContain("| identity-center | 5000 |");
  });

  it("does not cut anything when the comment fits", () => {
    const md = renderComment({ diff, stacks: [ic, okta] });
    expect(md).not.toContain("_Cut ");
  });
});
