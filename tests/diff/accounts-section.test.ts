// The access diff's "Accounts" section (JSON and Markdown) and the review issue's list of accounts
// that joined since the last review.
import { describe, expect, it } from "vitest";
import { diffModels } from "../../src/diff/diff-models.js";
import { renderDiffMarkdown } from "../../src/diff/markdown.js";
import { accountsChange } from "../../src/diff/accounts.js";
import { relativeSourceLink } from "../../src/report/links.js";
import { renderReviewIssue } from "../../src/report/review-issue.js";
import { buildReport } from "../../src/report/views.js";
import { baseFiles, load, type Files } from "../model/fixtures.js";

const ASSIGNMENTS = {
  "assignments.yaml": "assignments:\n  - { group: bi-analysts, permission_set: BIReadOnly, accounts: { ou: Workloads/Data } }\n  - { group: platform-admin, permission_set: PlatformAdmin, accounts: { tags: { env: prod } } }\n",
};
const base = load(baseFiles(ASSIGNMENTS)).model!;
const edit = (f: (accounts: string) => string, extra: Files = {}) => load(baseFiles({ ...ASSIGNMENTS, ...extra, "accounts.yaml": f(baseFiles()["accounts.yaml"]!) })).model!;

describe("the Accounts section of the access diff", () => {
  const head = edit(
    (a) =>
      a
        .replace("name: production\n    ou: Workloads/Apps", "name: production\n    ou: Workloads/Data")
        .replace("name: reporting", "name: reporting-eu") + '  - { id: "444444444444", name: data-new, ou: Workloads/Data, tags: { env: prod } }\n',
  );
  const diff = diffModels(base, head);

  it("lists added, moved and renamed accounts in the JSON, each with the grants it brings", () => {
    expect(diff.accounts).toEqual({
      added: [{ id: "444444444444", name: "data-new", ou: "Workloads/Data", granted: [{ group: "bi-analysts", permission_set: "BIReadOnly" }, { group: "platform-admin", permission_set: "PlatformAdmin" }], revoked: [] }],
      moved: [{ id: "333333333333", name: "production", ou: "Workloads/Data", from_ou: "Workloads/Apps", granted: [{ group: "bi-analysts", permission_set: "BIReadOnly" }], revoked: [] }],
      renamed: [{ id: "222222222222", name: "reporting-eu", from_name: "reporting", ou: "Workloads/Data", granted: [], revoked: [] }],
      removed: [],
      retagged: [],
    });
  });

  it("renders them in Markdown", () => {
    const md = renderDiffMarkdown(diff);
    expect(md).toContain("### Accounts\n\n- **data-new** (444444444444) added in Workloads/Data: brings bi-analysts BIReadOnly, platform-admin PlatformAdmin");
    expect(md).toContain("- **production** (333333333333) moved from Workloads/Apps to Workloads/Data: brings bi-analysts BIReadOnly");
    expect(md).toContain("- **reporting-eu** (222222222222) renamed from reporting: no grant changes");
  });

  it("a removed account lists what it takes away; no section when no account changed", () => {
    const closed = edit((a) => a.replace(/  - id: "333333333333"[\s\S]*$/, ""));
    expect(renderDiffMarkdown(diffModels(base, closed))).toContain("- **production** (333333333333) removed from Workloads/Apps: takes away platform-admin PlatformAdmin");
    expect(diffModels(base, base).accounts).toBeUndefined();
    expect(renderDiffMarkdown(diffModels(base, base))).not.toContain("Accounts");
  });
});

describe("the review issue", () => {
  it("notes the accounts that joined since the last review, with their grants", () => {
    const now = edit((a) => a + '  - { id: "444444444444", name: data-new, ou: Workloads/Data }\n');
    const body = renderReviewIssue(buildReport(now, { today: "2026-11-28" }), { codeowners: [], root: process.cwd(), link: relativeSourceLink("./r.md"), joined: accountsChange(base, now).added });
    expect(body).toContain("### Accounts joined since the last review (1)");
    expect(body).toContain("- data-new (444444444444) in Workloads/Data: bi-analysts BIReadOnly");
    const none = renderReviewIssue(buildReport(base, { today: "2026-11-28" }), { codeowners: [], root: process.cwd(), link: relativeSourceLink("./r.md"), joined: [] });
    expect(none).toContain("No account joined since the last review.");
  });
});
