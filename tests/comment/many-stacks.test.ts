// The comment for a sharded org: one section per planned stack, the skipped stacks and why, and
// GitHub's 65,536-character limit kept with 100 shards.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GITHUB_COMMENT_LIMIT } from "../../src/comment/fit.js";
import { summarizePlanJson, type PlanSummary } from "../../src/comment/plan.js";
import { COMMENT_MARKER, renderComment, type StackPlan } from "../../src/comment/render.js";
import { compactStackList } from "../../src/diff/stack-list.js";
import { layoutStacks } from "../../src/layout/index.js";
import { readFileSync } from "node:fs";
import { copyExampleModel, runAccess, tempDir } from "../diff/cli-helpers.js";
import { largePlanJson } from "./plan-fixtures.js";

const STACKS = layoutStacks(100); // okta, identity-center, identity-center-shard-00..99
const SHARDS = STACKS.slice(2);

/** A plan with `n` changes cycling through the actions, assignments keyed like a shard's. */
function planOf(n: number, actions: string[][], waiting = false): PlanSummary {
  const json = largePlanJson(n, actions) as { resource_changes: { change: { after_unknown: object } }[] };
  if (waiting) for (const rc of json.resource_changes) rc.change.after_unknown = { principal_id: true };
  return summarizePlanJson(json);
}

const NO_CHANGES = summarizePlanJson({ format_version: "1.2", resource_changes: [] });

describe("stack lists", () => {
  it("reads runs of shards as ranges and keeps other names", () => {
    expect(compactStackList(["okta", "identity-center", ...SHARDS.slice(0, 4), SHARDS[6]!, SHARDS[8]!, SHARDS[9]!])).toBe(
      "`okta`, `identity-center`, `identity-center-shard-00` … `identity-center-shard-03`, `identity-center-shard-06`, `identity-center-shard-08`, `identity-center-shard-09`",
    );
    expect(compactStackList([])).toBe("");
  });
});

describe("PR comment with many stacks", () => {
  it("one section per planned stack, the skipped ones named with the reason, under the limit", () => {
    const planned = new Set(["okta", "identity-center", ...SHARDS.filter((_, i) => i % 3 === 0)]);
    const stacks: StackPlan[] = STACKS.map((name, i) =>
      planned.has(name) ? { name, plan: planOf(4 + (i % 5), [["create"], ["update"]]) } : { name, skipped: "not affected by this change" },
    );
    const md = renderComment({ stacks });
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(md.split("\n")[0]).toBe(COMMENT_MARKER);
    for (const name of planned) {
      expect(md).toContain(`| ${name} |`);
      expect(md).toContain(`<details><summary>${name}: `);
    }
    expect(md).toContain(`**Not planned** (not affected by this change): ${100 - (planned.size - 2)} stacks, \`identity-center-shard-01\`, \`identity-center-shard-02\`, \`identity-center-shard-04\``);
    expect(md).not.toContain("| identity-center-shard-01 |");
    expect(md.split("\n")[2]).toMatch(/ Terraform: 36 stacks planned, 36 with changes \([\d]+ to add, [\d]+ to change\); 66 stacks not planned\.$/);
    expect(md).not.toContain("_Cut ");
  });

  it("stays under 65,536 characters when all 100 shards plan 20,000 destroys, replaces and waiting groups each", () => {
    const heavy = planOf(20_000, [["delete"], ["delete", "create"], ["create"]], true);
    const stacks: StackPlan[] = STACKS.map((name) => ({ name, plan: heavy }));
    const md = renderComment({ stacks });
    expect(md.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    for (const name of STACKS) expect(md).toContain(`| ${name} |`);
    expect(md).toContain("> [!CAUTION]");
    expect(md).toContain("82 more stacks will destroy or replace resources (see the table)");
    expect(md).toMatch(/> - … and \d+ more waiting \(group, stack\) pairs/);
    expect(md).toMatch(/_Terraform changes of \d+ more stacks \(.*\) left out to stay under GitHub's comment limit/);
    expect(md.split("<details>").length).toBe(md.split("</details>").length);
    expect((md.match(/^\s*```/gm) ?? []).length % 2).toBe(0);
  });

  it("folds stacks without changes into one line, keeps missing plans as rows", () => {
    const stacks: StackPlan[] = [
      { name: "okta", plan: planOf(2, [["create"]]) },
      { name: "identity-center", missing: "terraform plan failed" },
      ...SHARDS.map((name) => ({ name, plan: NO_CHANGES })),
    ];
    const md = renderComment({ stacks });
    expect(md).toContain("| identity-center | – | – | – | – | **plan missing**: terraform plan failed |");
    expect(md).toContain("No changes in 100 stacks: `identity-center-shard-00` … `identity-center-shard-99`.");
    expect(md).not.toContain("| identity-center-shard-00 |");
    expect(md.split("\n")[2]).toContain("1 plan **missing**");
  });

  it("keeps the per-stack words in the first line for a few stacks", () => {
    const md = renderComment({
      stacks: [
        { name: SHARDS[3]!, plan: planOf(3, [["create"]]) },
        { name: "okta", skipped: "not affected by this change" },
        { name: "identity-center", skipped: "not affected by this change" },
      ],
    });
    expect(md.split("\n")[2]).toBe("**Access plan:** Access diff not available. Terraform: identity-center-shard-03 3 to add; 2 stacks not planned.");
  });
});

describe("access comment with any number of stacks", () => {
  it("takes --plan for every planned stack and lists the manifest's other stacks as not affected", () => {
    const dir = tempDir();
    const plans = join(dir, "plans");
    mkdirSync(plans);
    const planned = ["okta", ...SHARDS.slice(10, 60)];
    const args = ["comment"];
    for (const name of planned) {
      const file = join(plans, `${name}.plan.json`);
      writeFileSync(file, JSON.stringify(largePlanJson(5, [["create"]])));
      args.push("--plan", `${name}=${file}`);
    }
    const diff = { granted: [], revoked: [], permission_sets: [], groups: [], okta: [], risks: [], affected_stacks: [...planned].sort() };
    writeFileSync(join(dir, "diff.json"), JSON.stringify(diff));
    const manifest = { version: "0.21.0", stacks: Object.fromEntries(STACKS.map((s) => [s, { name: s, dependencies: [] }])) };
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
    const res = runAccess([...args, "--diff", join(dir, "diff.json"), "--manifest", join(dir, "manifest.json")]);
    expect(res.code, res.stderr).toBe(0);
    for (const name of planned) expect(res.stdout).toContain(`| ${name} | 5 | 0 | 0 | 0 |`);
    expect(res.stdout).toContain(
      "**Not planned** (not affected by this change): 51 stacks, `identity-center`, `identity-center-shard-00` … `identity-center-shard-09`, `identity-center-shard-60` … `identity-center-shard-99`.",
    );
    expect(res.stdout.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
  });

  it("with --base/--head on a sharded model, lists the head layout's unaffected stacks without a manifest", () => {
    const sharded = () => {
      const dir = copyExampleModel();
      const org = join(dir, "organization.yaml");
      const text = readFileSync(org, "utf8");
      expect(text).toMatch(/\n {4}assignment_shards: \d+/);
      writeFileSync(org, text.replace(/\n {4}assignment_shards: \d+/, "\n    assignment_shards: 4"));
      return dir;
    };
    const base = sharded();
    const head = sharded();
    const file = join(head, "assignments", "data.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("accounts: [data-platform, reporting]", "accounts: [data-platform, reporting, data-lake-dev]"));
    const res = runAccess(["comment", "--base", base, "--head", head]);
    expect(res.code, res.stderr).toBe(0);
    const planned = res.stdout.split("\n").filter((l) => /^\| identity-center-shard-\d \|/.test(l));
    expect(planned).toHaveLength(1);
    expect(planned[0]).toContain("**plan missing**: no plan was given for this stack");
    expect(res.stdout).toMatch(/\*\*Not planned\*\* \(not affected by this change\): 5 stacks, `okta`, `identity-center`, /);
  });
});
