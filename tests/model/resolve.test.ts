import { describe, expect, it } from "vitest";
import { loadModel } from "../../src/model/index.js";
import { baseFiles, load } from "./fixtures.js";

const triples = (files: Record<string, string>, today?: string) =>
  load(files, today).model!.assignments.map((a) => `${a.group} ${a.permissionSet} ${a.accountName}`);

const assign = (accounts: string, extra = "") => ({
  "assignments.yaml": `assignments:\n  - group: bi-analysts\n    permission_set: BIReadOnly\n    accounts: ${accounts}\n${extra}`,
});

describe("selectors resolve to concrete triples", () => {
  it("`all` selects every account", () => {
    expect(triples(baseFiles(assign("all")))).toEqual(["bi-analysts BIReadOnly data-platform", "bi-analysts BIReadOnly reporting", "bi-analysts BIReadOnly production"]);
  });

  it("a list takes names and ids", () => {
    expect(triples(baseFiles(assign('[reporting, "111111111111"]')))).toEqual(["bi-analysts BIReadOnly data-platform", "bi-analysts BIReadOnly reporting"]);
  });

  it("ou selects that OU and everything below it, but not siblings with a shared prefix", () => {
    const files = baseFiles({ ...assign("{ ou: Workloads/Data }"), "more.yaml": 'accounts:\n  - { id: "444444444444", name: data-two, ou: Workloads/DataLake }\n  - { id: "555555555555", name: deep, ou: Workloads/Data/Sub }\n' });
    expect(triples(files)).toEqual(["bi-analysts BIReadOnly data-platform", "bi-analysts BIReadOnly reporting", "bi-analysts BIReadOnly deep"]);
  });

  it("tags must all match, and except removes accounts", () => {
    expect(triples(baseFiles(assign("{ tags: { env: prod } }")))).toEqual(["bi-analysts BIReadOnly data-platform", "bi-analysts BIReadOnly production"]);
    expect(triples(baseFiles(assign("{ tags: { env: prod, domain: data } }")))).toEqual(["bi-analysts BIReadOnly data-platform"]);
    expect(triples(baseFiles(assign("{ ou: Workloads, except: [production] }")))).toEqual(["bi-analysts BIReadOnly data-platform", "bi-analysts BIReadOnly reporting"]);
  });

  it("de-duplicates triples granted by several entries", () => {
    const files = baseFiles({
      "a.yaml": "assignments:\n  - { group: bi-analysts, permission_set: BIReadOnly, accounts: all }\n  - { group: bi-analysts, permission_set: BIReadOnly, accounts: [reporting] }\n",
    });
    expect(load(files).model!.assignments).toHaveLength(3);
  });
});

describe("expiry", () => {
  const files = baseFiles(assign("[reporting]", "    expires: 2026-12-31\n"));

  it("keeps a grant through its expires day", () => {
    expect(triples(files, "2026-12-31")).toEqual(["bi-analysts BIReadOnly reporting"]);
  });

  it("leaves an expired grant out with a warning at its expires line", () => {
    const result = load(files, "2027-01-01");
    expect(result.model!.assignments).toEqual([]);
    expect(result.findings).toEqual([
      expect.objectContaining({ severity: "warning", code: "expired", file: "assignments.yaml", line: 5, col: 14 }),
    ]);
    expect(result.findings[0]!.message).toMatch(/expired on 2026-12-31; it is left out of what is built/);
  });

  it("refuses a date that is not a calendar date", () => {
    const result = load(baseFiles(assign("[reporting]", "    expires: 2026-02-30\n")));
    expect(result.model).toBeUndefined();
    expect(result.findings[0]!.message).toBe("not a real calendar date");
  });
});

describe("the resolved model", () => {
  it("normalises managed policy references to ARNs in the instance's partition", () => {
    const files = baseFiles({
      "permission-sets.yaml": "permission_sets:\n  - name: BIReadOnly\n    managed_policies: [ReadOnlyAccess, job-function/ViewOnlyAccess, arn:aws:iam::aws:policy/AmazonAthenaFullAccess]\n  - name: PlatformAdmin\n",
    });
    expect(load(files).model!.permissionSets[0]!.managedPolicies).toEqual([
      "arn:aws:iam::aws:policy/AmazonAthenaFullAccess",
      "arn:aws:iam::aws:policy/ReadOnlyAccess",
      "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
    ]);
  });

  it("does not depend on the order of entries or how they are split into files", () => {
    const a = load(baseFiles(assign("all"))).model;
    const reordered = load({
      "z.yaml": "accounts:\n" + baseFiles()["accounts.yaml"]!.split("\n  - ").slice(1).reverse().map((s) => "  - " + s.trimEnd()).join("\n") + "\n",
      "y/org.yaml": baseFiles()["organization.yaml"]!,
      "x.yaml": "permission_sets:\n  - name: PlatformAdmin\n    managed_policies: [AdministratorAccess]\n  - name: BIReadOnly\n    managed_policies: [ReadOnlyAccess]\ngroups:\n  - name: platform-admin\n    source: managed\n  - name: bi-analysts\n    source: managed\n",
      ...assign("all"),
    }).model;
    // Only where things are written may differ (the sources a report links to).
    expect({ ...reordered, sources: undefined }).toEqual({ ...a, sources: undefined });
  });

  it("resolves the example org: 35 accounts, the five groups and permission sets, bi-analysts in 111111111111 and 222222222222", () => {
    const { model, findings } = loadModel("access-model", { today: "2026-11-28" });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(model!.accounts).toHaveLength(35);
    expect(model!.groups.map((g) => g.name)).toEqual(["bi-analysts", "finance-data", "platform-admin", "read-only-exec", "sre-oncall"]);
    expect(model!.permissionSets.map((p) => p.name)).toEqual(["BIReadOnly", "ExecReadOnly", "FinanceDataReadWrite", "PlatformAdmin", "SREOncall"]);
    const bi = model!.assignments.filter((a) => a.group === "bi-analysts" && a.permissionSet === "BIReadOnly").map((a) => a.accountId);
    expect(bi).toEqual(["111111111111", "222222222222"]);
  });
});

describe("model sources", () => {
  it("point each group, permission set, account and grant at the file:line that writes it", () => {
    const model = load(baseFiles(assign("all"))).model!;
    const s = model.sources!;
    expect(s.groups.get("bi-analysts")!.file).toMatch(/\.yaml$/);
    expect(s.permissionSets.get("PlatformAdmin")!.line).toBeGreaterThan(0);
    expect(s.accounts.size).toBe(model.accounts.length);
    for (const a of model.assignments) {
      const refs = s.assignments.get(`${a.group}|${a.permissionSet}|${a.accountId}`)!;
      expect(refs.length).toBeGreaterThan(0);
      expect(refs).toEqual([{ file: expect.stringMatching(/(^|\/)assignments\.yaml$/), line: 2, col: 5 }]);
    }
  });

  it("list every entry that grants a triple, and no expired entry", () => {
    const files = baseFiles({
      "a.yaml":
        "assignments:\n  - { group: bi-analysts, permission_set: BIReadOnly, accounts: all }\n" +
        "  - { group: bi-analysts, permission_set: BIReadOnly, accounts: [reporting] }\n" +
        "  - { group: bi-analysts, permission_set: BIReadOnly, accounts: [production], expires: 2020-01-01 }\n",
    });
    const s = load(files, "2026-06-01").model!.sources!;
    expect(s.assignments.get("bi-analysts|BIReadOnly|222222222222")!.map((r) => r.line)).toEqual([2, 3]);
    expect(s.assignments.get("bi-analysts|BIReadOnly|333333333333")!.map((r) => r.line)).toEqual([2]);
  });
});
