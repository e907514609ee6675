import { describe, expect, it } from "vitest";
import { ownersOf, parseCodeowners, readCodeowners } from "../../src/repo/codeowners.js";
import { webSourceLink } from "../../src/report/links.js";
import { MAX_BODY, renderReviewIssue, reviewIssueTitle } from "../../src/report/review-issue.js";
import { buildReport } from "../../src/report/views.js";
import { reportModel, TODAY } from "./fixture.js";

describe("CODEOWNERS", () => {
  const rules = parseCodeowners(
    "# comment\n*  @acme/platform\n/access-model/   @acme/identity  # trailing comment\n/access-model/groups.yaml @acme/identity @acme/security\naccess-model/**/data*.yaml @acme/data\n/access-model/unowned.yaml\n",
  );

  it("takes the last matching line, with gitignore-style patterns", () => {
    expect(ownersOf(rules, "access-model/groups.yaml")).toEqual(["@acme/identity", "@acme/security"]);
    expect(ownersOf(rules, "access-model/assignments/data.yaml")).toEqual(["@acme/data"]);
    expect(ownersOf(rules, "access-model/assignments/sre.yaml")).toEqual(["@acme/identity"]);
    expect(ownersOf(rules, "src/x.ts")).toEqual(["@acme/platform"]);
    expect(ownersOf(rules, "access-model/unowned.yaml")).toEqual([]);
  });

  it("reads this repository's CODEOWNERS the way the review workflow does", () => {
    const real = readCodeowners(".github/CODEOWNERS");
    expect(ownersOf(real, "access-model/groups.yaml")).toEqual(["@acme/identity-team"]);
    expect(ownersOf(real, "access-model/assignments/platform.yaml")).toEqual(["@acme/platform-team", "@acme/security"]);
  });
});

describe("the review issue", () => {
  const { dir, model } = reportModel();
  const report = buildReport(model, { today: TODAY });
  const codeowners = parseCodeowners("* @acme/platform\n/groups.yaml @acme/identity @acme/security\n");
  const link = webSourceLink("https://github.com/acme/access/blob/abc");
  const body = renderReviewIssue(report, { codeowners, root: dir, link, reportUrl: "https://github.com/acme/access/actions/runs/1" });

  it("is titled by quarter", () => {
    expect(reviewIssueTitle(report)).toBe("Access review 2026-Q4");
  });

  it("has a checklist per group mentioning the CODEOWNERS of the file that defines it", () => {
    for (const g of ["auditors", "bi-analysts", "idle", "platform-admin"]) {
      expect(body).toMatch(new RegExp(`### ${g}[^\\n]*\\n\\n[^\\n]*defined at \\[groups\\.yaml:\\d+\\]\\(https://github\\.com/acme/access/blob/abc/[^)]*groups\\.yaml#L\\d+\\); reviewers: @acme/identity @acme/security`));
    }
    expect(body).toContain("https://github.com/acme/access/actions/runs/1");
  });

  it("has one box per permission set and model entry, with accounts, flags and the file:line", () => {
    const bi = body.split("### bi-analysts")[1]!.split("###")[0]!;
    const boxes = bi.split("\n").filter((l) => l.startsWith("- [ ]"));
    expect(boxes).toHaveLength(2);
    expect(boxes[0]).toMatch(/^- \[ \] \*\*BIReadOnly\*\* in 2 accounts: data-platform \(111111111111\), reporting \(222222222222\): \[assignments\/data\.yaml:2\]/);
    expect(boxes[1]).toMatch(/^- \[ \] \*\*BIReadOnly\*\* in production \(333333333333\) \(\*\*expires 2026-12-15\*\*\): \[assignments\/data\.yaml:5\]/);
    expect(body.split("### idle")[1]).toMatch(/^\n\n[^\n]*\n\n- \[ \] no grants/);
    expect(body).toMatch(/### platform-admin \(privileged\)/);
  });

  it("reminds to test break-glass access and to after-review every use, when the model has it", () => {
    const withBg = renderReviewIssue(report, { codeowners, root: dir, link, breakGlass: { account: "999999999999", roles: ["BreakGlassAdmin"] } });
    expect(withBg).toContain("- [ ] Test break-glass access this quarter: a holder assumes BreakGlassAdmin in 999999999999 with their hardware MFA, and the alarm reaches every subscriber within minutes.");
    expect(withBg).toContain("- [ ] Every break-glass use since the last review has a written after-review");
    expect(body).toContain("No break-glass access is defined (`organization.break_glass`)");
  });

  it("stays under GitHub's body limit, saying what did not fit", () => {
    const many = { ...report, groups: Array.from({ length: 2000 }, (_, i) => ({ ...report.groups[0]!, name: `group-${i}` })) };
    const big = renderReviewIssue(many, { codeowners, root: dir, link });
    expect(big.length).toBeLessThanOrEqual(MAX_BODY + 500);
    expect(big).toMatch(/\d+ more groups do not fit in one issue/);
  });
});
