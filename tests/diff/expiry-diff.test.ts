// The access diff learns time: base and head resolved at different dates make the revocations
// caused by expiry visible, with reason "expired" (the example org's platform-admin grant ends
// 2027-03-31).
import { describe, expect, it } from "vitest";
import type { AccessDiff } from "../../src/diff/types.js";
import { EXAMPLE_MODEL, runAccess } from "./cli-helpers.js";

const diff = (...args: string[]) => {
  const res = runAccess(["diff", "--base", EXAMPLE_MODEL, "--head", EXAMPLE_MODEL, ...args]);
  expect(res.code, res.stderr).toBe(0);
  return res.stdout;
};

describe("access diff across an expiry", () => {
  it("reports the grant's triples as revoked with reason expired when the head's date is past it", () => {
    const d = JSON.parse(diff("--format", "json", "--base-today", "2027-03-31", "--head-today", "2027-04-01")) as AccessDiff;
    expect(d.revoked.length).toBe(21);
    expect(d.revoked.every((t) => t.group === "platform-admin" && t.permission_set === "PlatformAdmin" && t.reason === "expired" && t.expires === "2027-03-31")).toBe(true);
    expect(d.granted).toEqual([]);
    expect(d.affected_stacks).toContain("identity-center");
  });

  it("resolving both sides at one date (--today) shows no revocation: the issue's blind spot", () => {
    const d = JSON.parse(diff("--format", "json", "--today", "2027-04-01")) as AccessDiff;
    expect(d.revoked).toEqual([]);
  });

  it("--base-today alone falls back to --today (then ACCESS_TODAY) for the head", () => {
    const d = JSON.parse(diff("--format", "json", "--base-today", "2027-03-01", "--today", "2027-04-02")) as AccessDiff;
    expect(d.revoked).toHaveLength(21);
    const viaEnv = runAccess(["diff", "--base", EXAMPLE_MODEL, "--head", EXAMPLE_MODEL, "--format", "json", "--base-today", "2027-03-01"], { ACCESS_TODAY: "2027-04-02" });
    expect((JSON.parse(viaEnv.stdout) as AccessDiff).revoked).toHaveLength(21);
  });

  it("says in Markdown that the access was lost to expiry, and when", () => {
    const md = diff("--base-today", "2027-03-31", "--head-today", "2027-04-01");
    expect(md).toContain("Access revoked (21 assignments)");
    expect(md).toContain("- platform-admin loses PlatformAdmin in 21 accounts (expired: its grant ended 2027-03-31)");
  });

  it("carries a granted triple's expiry date, for the comment's 14-day warning", () => {
    const res = runAccess(["diff", "--base", "/nonexistent-base", "--head", EXAMPLE_MODEL, "--format", "json", "--today", "2027-03-20"]);
    const d = JSON.parse(res.stdout) as AccessDiff;
    expect(d.granted.filter((t) => t.expires === "2027-03-31")).toHaveLength(21);
    expect(d.granted.filter((t) => t.group !== "platform-admin" && t.expires !== undefined)).toEqual([]);
  });

  it("rejects a malformed date with a usage error", () => {
    expect(runAccess(["diff", "--base", EXAMPLE_MODEL, "--head", EXAMPLE_MODEL, "--base-today", "2027-02-30x"]).code).toBe(2);
  });
});
