import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  assignmentStackOf,
  BASE_STACK,
  compareStacks,
  isSharded,
  layoutFile,
  layoutStacks,
  MAX_ASSIGNMENT_SHARDS,
  OKTA_STACK,
  shardOf,
  shardStackName,
  synthesizedStacks,
  WORKFLOW_STACK_LIMIT,
} from "../../src/layout/index.js";
import { loadModel } from "../../src/model/index.js";
import { copyExampleModel } from "../diff/cli-helpers.js";

const ids = Array.from({ length: 2000 }, (_, i) => String(100000000000 + i * 7919).padStart(12, "0"));

describe("shard layout", () => {
  it("puts every account in the base stack when there is one shard", () => {
    expect(new Set(ids.map((id) => assignmentStackOf(id, 1)))).toEqual(new Set([BASE_STACK]));
  });

  it("gives an account the same shard whatever other accounts exist", () => {
    const before = new Map(ids.slice(0, 1000).map((id) => [id, shardOf(id, 64)]));
    for (const [id, shard] of before) expect(shardOf(id, 64)).toBe(shard);
  });

  it("spreads accounts over every shard roughly evenly", () => {
    const counts = new Array<number>(64).fill(0);
    for (const id of ids) counts[shardOf(id, 64)]! += 1;
    expect(Math.min(...counts)).toBeGreaterThan(2000 / 64 / 3);
    expect(Math.max(...counts)).toBeLessThan((2000 / 64) * 3);
  });

  it("names shards with zero-padded numbers of one width", () => {
    expect(shardStackName(7, 64)).toBe("identity-center-shard-07");
    expect(shardStackName(7, 256)).toBe("identity-center-shard-007");
    expect(shardStackName(0, 2)).toBe("identity-center-shard-0");
  });

  it("refuses a shard count that is not a positive integer", () => {
    expect(() => shardOf("111111111111", 0)).toThrow(/positive integer/);
    expect(() => shardOf("111111111111", 1.5)).toThrow(/positive integer/);
  });
});

describe("stack layout", () => {
  it("orders stacks okta, base, shards by name, anything else last", () => {
    expect(["x", "identity-center-shard-1", "okta", "identity-center-shard-0", "identity-center"].sort(compareStacks)).toEqual([
      "okta",
      "identity-center",
      "identity-center-shard-0",
      "identity-center-shard-1",
      "x",
    ]);
  });

  it("knows one stack from sharded, and every stack of a layout", () => {
    expect(isSharded(1)).toBe(false);
    expect(isSharded(2)).toBe(true);
    expect(layoutStacks(1)).toEqual([OKTA_STACK, BASE_STACK]);
    expect(layoutStacks(3)).toEqual(["okta", "identity-center", "identity-center-shard-0", "identity-center-shard-1", "identity-center-shard-2"]);
    expect(layoutFile(layoutStacks(2)).stacks.map((s) => s.kind)).toEqual(["okta", "base", "shard", "shard"]);
  });

  it("writes the previous layout's shards too while a layout change is under way", () => {
    expect(synthesizedStacks(2, 1)).toEqual(["okta", "identity-center", "identity-center-shard-0", "identity-center-shard-1"]);
    expect(synthesizedStacks(1, 2)).toEqual(["okta", "identity-center", "identity-center-shard-0", "identity-center-shard-1"]);
    expect(synthesizedStacks(10, 11)).toHaveLength(2 + 10 + 11);
  });

  it("caps the shard count at what a workflow matrix can run besides okta and the base", () => {
    expect(MAX_ASSIGNMENT_SHARDS).toBe(254);
    expect(layoutStacks(MAX_ASSIGNMENT_SHARDS)).toHaveLength(WORKFLOW_STACK_LIMIT);
  });
});

describe("the model refuses a layout the workflows cannot run", () => {
  function withLayout(lines: string) {
    const dir = copyExampleModel();
    const file = join(dir, "organization.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("    assignment_shards: 1\n", lines));
    return loadModel(dir, { today: "2026-01-01" }).findings.filter((f) => f.severity === "error");
  }

  it("accepts the largest shard count and refuses one more", () => {
    expect(withLayout(`    assignment_shards: ${MAX_ASSIGNMENT_SHARDS}\n`)).toEqual([]);
    expect(withLayout(`    assignment_shards: ${MAX_ASSIGNMENT_SHARDS + 1}\n`).map((f) => f.message).join("\n")).toContain(`at most ${MAX_ASSIGNMENT_SHARDS}`);
  });

  it("refuses a layout change whose two layouts together have too many stacks", () => {
    const errors = withLayout("    assignment_shards: 200\n    migrate_assignments_from: 100\n");
    expect(errors.map((f) => f.code)).toEqual(["too-many-stacks"]);
    expect(errors[0]!.message).toContain("move in two steps");
    expect(withLayout("    assignment_shards: 100\n    migrate_assignments_from: 64\n")).toEqual([]);
  });
});
