// One list of "code paths" (src/diff/stacks.ts CODE_PATHS: a change there can change every
// stack's Terraform), and the workflows that check, plan and apply the stacks run for every one of
// them: plan.yml (the PR's code), plan-model.yml (the base's code on the PR's model), apply.yml.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CODE_PATHS, isCodePath } from "../../src/diff/stacks.js";

/** GitHub's path filter glob: `**` any run of characters, `*` any run without a slash. */
function globMatches(glob: string, path: string): boolean {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\u0000").replace(/\*/g, "[^/]*").replace(/\u0000/g, ".*");
  return new RegExp(`^${re}$`).test(path);
}

function pushPaths(file: string): string[] {
  const doc = parse(readFileSync(file, "utf8")) as { on: Record<string, { paths?: string[] } | null> };
  const on = doc.on;
  const paths = on.push?.paths ?? on.pull_request?.paths ?? on.pull_request_target?.paths;
  if (!paths) throw new Error(`${file} has no paths filter`);
  return paths;
}

/** A path under each code path: the folder's files, or the file itself. */
const samples = CODE_PATHS.map((p) => (p.endsWith("/") ? `${p}x/y.ts` : p));

describe("code paths", () => {
  for (const file of [".github/workflows/plan.yml", ".github/workflows/plan-model.yml", ".github/workflows/apply.yml"]) {
    it(`${file} runs for every code path and the model`, () => {
      const filters = pushPaths(file);
      const uncovered = [...samples, "access-model/groups.yaml", "terraform/okta/.terraform.lock.hcl"].filter((p) => !filters.some((g) => globMatches(g, p)));
      expect(uncovered).toEqual([]);
    });

    it(`${file} filters on nothing but code paths, the model, the CI scripts, the workflows and their actions`, () => {
      const other = pushPaths(file).filter((g) => {
        const sample = g.replace(/\*\*$/, "x/y.ts").replace(/\*/g, "x");
        return !isCodePath(sample) && !g.startsWith("access-model/") && !g.startsWith("scripts/ci/") && !g.startsWith(".github/workflows/") && !g.startsWith(".github/actions/");
      });
      expect(other).toEqual([]);
    });
  }

  it("the glob matcher reads ** and * as GitHub does", () => {
    expect(globMatches("src/**", "src/a/b.ts")).toBe(true);
    expect(globMatches("main.ts", "main.ts")).toBe(true);
    expect(globMatches("main.ts", "src/main.ts")).toBe(false);
    expect(globMatches("scripts/*.sh", "scripts/ci/a.sh")).toBe(false);
  });
});
