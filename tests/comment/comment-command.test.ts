import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GITHUB_COMMENT_LIMIT } from "../../src/comment/fit.js";
import { COMMENT_MARKER } from "../../src/comment/render.js";
import { copyExampleModel, EXAMPLE_MODEL, runAccess, tempDir } from "../diff/cli-helpers.js";
import { FIXTURES, largePlanJson } from "./plan-fixtures.js";

const IC_PLAN = join(FIXTURES, "identity-center.plan.json");
const OKTA_PLAN = join(FIXTURES, "okta.plan.json");

function headWithNewGrant(): string {
  const head = copyExampleModel();
  const file = join(head, "assignments", "data.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("accounts: [data-platform, reporting]", "accounts: [data-platform, reporting, data-lake-dev]"));
  return head;
}

describe("access comment command", () => {
  it("builds the comment from a diff JSON file and per-stack plan files", () => {
    const dir = tempDir();
    const diffFile = join(dir, "diff.json");
    const diff = runAccess(["diff", "--base", EXAMPLE_MODEL, "--head", headWithNewGrant(), "--format", "json"]);
    writeFileSync(diffFile, diff.stdout);
    const res = runAccess(["comment", "--diff", diffFile, "--plan", `okta=${OKTA_PLAN}`, "--plan", `identity-center=${IC_PLAN}`]);
    expect(res.code).toBe(0);
    const lines = res.stdout.split("\n");
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[2]).toMatch(/^\*\*Access plan:\*\* Grants BIReadOnly to bi-analysts in 1 account\. Terraform: okta 2 to add; identity-center /);
    expect(res.stdout).toContain("- bi-analysts gains BIReadOnly in data-lake-dev (290375184466)");
    expect(res.stdout).toContain("> [!CAUTION]");
  });

  it("computes the diff from --base and --head folders, marks affected stacks without a plan as missing with the reason, and the others as not affected", () => {
    const res = runAccess(["comment", "--base", EXAMPLE_MODEL, "--head", headWithNewGrant(), "--missing", "identity-center=no credentials: fork PR", "--title", "Fork PR"]);
    expect(res.code).toBe(0);
    expect(res.stdout.split("\n")[2]).toMatch(/^\*\*Fork PR:\*\* Grants BIReadOnly to bi-analysts/);
    expect(res.stdout).toContain("| identity-center | – | – | – | – | **plan missing**: no credentials: fork PR |");
    expect(res.stdout).not.toContain("| okta |");
    expect(res.stdout).toContain("**Not planned** (not affected by this change): 1 stack, `okta`.");
  });

  it("lists the head's findings when the head model is invalid, and still writes the comment", () => {
    const head = copyExampleModel();
    writeFileSync(join(head, "assignments", "data.yaml"), "assignments:\n  - group: nobody\n    permission_set: BIReadOnly\n    accounts: all\n");
    const res = runAccess(["comment", "--base", EXAMPLE_MODEL, "--head", head]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/The model has \d+ validation errors?/);
    expect(res.stdout).toMatch(/- ❌ `[^`]*assignments\/data\.yaml:2:\d+`/);
  });

  it("reads validation findings written by access validate --format json", () => {
    const dir = tempDir();
    const file = join(dir, "findings.json");
    writeFileSync(file, JSON.stringify([{ file: "access-model/groups.yaml", line: 4, col: 3, severity: "error", code: "x", message: "bad group" }]));
    const res = runAccess(["comment", "--validation", file, "--missing", "okta=model invalid", "--missing", "identity-center=model invalid"]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain("- ❌ `access-model/groups.yaml:4:3` bad group");
  });

  it("says a plan file that cannot be read is missing, and says why on stderr", () => {
    const dir = tempDir();
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"values": {}}');
    const res = runAccess(["comment", "--base", EXAMPLE_MODEL, "--head", EXAMPLE_MODEL, "--plan", `okta=${bad}`, "--plan", `identity-center=${join(dir, "absent.json")}`]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/\| okta \| – \| – \| – \| – \| \*\*plan missing\*\*: the plan file could not be read \(not a Terraform JSON plan/);
    expect(res.stdout).toMatch(/\| identity-center \| – .*cannot read identity-center plan/);
    expect(res.stderr).toContain("access comment: okta: the plan file could not be read");
  });

  it("writes a comment under GitHub's limit for a 20,000-change plan, to --output", () => {
    const dir = tempDir();
    const plan = join(dir, "ic.json");
    writeFileSync(plan, JSON.stringify(largePlanJson(20_000, [["create"], ["delete"]])));
    const out = join(dir, "comment.md");
    const res = runAccess(["comment", "--base", EXAMPLE_MODEL, "--head", EXAMPLE_MODEL, "--plan", `identity-center=${plan}`, "--missing", "okta=skipped", "--output", out]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe("");
    const md = readFileSync(out, "utf8");
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(md).toContain("> **identity-center** will destroy 10000 resources.");
    expect(md.split("\n")[2]).toBe("**Access plan:** No access change. Terraform: okta plan missing; identity-center 10000 to add, 10000 to destroy.");
  });

  it("rejects unreadable diff files (exit 1) and malformed options (exit 2)", () => {
    expect(runAccess(["comment", "--diff", join(tempDir(), "none.json")]).code).toBe(1);
    expect(runAccess(["comment", "--plan", "okta"]).code).toBe(2);
    expect(runAccess(["comment", "--plan", `okta=${OKTA_PLAN}`, "--missing", "okta=why"]).code).toBe(2);
    expect(runAccess(["comment", "--diff", "x.json", "--base", EXAMPLE_MODEL, "--head", EXAMPLE_MODEL]).code).toBe(2);
  });
});
