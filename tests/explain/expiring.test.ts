// `access expiring`: grants as written (one YAML entry each), their accounts, date, file:line and
// the CODEOWNERS of the granting file.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ownersOf, parseCodeowners } from "../../src/repo/codeowners.js";
import { expiringWithin, loadGrants } from "../../src/model/index.js";
import { copyExampleModel, runAccess } from "../diff/cli-helpers.js";

function modelWithExpiries(): string {
  const dir = copyExampleModel();
  mkdirSync(join(dir, "assignments"), { recursive: true });
  writeFileSync(
    join(dir, "assignments", "temporary.yaml"),
    [
      "assignments:",
      "  - group: bi-analysts",
      "    permission_set: ExecReadOnly",
      "    accounts: [reporting, data-platform]",
      "    expires: 2027-01-10",
      "  - group: sre-oncall",
      "    permission_set: BIReadOnly",
      "    accounts: [reporting]",
      "    expires: 2027-01-31",
      "  - group: finance-data",
      "    permission_set: BIReadOnly",
      "    accounts: [reporting]",
      "    expires: 2026-12-31",
      "",
    ].join("\n"),
  );
  return dir;
}

describe("grants that expire", () => {
  it("selects grants whose last day is within DAYS of today, today included, past ones excluded", () => {
    const { grants } = loadGrants(modelWithExpiries());
    const soon = expiringWithin(grants!, "2027-01-01", 10);
    expect(soon.map((g) => [g.group, g.permissionSet, g.expires])).toEqual([["bi-analysts", "ExecReadOnly", "2027-01-10"]]);
    expect(soon[0]!.accounts.map((a) => a.name).sort()).toEqual(["data-platform", "reporting"]);
    expect(soon[0]!.source.file).toMatch(/assignments\/temporary\.yaml$/);
    expect(soon[0]!.source.line).toBe(2);
    expect(expiringWithin(grants!, "2027-01-10", 0).map((g) => g.expires)).toEqual(["2027-01-10"]);
    expect(expiringWithin(grants!, "2027-01-11", 365).map((g) => g.expires)).toEqual(["2027-01-31", "2027-03-31"]);
  });

  it("prints JSON with group, permission set, accounts, date, file:line and owners", () => {
    const dir = modelWithExpiries();
    const res = runAccess(["expiring", "--within", "30", "--model", dir, "--today", "2027-01-05", "--format", "json", "--codeowners", ".github/CODEOWNERS"]);
    expect(res.code, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout);
    expect(out.grants.map((g: { group: string }) => g.group)).toEqual(["bi-analysts", "sre-oncall"]);
    expect(out.grants[0]).toMatchObject({ permission_set: "ExecReadOnly", expires: "2027-01-10", days_left: 5 });
    expect(out.grants[0].source).toMatch(/temporary\.yaml:2$/);
    // The copy lives outside the repository: no CODEOWNERS rule can own it.
    expect(out.grants[0].owners).toEqual([]);
  });

  it("names the CODEOWNERS of the file that grants, last matching rule winning", () => {
    const res = runAccess(["expiring", "--within", "200", "--today", "2026-11-30", "--format", "markdown", "--codeowners", ".github/CODEOWNERS"]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain("| platform-admin | PlatformAdmin |");
    expect(res.stdout).toContain("`access-model/assignments/platform.yaml:14` | @acme/platform-team @acme/security |");
    const rules = parseCodeowners("*  @a\n/access-model/  @b\n/access-model/x/*.yaml @c # comment\n/access-model/x/y.yaml\n");
    expect(ownersOf(rules, "access-model/x/z.yaml")).toEqual(["@c"]);
    expect(ownersOf(rules, "access-model/x/y.yaml")).toEqual([]);
    expect(ownersOf(rules, "access-model/q.yaml")).toEqual(["@b"]);
    expect(ownersOf(rules, "README.md")).toEqual(["@a"]);
  });

  it("says so when nothing expires, and refuses a bad --within", () => {
    const res = runAccess(["expiring", "--within", "7", "--today", "2026-11-30"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe("No grant expires within 7 days of 2026-11-30.\n");
    expect(runAccess(["expiring", "--within", "a week"]).code).toBe(2);
    expect(runAccess(["expiring"]).code).toBe(2);
  });
});
