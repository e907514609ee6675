// `access diff --changed-files` on real YAML: a sharded copy of the example model, expiry, and
// code changes that put every stack in affected_stacks.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { layoutStacks } from "../../src/layout/index.js";
import type { AccessDiff } from "../../src/diff/types.js";
import { assignmentStackOf } from "../../src/layout/index.js";
import { copyExampleModel, runAccess, tempDir } from "./cli-helpers.js";

const SHARDS = 6;

function sharded(): string {
  const dir = copyExampleModel();
  const org = join(dir, "organization.yaml");
  const text = readFileSync(org, "utf8");
  if (!/\n {4}assignment_shards: \d+/.test(text)) throw new Error("the example organization.yaml no longer states assignment_shards");
  writeFileSync(org, text.replace(/\n {4}assignment_shards: \d+/, `\n    assignment_shards: ${SHARDS}`));
  return dir;
}

function edit(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, "utf8");
  if (!text.includes(from)) throw new Error(`${file} has no ${from}`);
  writeFileSync(path, text.replace(from, to));
}

function diff(base: string, head: string, extra: string[] = []): AccessDiff {
  const res = runAccess(["diff", "--base", base, "--head", head, "--format", "json", ...extra]);
  expect(res.code, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as AccessDiff;
}

describe("access diff affected_stacks on a sharded model", () => {
  let base: string;
  beforeAll(() => {
    base = sharded();
  });

  it("extending a grant's expiry while it is valid touches nothing; renewing an expired grant touches only the shards of its accounts", () => {
    const head = sharded();
    edit(head, "assignments/platform.yaml", "expires: 2027-03-31", "expires: 2027-06-30");
    expect(diff(base, head, ["--today", "2026-11-30"]).affected_stacks).toEqual([]);

    const renewed = diff(base, head, ["--today", "2027-04-01"]);
    expect(renewed.granted.length).toBeGreaterThan(1);
    const shards = [...new Set(renewed.granted.map((t) => assignmentStackOf(t.account_id, SHARDS)))].sort();
    expect(shards.length).toBeGreaterThan(1);
    expect(renewed.affected_stacks).toEqual(shards);
  });

  it("--base-today resolves the base as of the day it was applied: grants that expired since are revoked, in their shards", () => {
    const sinceApplied = diff(base, base, ["--today", "2027-04-01", "--base-today", "2027-03-30"]);
    expect(sinceApplied.revoked.length).toBeGreaterThan(1);
    expect(new Set(sinceApplied.revoked.map((t) => t.group))).toEqual(new Set(["platform-admin"]));
    const shards = [...new Set(sinceApplied.revoked.map((t) => assignmentStackOf(t.account_id, SHARDS)))].sort();
    expect(sinceApplied.affected_stacks).toEqual(shards);
    const bad = runAccess(["diff", "--base", base, "--head", base, "--base-today", "yesterday"]);
    expect(bad.code).toBe(2);
  });

  it("reads --changed-files: a change under src/ plans every stack, a docs change none", () => {
    const files = join(tempDir(), "changed.txt");
    writeFileSync(files, "README.md\n\nsrc/model/resolve.ts\n");
    expect(diff(base, base, ["--changed-files", files]).affected_stacks).toEqual(layoutStacks(SHARDS).sort());
    writeFileSync(files, "README.md\ndocs/setup.md\n");
    expect(diff(base, base, ["--changed-files", files]).affected_stacks).toEqual([]);
  });

  it("refuses an unreadable --changed-files with a usage error", () => {
    const res = runAccess(["diff", "--base", base, "--head", base, "--changed-files", join(tempDir(), "missing.txt")]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--changed-files: cannot read");
  });
});
