import { describe, expect, it } from "vitest";
import { addDays, buildReport, type GroupMembers, type Person } from "../../src/report/views.js";
import { reportModel, TODAY } from "./fixture.js";

const person = (id: string, login: string): Person => ({ id, login, name: login.split("@")[0]!, email: login, status: "ACTIVE" });

describe("report views", () => {
  const { model } = reportModel();
  const report = buildReport(model, { today: TODAY });

  it("lists one grant per (group, permission set, account) with account OU, tags and the file:line that makes it", () => {
    expect(report.grants).toHaveLength(model.assignments.length);
    const g = report.grants.find((x) => x.group === "bi-analysts" && x.accountName === "data-platform")!;
    expect(g).toMatchObject({ permissionSet: "BIReadOnly", accountId: "111111111111", ou: "Workloads/Data", tags: { env: "prod", domain: "data" }, privileged: false, expiringSoon: false });
    expect(g.sources).toEqual([expect.objectContaining({ file: expect.stringMatching(/assignments\/data\.yaml$/), line: 2 })]);
    const later = report.grants.find((x) => x.group === "bi-analysts" && x.accountName === "production")!;
    expect(later.sources[0]!.line).toBe(5);
  });

  it("highlights privileged grants: a privileged permission set, or a group marked privileged", () => {
    const priv = report.grants.filter((g) => g.privileged).map((g) => `${g.group}/${g.permissionSet}`);
    expect(priv.sort()).toEqual(["auditors/BIReadOnly", "platform-admin/PlatformAdmin"]);
    expect(report.summary.privilegedGrants).toBe(2);
  });

  it("highlights grants expiring within 30 days, not those expiring later", () => {
    const soon = report.grants.filter((g) => g.expiringSoon).map((g) => `${g.group}/${g.accountName}/${g.expires}`);
    expect(soon).toEqual(["bi-analysts/production/2026-12-15"]);
    expect(buildReport(model, { today: "2026-06-01" }).summary.expiringSoon).toBe(0);
    expect(buildReport(model, { today: "2026-11-15" }).summary.expiringSoon).toBe(1); // exactly 30 days before
    expect(buildReport(model, { today: "2026-11-14" }).summary.expiringSoon).toBe(0);
    expect(addDays("2026-12-31", 30)).toBe("2027-01-30");
  });

  it("builds the group x account matrix with the permission sets of each cell", () => {
    expect(report.matrix.groups).toEqual(["auditors", "bi-analysts", "platform-admin"]);
    expect(report.matrix.accounts.map((a) => a.name)).toEqual(["data-platform", "production", "reporting"]);
    const cell = report.matrix.cells.find((c) => c.group === "platform-admin" && c.accountId === "333333333333")!;
    expect(cell.permissionSets).toEqual([{ name: "PlatformAdmin", privileged: true, expiringSoon: false }]);
    expect(report.matrix.cells.find((c) => c.group === "platform-admin" && c.accountId === "111111111111")).toBeUndefined();
  });

  it("says per account who has what, and per permission set where it is assigned and what it grants", () => {
    const prod = report.accounts.find((a) => a.account.name === "production")!;
    expect(prod.grants.map((g) => `${g.group}/${g.permissionSet}`)).toEqual(["auditors/BIReadOnly", "bi-analysts/BIReadOnly", "platform-admin/PlatformAdmin"]);
    expect(prod.definedAt?.file).toMatch(/accounts\.yaml$/);
    const bi = report.permissionSets.find((p) => p.name === "BIReadOnly")!;
    expect(bi.managedPolicies).toEqual(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    expect(bi.assignedTo.map((t) => [t.group, t.accounts.map((a) => a.name)])).toEqual([
      ["auditors", ["production"]],
      ["bi-analysts", ["data-platform", "reporting", "production"]],
    ]);
    expect(report.permissionSets.find((p) => p.name === "PlatformAdmin")!.privileged).toBe(true);
  });

  it("lists every group with where it is defined, including groups without grants", () => {
    expect(report.groups.map((g) => [g.name, g.grants, g.accounts])).toEqual([
      ["auditors", 1, 1],
      ["bi-analysts", 3, 3],
      ["idle", 0, 0],
      ["platform-admin", 1, 1],
    ]);
    expect(report.groups.every((g) => g.definedAt?.file.endsWith("groups.yaml"))).toBe(true);
    expect(report.people).toBeUndefined();
  });

  it("with Okta members, adds people counts and a per-person view of accounts x permission sets", () => {
    const ann = person("u1", "ann@example.com");
    const bob = person("u2", "bob@example.com");
    const members: GroupMembers = { members: new Map([["bi-analysts", [ann, bob]], ["platform-admin", [ann]], ["idle", []]]) };
    const withPeople = buildReport(model, { today: TODAY, members });
    expect(withPeople.summary.people).toBe(2);
    expect(withPeople.groups.find((g) => g.name === "bi-analysts")!.people).toBe(2);
    expect(withPeople.groups.find((g) => g.name === "auditors")!.people).toBeUndefined();
    const annView = withPeople.people!.find((p) => p.person.login === "ann@example.com")!;
    expect(annView.groups).toEqual(["bi-analysts", "platform-admin"]);
    expect(annView.access.map((a) => `${a.accountName}/${a.permissionSet}/${a.via.join("+")}/${a.privileged}`)).toEqual([
      "data-platform/BIReadOnly/bi-analysts/false",
      "production/BIReadOnly/bi-analysts/false",
      "production/PlatformAdmin/platform-admin/true",
      "reporting/BIReadOnly/bi-analysts/false",
    ]);
    expect(withPeople.people!.find((p) => p.person.login === "bob@example.com")!.access).toHaveLength(3);
  });

  it("merges a person's access through two groups into one entry naming both", () => {
    const ann = person("u1", "ann@example.com");
    const members: GroupMembers = { members: new Map([["bi-analysts", [ann]], ["auditors", [ann]]]) };
    const view = buildReport(model, { today: TODAY, members }).people![0]!;
    const prod = view.access.find((a) => a.accountName === "production" && a.permissionSet === "BIReadOnly")!;
    expect(prod.via).toEqual(["bi-analysts", "auditors"].sort());
    expect(prod.privileged).toBe(true);
    expect(prod.expires).toBeUndefined(); // the auditors grant never expires
  });
});
