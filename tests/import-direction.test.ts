// The model is plain data: load -> validate -> resolve, the access diff and the comment never
// depend on CDKTF or on the stacks; only stacks/ and main.ts translate the model into Terraform.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm)].map((m) => m[1] ?? m[2]!);
}

describe("import direction", () => {
  for (const dir of ["src/model", "src/diff", "src/comment", "src/aws", "src/import", "src/explain", "src/expiring", "src/report", "src/okta", "src/audit", "src/repo", "src/onboarding", "src/elevation"]) {
    it(`${dir} imports neither CDKTF nor the stacks`, () => {
      const offending = sources(dir).flatMap((f) =>
        imports(f)
          .filter((spec) => /^(cdktf|constructs|@cdktf\/)/.test(spec) || spec.includes("/stacks/") || spec.startsWith("../../stacks"))
          .map((spec) => `${f}: ${spec}`),
      );
      expect(offending).toEqual([]);
    });
  }

  it("src/model depends on nothing else of the project", () => {
    const offending = sources("src/model").flatMap((f) => imports(f).filter((spec) => spec.startsWith("../")).map((spec) => `${f}: ${spec}`));
    expect(offending).toEqual([]);
  });

  it("the access diff and the report work without Okta: people come in as plain data", () => {
    const offending = [...sources("src/diff"), ...sources("src/report")].flatMap((f) => imports(f).filter((spec) => spec.includes("/okta/")).map((spec) => `${f}: ${spec}`));
    expect(offending).toEqual([]);
  });

  it("provider classes are imported by deep path, never the package root", () => {
    const offending = [...sources("stacks"), "main.ts"].flatMap((f) =>
      imports(f).filter((spec) => spec === "@cdktf/provider-aws" || spec === "@cdktf/provider-okta").map((spec) => `${f}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});
