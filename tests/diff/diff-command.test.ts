import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AccessDiff } from "../../src/diff/types.js";
import { copyExampleModel, EXAMPLE_MODEL, runAccess, tempDir } from "./cli-helpers.js";

describe("access diff command", () => {
  it("prints empty lists in the documented JSON shape and exits 0 when nothing changes", () => {
    const res = runAccess(["diff", "--base", EXAMPLE_MODEL, "--head", copyExampleModel(), "--format", "json"]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ granted: [], revoked: [], permission_sets: [], groups: [], okta: [], risks: [], affected_stacks: [], max_revocation: { share: 0.25, count: 100 } });
  });

  it("reports a new grant in Markdown as who gains what where", () => {
    const head = copyExampleModel();
    const file = join(head, "assignments", "data.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("accounts: [data-platform, reporting]", "accounts: [data-platform, reporting, data-lake-dev]"));
    const res = runAccess(["diff", "--base", EXAMPLE_MODEL, "--head", head]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("- bi-analysts gains BIReadOnly in data-lake-dev (290375184466)");
    expect(res.stdout).toContain("**Grants BIReadOnly to bi-analysts in 1 account.**");
  });

  it("treats a missing base folder as the first change: every assignment of the head is granted", () => {
    const res = runAccess(["diff", "--base", join(tempDir(), "none"), "--head", EXAMPLE_MODEL, "--format", "json"]);
    expect(res.code).toBe(0);
    const diff = JSON.parse(res.stdout) as AccessDiff;
    expect(diff.granted.length).toBeGreaterThan(0);
    expect(diff.revoked).toEqual([]);
    expect(diff.affected_stacks).toEqual(["identity-center", "okta"]);
  });

  it("prints the head's findings with file:line:col and exits 1 when the head is invalid", () => {
    const head = copyExampleModel();
    appendFileSync(join(head, "assignments", "data.yaml"), "  - group: nobody\n    permission_set: BIReadOnly\n    accounts: all\n");
    const res = runAccess(["diff", "--base", EXAMPLE_MODEL, "--head", head, "--format", "json"]);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe("");
    expect(res.stderr).toMatch(/assignments\/data\.yaml:\d+:\d+: error: .*nobody/);
  });

  it("refuses to diff against an invalid base model (exit 1) rather than treating it as empty", () => {
    const base = copyExampleModel();
    writeFileSync(join(base, "groups.yaml"), "groups: [[[\n");
    const res = runAccess(["diff", "--base", base, "--head", EXAMPLE_MODEL, "--format", "json"]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`the base model at ${base} is invalid`);
  });

  it("flags mass revocation according to --revoke-threshold", () => {
    const head = copyExampleModel();
    writeFileSync(join(head, "assignments", "data.yaml"), "assignments: []\n");
    const run = (threshold: string) => JSON.parse(runAccess(["diff", "--base", EXAMPLE_MODEL, "--head", head, "--format", "json", "--revoke-threshold", threshold]).stdout) as AccessDiff;
    expect(run("0.01").risks.map((r) => r.code)).toContain("mass-revocation");
    expect(run("0.5").risks.map((r) => r.code)).not.toContain("mass-revocation");
  });

  it("rejects a threshold outside 0..1 and missing folders with a usage error (exit 2)", () => {
    expect(runAccess(["diff", "--base", EXAMPLE_MODEL, "--head", EXAMPLE_MODEL, "--revoke-threshold", "10%"]).code).toBe(2);
    expect(runAccess(["diff", "--head", EXAMPLE_MODEL]).code).toBe(2);
  });
});
