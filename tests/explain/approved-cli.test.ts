// `access approve-plans` (gate job) and `access check-approved` (applying job) as the scripts call them.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runAccess } from "../diff/cli-helpers.js";
import { FIXTURES, planJson } from "./support.js";

const f = (name: string) => join(FIXTURES, name);

describe("access approve-plans / check-approved", () => {
  it("approves gated plans and lets the same plan through, refusing another one with exit 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "approved-"));
    const approved = join(dir, "approved.json");
    const rec = runAccess(["approve-plans", "--out", approved, "--plan", `identity-center=${f("groups.plan.json")}`, "--plan", `okta=${f("okta.plan.json")}`]);
    expect(rec.code, rec.stderr).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(approved, "utf8")).plans).sort()).toEqual(["identity-center", "okta"]);

    expect(runAccess(["check-approved", "--approved", approved, "--plan", `identity-center=${f("groups.plan.json")}`]).code).toBe(0);
    const refused = runAccess(["check-approved", "--approved", approved, "--plan", `identity-center=${f("model-changes.plan.json")}`]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('not approved: identity-center aws_ssoadmin_permission_set.permission_set["ReadOnly"] (update): the gate saw no change here');
    expect(refused.stdout).toContain("nothing was applied");
  });

  it("an errored plan is never approved; unreadable inputs exit 1; missing options exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "approved-"));
    const errored = join(dir, "errored.plan.json");
    writeFileSync(errored, JSON.stringify({ ...planJson("groups"), errored: true }));
    const rec = runAccess(["approve-plans", "--out", join(dir, "a.json"), "--plan", errored]);
    expect(rec.code).toBe(1);
    expect(rec.stderr).toContain("errored");
    writeFileSync(join(dir, "bad.json"), "{}");
    expect(runAccess(["check-approved", "--approved", join(dir, "bad.json"), "--plan", f("groups.plan.json")]).code).toBe(1);
    expect(runAccess(["check-approved", "--approved", join(dir, "missing.json"), "--plan", f("groups.plan.json")]).code).toBe(1);
    expect(runAccess(["check-approved", "--plan", f("groups.plan.json")]).code).toBe(2);
    expect(runAccess(["approve-plans", "--plan", f("groups.plan.json")]).code).toBe(2);
  });
});
