// The access diff and explain with hour expiries: ACCESS_NOW / --now drive time, and a grant that
// ends at 18:00 is revoked (reason expired) by a head resolved at 18:00, not before.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AccessDiff } from "../../src/diff/types.js";
import { copyExampleModel, runAccess } from "./cli-helpers.js";

describe("access diff at an hour", () => {
  const model = copyExampleModel();
  writeFileSync(
    join(model, "assignments", "oncall-elevation.yaml"),
    "assignments:\n  - group: sre-oncall\n    permission_set: PlatformAdmin\n    accounts: [payments-prod]\n    expires: 2027-01-05T18:00Z\n",
  );

  it("shows the hour grant revoked as expired from its hour on, with base and head at two hours", () => {
    const res = runAccess(["diff", "--base", model, "--head", model, "--format", "json", "--base-today", "2027-01-05T17:00Z", "--head-today", "2027-01-05T18:00Z"]);
    expect(res.code, res.stderr).toBe(0);
    const d = JSON.parse(res.stdout) as AccessDiff;
    expect(d.revoked).toEqual([expect.objectContaining({ group: "sre-oncall", permission_set: "PlatformAdmin", reason: "expired", expires: "2027-01-05T18:00Z" })]);
  });

  it("ACCESS_NOW drives the head when no head date is given; an instant without a zone is refused", () => {
    const before = runAccess(["diff", "--base", model, "--head", model, "--format", "json", "--base-today", "2027-01-05"], { ACCESS_NOW: "2027-01-05T17:59Z", ACCESS_TODAY: "" });
    expect((JSON.parse(before.stdout) as AccessDiff).revoked).toEqual([]);
    const bad = runAccess(["diff", "--base", model, "--head", model, "--now", "2027-01-05T18:00"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--now 2027-01-05T18:00 has no time zone");
  });
});
