// Property tests for the classes of hostile input: seeded, so a failure reproduces everywhere.
import { describe, expect, it } from "vitest";
import { wildcardMatch } from "../../src/model/action-patterns.js";
import { boundedDistance, Suggester } from "../../src/model/suggest.js";
import { logSafe } from "../../src/model/findings.js";
import { nameProblem } from "../../src/model/schema.js";
import { seededRandom } from "../support/random.js";

const rand = seededRandom(11);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const word = (alphabet: string, min: number, max: number) => Array.from({ length: min + Math.floor(rand() * (max - min + 1)) }, () => pick([...alphabet])).join("");

/** Reference matcher: IAM wildcards as a regular expression. */
const reference = (pattern: string, text: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "is").test(text);

describe("action pattern matching (property)", () => {
  it("agrees with a regular-expression reference on random patterns and actions", () => {
    for (let i = 0; i < 3_000; i++) {
      const pattern = word("iam:*?Gx", 1, 8);
      const text = word("iamGx:", 1, 10);
      expect(wildcardMatch(pattern, text), `${pattern} ~ ${text}`).toBe(reference(pattern, text));
    }
  });
});

describe("names with control characters or workflow-command sequences (property)", () => {
  it("refuses every name holding a control character, ##[ or ::, and accepts the rest", () => {
    const controls = [..."\u0000\u0001\u0007\b\t\n\u000b\f\r\u001b\u007f\u0085\u009b"];
    for (let i = 0; i < 2_000; i++) {
      const base = word("abc-_.@ :#[", 1, 12);
      const evil = pick([() => base + pick(controls) + base, () => `${base}##[${base}`, () => `${base}::${base}`])();
      expect(nameProblem(evil), JSON.stringify(evil)).toBeDefined();
      const clean = base.includes("::") || base.includes("##[") ? undefined : base;
      if (clean !== undefined) expect(nameProblem(clean), JSON.stringify(clean)).toBeUndefined();
    }
  });

  it("prints any text as one log line that the runner cannot read as a command", () => {
    for (let i = 0; i < 2_000; i++) {
      const text = word("a:#[\n\r\u0000\u2028 x", 0, 20);
      const line = logSafe(text);
      expect(line).not.toMatch(/[\n\r\u0000\u2028]/);
      expect(line).not.toContain("##[");
      expect(line.startsWith("::")).toBe(false);
    }
  });
});

describe("did-you-mean (property)", () => {
  const full = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };

  it("computes the exact distance whenever it is within the bound", () => {
    for (let i = 0; i < 3_000; i++) {
      const a = word("abcd", 0, 9);
      const b = word("abcd", 0, 9);
      const bound = Math.floor(rand() * 5);
      const exact = full(a, b);
      const got = boundedDistance(a, b, bound);
      if (exact <= bound) expect(got, `${a} ${b}`).toBe(exact);
      else expect(got, `${a} ${b}`).toBeGreaterThan(bound);
    }
  });

  it("suggests a candidate at the smallest distance within the typo limit, like a full scan", () => {
    const names = Array.from({ length: 300 }, () => word("abcdefgh-", 3, 14));
    const suggester = new Suggester(names);
    for (let i = 0; i < 300; i++) {
      const q = word("abcdefgh-", 2, 15);
      const s = suggester.suggest(q);
      const scored = names.map((n) => ({ n, d: full(q, n.toLowerCase()), limit: Math.max(1, Math.floor(Math.max(q.length, n.length) / 3)) })).filter((x) => x.d <= x.limit);
      const best = Math.min(...scored.map((x) => x.d));
      if (scored.length === 0) expect(s, q).toBeUndefined();
      else expect(scored.filter((x) => x.d === best).map((x) => x.n), q).toContain(s);
    }
  });
});

describe("mapping keys that collide once read (property)", () => {
  it("refuses every pair of differently written keys that read as the same text", async () => {
    const { parseModelFile } = await import("../../src/model/source.js");
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "collide-"));
    for (let i = 0; i < 150; i++) {
      const n = Math.floor(rand() * 1000);
      const [a, b] = pick([
        [`${n}`, `"${n}"`],
        [`0x${n.toString(16)}`, `"${n}"`],
        [`0o${n.toString(8)}`, `${n}`],
        ["true", '"true"'],
        ["~", '""'],
        ["null", '""'],
        [`'k${n}'`, `k${n}`],
      ] as const);
      const file = join(dir, `f${i}.yaml`);
      writeFileSync(file, `x: {${a}: 1, ${b}: 2}\n`);
      const codes = parseModelFile(file, "f.yaml").findings.map((f) => f.code);
      expect(codes, `${a} / ${b}`).toEqual(["duplicate-key"]);
    }
  });
});
