import { copyFileSync, existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseModelFile } from "../../src/model/source.js";
import { loadModel } from "../../src/model/index.js";
import { baseFiles, errors, lines, writeModel } from "./fixtures.js";

describe("hostile input ends in a clean error, never a crash or a hang", () => {
  it("refuses aliases that expand to a huge document", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 10; i++) bomb.push(`${"abcdefghij"[i]}: &${"abcdefghij"[i]} [*${"abcdefghij"[i - 1]}, *${"abcdefghij"[i - 1]}, *${"abcdefghij"[i - 1]}, *${"abcdefghij"[i - 1]}, *${"abcdefghij"[i - 1]}, *${"abcdefghij"[i - 1]}, *${"abcdefghij"[i - 1]}, *${"abcdefghij"[i - 1]}, *${"abcdefghij"[i - 1]}]`);
    const found = lines(errors(baseFiles({ "bomb.yaml": `groups:\n  - name: g\n    source: managed\n    description: x\nextra:\n${bomb.map((l) => "  " + l).join("\n")}\n` })));
    expect(found).toEqual(["bomb.yaml:1:1: YAML aliases expand to too large a document (possible alias bomb); write the values out instead of nesting aliases"]);
  });

  it("refuses files over 1 MiB without reading them as YAML", () => {
    const big = "groups:\n" + "  - { name: g, source: managed }\n".repeat(40_000);
    const found = lines(errors(baseFiles({ "big.yaml": big })));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^big\.yaml:1:1: file is \d+ bytes; model files must be at most 1 MiB: split it into several files$/);
  });

  it("refuses deeply nested values", () => {
    const deep = "groups:\n  - name: g\n    source: managed\n    description: " + "[".repeat(200) + "]".repeat(200) + "\n";
    const flowFound = lines(errors(baseFiles({ "deep.yaml": deep })));
    expect(flowFound).toHaveLength(1);
    expect(flowFound[0]).toMatch(/^deep\.yaml:\d+:\d+: values are nested deeper than 64 levels/);
    const veryDeep = "x: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
    const found = errors(baseFiles({ "deeper.yaml": veryDeep }));
    expect(found).toHaveLength(1);
    expect(found[0]!.file).toBe("deeper.yaml");
  });

  it("refuses binary garbage with a clean message", () => {
    const found = errors(baseFiles({ "junk.yaml": "\u0000\u0001\u0002: [\u00ff" }));
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => f.file === "junk.yaml" && f.line >= 1 && f.col >= 1)).toBe(true);
  });
});

// Beside the project in CI and on this workplace's machines; YAML_TEST_SUITE_DIR names another copy.
const CORPUS = process.env.YAML_TEST_SUITE_DIR ?? join(__dirname, "..", "..", "..", "shared", "corpora", "yaml-test-suite");

function corpusCases(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (!statSync(p).isDirectory()) continue;
    if (existsSync(join(p, "in.yaml"))) out.push(join(p, "in.yaml"));
    out.push(...corpusCases(p));
  }
  return out;
}

describe("the YAML project's conformance suite as model files", () => {
  // The corpus lives beside the project in CI and on developer machines of this workplace, not
  // in a user's clone: where it is absent the test says so in its name and fails nothing.
  const present = existsSync(CORPUS);
  const cases = present ? corpusCases(CORPUS) : [];

  it(present ? `loads all ${cases.length} cases into a model or a clean error` : "did NOT run: ../shared/corpora/yaml-test-suite is absent", () => {
    if (!present) {
      console.warn(`yaml-test-suite corpus not found at ${CORPUS}; the conformance test did not run`);
      return;
    }
    expect(cases.length).toBeGreaterThan(300);
    let clean = 0;
    for (const file of cases) {
      const parsed = parseModelFile(file, file);
      for (const f of parsed.findings) {
        expect(f.file).toBe(file);
        expect(f.line).toBeGreaterThanOrEqual(1);
        expect(f.col).toBeGreaterThanOrEqual(1);
        expect(f.message).not.toMatch(/\n\s+at /); // no stack traces
      }
      // And through the whole loader, as a model folder holding that one file.
      const dir = writeModel({ "case.yaml": "" });
      copyFileSync(file, join(dir, "case.yaml"));
      const result = loadModel(dir);
      expect(result.model !== undefined || result.findings.some((f) => f.severity === "error")).toBe(true);
      for (const f of result.findings) expect(f.message.length).toBeGreaterThan(0);
      clean++;
    }
    expect(clean).toBe(cases.length);
  });
});
