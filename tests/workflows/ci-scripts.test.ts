// The workflows call scripts/ci/*.sh directly: each must exist, be executable (the mode is what
// git stores), parse, and stop at the first error.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadWorkflows } from "./workflow-checks.js";

const DIR = "scripts/ci";
const scripts = readdirSync(DIR).filter((f) => f.endsWith(".sh")).sort();

describe("scripts/ci", () => {
  it("has every script a workflow calls", () => {
    const called = new Set<string>();
    for (const wf of loadWorkflows()) for (const m of wf.text.matchAll(/scripts\/ci\/([\w.-]+\.sh)/g)) called.add(m[1]!);
    expect([...called].filter((s) => !scripts.includes(s))).toEqual([]);
    expect(called.size).toBeGreaterThan(0);
  });

  for (const script of scripts) {
    it(`${script} is executable, parses, and uses strict mode`, () => {
      const path = join(DIR, script);
      expect(statSync(path).mode & 0o111).toBe(0o111);
      const syntax = spawnSync("bash", ["-n", path], { encoding: "utf8" });
      expect(syntax.stderr).toBe("");
      const text = readFileSync(path, "utf8");
      expect(text.startsWith("#!/usr/bin/env bash\n")).toBe(true);
      expect(text).toContain("\nset -euo pipefail\n");
    });
  }
});
