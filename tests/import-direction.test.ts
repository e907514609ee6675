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
  for (const dir of ["src/layout", "src/terraform", "src/rollout", "src/model", "src/stack-contents", "src/diff", "src/comment", "src/aws", "src/import", "src/explain", "src/expiring", "src/report", "src/okta", "src/audit", "src/repo", "src/revocation", "src/person", "src/scim", "src/onboarding", "src/elevation"]) {
    it(`${dir} imports neither CDKTF nor the stacks`, () => {
      const offending = sources(dir).flatMap((f) =>
        imports(f)
          .filter((spec) => /^(cdktf|constructs|@cdktf\/)/.test(spec) || spec.includes("/stacks/") || spec.startsWith("../../stacks"))
          .map((spec) => `${f}: ${spec}`),
      );
      expect(offending).toEqual([]);
    });
  }

  it("src/layout depends on nothing of the project", () => {
    const offending = sources("src/layout").flatMap((f) => imports(f).filter((spec) => spec.startsWith(".")).filter((spec) => !spec.startsWith("./")).map((spec) => `${f}: ${spec}`));
    expect(offending).toEqual([]);
  });

  it("src/terraform (plan reader, resource catalogue) depends on nothing of the project", () => {
    const offending = sources("src/terraform").flatMap((f) => imports(f).filter((spec) => spec.startsWith("../")).map((spec) => `${f}: ${spec}`));
    expect(offending).toEqual([]);
  });

  it("explain does not import the comment (the comment builds on explain, not the reverse)", () => {
    const offending = sources("src/explain").flatMap((f) => imports(f).filter((spec) => spec.includes("/comment/")).map((spec) => `${f}: ${spec}`));
    expect(offending).toEqual([]);
  });

  it("src/model depends on nothing else of the project but the stack layout", () => {
    const offending = sources("src/model").flatMap((f) =>
      imports(f)
        .filter((spec) => spec.startsWith("../") && !spec.startsWith("../layout/"))
        .map((spec) => `${f}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it("src/stack-contents reads only the model, the layout and the revocation's model facts", () => {
    const allowed = ["../model/", "../layout/", "../revocation/model-facts.js"];
    const offending = sources("src/stack-contents").flatMap((f) =>
      imports(f)
        .filter((spec) => spec.startsWith("../") && !allowed.some((a) => spec.startsWith(a)))
        .map((spec) => `${f}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it("the access diff and the report work without Okta: people come in as plain data", () => {
    const offending = [...sources("src/diff"), ...sources("src/report")].flatMap((f) => imports(f).filter((spec) => spec.includes("/okta/")).map((spec) => `${f}: ${spec}`));
    expect(offending).toEqual([]);
  });

  it("the entry points are thin: main.ts (CDKTF app, npm run synth) runs the synth command, src/cli/main.ts only dispatches", () => {
    expect(imports("main.ts")).toEqual(["./src/cli/commands/synth.js"]);
    const dispatcher = imports("src/cli/main.ts").filter((spec) => !spec.startsWith("node:"));
    expect(dispatcher.filter((spec) => !spec.startsWith("./commands/") && spec !== "./command.js")).toEqual([]);
  });

  it("in src/cli only the synth command reaches CDKTF (through stacks/): every other command stays light", () => {
    const offending = sources("src/cli").flatMap((f) =>
      imports(f)
        .filter((spec) => /^(cdktf|constructs|@cdktf\/)/.test(spec) || spec.includes("/stacks/"))
        .map((spec) => `${f}: ${spec}`),
    );
    expect(offending.every((line) => line.startsWith(join("src/cli/commands/synth.ts")))).toBe(true);
    expect(offending.length).toBeGreaterThan(0);
  });

  it("provider classes are imported by deep path, never the package root", () => {
    const offending = [...sources("stacks"), "main.ts"].flatMap((f) =>
      imports(f).filter((spec) => spec === "@cdktf/provider-aws" || spec === "@cdktf/provider-okta").map((spec) => `${f}: ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});
