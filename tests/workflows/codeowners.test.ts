// CODEOWNERS silently stops protecting a file that is renamed or moved; these tests notice.
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface Rule {
  line: number;
  pattern: string;
  owners: string[];
}

function parseCodeowners(text: string): Rule[] {
  return text.split("\n").flatMap((raw, i) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return [];
    const [pattern, ...owners] = line.split(/\s+/);
    return [{ line: i + 1, pattern: pattern!, owners }];
  });
}

/** The owners of a path: the last matching rule wins (anchored, directory or exact file patterns). */
function ownersOf(rules: Rule[], path: string): string[] {
  let owners: string[] = [];
  for (const r of rules) {
    const p = r.pattern;
    const matches = p === "*" || (p.endsWith("/") ? `/${path}`.startsWith(p) : `/${path}` === p);
    if (matches) owners = r.owners;
  }
  return owners;
}

describe("CODEOWNERS", () => {
  const rules = parseCodeowners(readFileSync(".github/CODEOWNERS", "utf8"));

  it("names only existing paths", () => {
    const missing = rules.filter((r) => r.pattern !== "*" && !existsSync(`.${r.pattern}`)).map((r) => `line ${r.line}: ${r.pattern}`);
    expect(missing).toEqual([]);
  });

  it("gives every rule at least one @org/team owner and lists each path once", () => {
    expect(rules.filter((r) => r.owners.length === 0 || r.owners.some((o) => !/^@[\w-]+\/[\w-]+$/.test(o)))).toEqual([]);
    const patterns = rules.map((r) => r.pattern);
    expect(patterns.filter((p, i) => patterns.indexOf(p) !== i)).toEqual([]);
  });

  it("has the identity team own the model and the security team alone own every code path", () => {
    expect(ownersOf(rules, "access-model/some-new-team.yaml")).toEqual(["@acme/identity-team"]);
    // One owner per code path: with "platform security" on a line, platform alone could approve.
    for (const path of [".github/workflows/apply.yml", "scripts/ci/terraform-plan.sh", ".github/CODEOWNERS", "stacks/okta-stack.ts", "src/model/privilege.ts", "package.json", "package-lock.json", "tsconfig.json", "cdktf.json", "terraform/okta/versions.tf", "main.ts"]) {
      expect([path, ownersOf(rules, path)]).toEqual([path, ["@acme/security"]]);
    }
  });

  it("catches a renamed file (the checker itself works)", () => {
    const broken = parseCodeowners("/access-model/no-such-file.yaml @acme/identity-team\n");
    expect(broken.filter((r) => !existsSync(`.${r.pattern}`))).toHaveLength(1);
  });
});

describe("pull request template", () => {
  const template = readFileSync(".github/pull_request_template.md", "utf8");
  it("asks what access changes, why, who approved it and until when", () => {
    const headings = template.split("\n").filter((l) => l.startsWith("## ")).map((l) => l.slice(3));
    expect(headings).toEqual(["What access changes", "Why", "Who approved the access", "Until when", "Checklist"]);
  });
});
