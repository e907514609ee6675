// A layout change (assignment_shards with migrate_assignments_from) must be a change of its own:
// the move forgets moved accounts' assignments in the old stack, so a revocation in the same
// change would be forgotten instead of deleted. `access diff` refuses the mix (the PR check fails,
// the apply workflow applies nothing).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyExampleModel, runAccess } from "./cli-helpers.js";

function edit(dir: string, file: string, from: string, to: string): string {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
  return dir;
}

const migrated = (dir: string) => edit(dir, "organization.yaml", "    assignment_shards: 1\n", "    assignment_shards: 6\n    migrate_assignments_from: 1\n");
const revokeReporting = (dir: string) => edit(dir, "assignments/data.yaml", "accounts: [data-platform, reporting]", "accounts: [data-platform]");
const diff = (base: string, head: string) => runAccess(["diff", "--base", base, "--head", head, "--format", "json", "--today", "2026-01-01"]);

describe("access diff on a layout change", () => {
  it("accepts a layout change on its own", () => {
    const res = diff(copyExampleModel(), migrated(copyExampleModel()));
    expect(res.code, res.stderr).toBe(0);
  });

  it("refuses a layout change that also revokes access, and says to split it", () => {
    const res = diff(copyExampleModel(), revokeReporting(migrated(copyExampleModel())));
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("moves the assignments from 1 to 6 stack(s)");
    expect(res.stderr).toContain("1 revoked");
    expect(res.stderr).toContain("Make the layout change a pull request of its own");
    // The diff itself is still written, for the PR comment.
    expect(JSON.parse(res.stdout).revoked).toHaveLength(1);
  });

  it("accepts access changes once the layout change is applied, migrate_assignments_from still set or not", () => {
    const base = migrated(copyExampleModel());
    expect(diff(base, revokeReporting(migrated(copyExampleModel()))).code).toBe(0);
    const without = edit(revokeReporting(migrated(copyExampleModel())), "organization.yaml", "    migrate_assignments_from: 1\n", "");
    expect(diff(base, without).code).toBe(0);
  });
});
