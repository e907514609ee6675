import { describe, expect, it } from "vitest";
import { diffModels } from "../../src/diff/diff-models.js";
import { diffSections, escapeMarkdown, renderDiffMarkdown } from "../../src/diff/markdown.js";
import { summarize } from "../../src/diff/summary.js";
import { group, manyAccounts, model, permissionSet } from "./model-fixtures.js";

const BI = permissionSet("BIReadOnly", { managedPolicies: ["arn:aws:iam::aws:policy/AmazonAthenaFullAccess"] });
const RO = permissionSet("ReadOnly", { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] });
const groups = [group("bi-analysts"), group("ops")];

describe("summary line", () => {
  it("says in words who gains and loses which permission set where, and counts risks", () => {
    const base = model({ groups, permissionSets: [BI, RO], assignments: [["ops", "ReadOnly", "111111111111"]] });
    const head = model({
      groups,
      permissionSets: [BI, RO],
      assignments: [["bi-analysts", "BIReadOnly", "222222222222"], ["bi-analysts", "BIReadOnly", "333333333333"]],
    });
    expect(summarize(diffModels(base, head))).toBe(
      "Grants BIReadOnly to bi-analysts in 2 accounts; revokes ReadOnly from ops in 1 account; 1 high risk, 1 medium risk.",
    );
  });

  it("names renames and counts larger sets of changes instead of listing them", () => {
    const accounts = manyAccounts(4);
    const gs = ["a", "b", "c", "d"].map((n) => group(n));
    const head = model({ accounts, groups: gs, permissionSets: [RO], assignments: gs.map((g, i) => [g.name, "ReadOnly", accounts[i]!.id]) });
    const base = model({ accounts, groups: gs, permissionSets: [{ ...RO, name: "Old" }] });
    expect(summarize(diffModels(base, head))).toBe(
      "Grants 4 assignments (4 groups, 4 accounts); renames permission set Old to ReadOnly; 1 high risk.",
    );
  });

  it("says so when nothing changes", () => {
    const m = model({ groups, permissionSets: [RO] });
    expect(summarize(diffModels(m, m))).toBe("No access change.");
  });
});

describe("diff markdown", () => {
  it("writes a grant in one account as one readable line", () => {
    const base = model({ groups, permissionSets: [BI] });
    const head = model({ groups, permissionSets: [BI], assignments: [["bi-analysts", "BIReadOnly", "222222222222"]] });
    const md = renderDiffMarkdown(diffModels(base, head));
    expect(md).toContain("- bi-analysts gains BIReadOnly in reporting (222222222222)");
    expect(md.split("\n")[2]).toBe("**Grants BIReadOnly to bi-analysts in 1 account.**");
  });

  it("folds a grant in many accounts into one line with a count and the account list in <details>", () => {
    const accounts = manyAccounts(30);
    const base = model({ accounts, groups, permissionSets: [RO] });
    const head = model({ accounts, groups, permissionSets: [RO], assignments: accounts.map((a) => ["ops", "ReadOnly", a.id]) });
    const { body } = diffSections(diffModels(base, head));
    const lines = body.split("\n");
    expect(lines.filter((l) => l.startsWith("- "))).toEqual(["- ops gains ReadOnly in 30 accounts"]);
    expect(body).toContain("<details><summary>the 30 accounts</summary>");
    expect(body).toContain("acct-000 (100000000000), acct-001 (100000000001)");
    expect(body).toContain("acct-029 (100000000029)");
  });

  it("lists a few accounts inline and revocations as losses", () => {
    const base = model({ groups, permissionSets: [RO], assignments: [["ops", "ReadOnly", "111111111111"], ["ops", "ReadOnly", "222222222222"]] });
    const md = renderDiffMarkdown(diffModels(base, model({ groups, permissionSets: [RO] })));
    expect(md).toContain("- ops loses ReadOnly in 2 accounts: sandbox (111111111111), reporting (222222222222)");
    expect(md).toContain("Access revoked (2 assignments)");
  });

  it("renders risks with level and code, and permission-set, group and Okta changes", () => {
    const base = model({ groups, permissionSets: [RO] });
    const head = model({
      groups: [group("bi-analysts"), group("ops", { source: "existing" })],
      permissionSets: [{ ...RO, sessionDuration: "PT2H", inlinePolicy: '{"Statement":[{"Effect":"Allow","Action":"s3:List*","Resource":"*"}]}' }],
      organization: { ...base.organization, okta: { ...base.organization.okta, usersGroup: "AWS people" } },
    });
    const md = renderDiffMarkdown(diffModels(base, head));
    expect(md).toContain("- 🟠 **medium** `group-source-changed`: Group ops changes source from managed to existing");
    expect(md).toContain("- **ReadOnly** modified, reaching 0 accounts: adds 1 inline statement; session PT1H → PT2H");
    expect(md).toContain('  + {"Effect":"Allow","Action":"s3:List\\*","Resource":"\\*"}'.replace(/\\/g, ""));
    expect(md).toContain("- **ops** changed: source managed → existing");
    expect(md).toContain("- `users_group`: `AWS users` → `AWS people`");
    expect(md).toContain("Stacks affected: identity-center, okta");
  });

  it("escapes model text so names cannot inject HTML or links", () => {
    expect(escapeMarkdown("<img src=x> [a](b) | `c`")).toBe("\\<img src=x\\> \\[a\\](b) \\| \\`c\\`");
  });
});
