// build-plan-comment.sh with the real `access` CLI: the flags the workflow passes are the ones
// `access comment` accepts, and the result is a comment the post job can find and update.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { runScript, tempDir } from "./script-harness.js";

const MARKER = "<!-- access-plan-comment -->";
const ACCESS_CLI = "npx tsx src/cli/main.ts";

function access(args: string[]): string {
  const res = spawnSync("npx", ["tsx", "src/cli/main.ts", ...args], { encoding: "utf8" });
  if (res.status !== 0) throw new Error(`access ${args.join(" ")} exited ${res.status}: ${res.stderr}`);
  return res.stdout;
}

/** A plan in `terraform show -json` form that creates one resource. */
const CREATE_PLAN = {
  format_version: "1.2",
  terraform_version: "1.11.4",
  resource_changes: [
    {
      address: 'terraform_data.group_push["new-team"]',
      mode: "managed",
      type: "terraform_data",
      name: "group_push",
      index: "new-team",
      provider_name: "terraform.io/builtin/terraform",
      change: { actions: ["create"], before: null, after: { input: "new-team" }, after_unknown: { id: true, output: true } },
    },
  ],
};

describe("build-plan-comment.sh with the access CLI", () => {
  let check: string;

  beforeAll(() => {
    // What the check job leaves behind for a first model (no base folder yet).
    check = join(tempDir("check"), "check");
    mkdirSync(check);
    writeFileSync(join(check, "findings.json"), access(["validate", "--format", "json"]));
    writeFileSync(join(check, "diff.json"), access(["diff", "--base", join(check, "no-base"), "--head", "access-model", "--format", "json"]));
  });

  function build(env: Record<string, string>) {
    const plans = join(tempDir("plans"), "plans");
    mkdirSync(plans);
    for (const [stack, plan] of Object.entries(JSON.parse(env.PLANS ?? "{}") as Record<string, object>)) {
      writeFileSync(join(plans, `${stack}.plan.json`), JSON.stringify(plan));
    }
    const out = join(tempDir("comment"), "comment.md");
    const run = runScript("build-plan-comment.sh", [out], {
      ACCESS_CLI,
      CHECK_DIR: check,
      PLANS_DIR: plans,
      CHECK_RESULT: "success",
      RUN_URL: "https://github.com/acme/access/actions/runs/1",
      ...env,
    });
    return { run, text: readFileSync(out, "utf8") };
  }

  it("says both plans are missing for a fork PR, and still shows the access diff", () => {
    const { run, text } = build({ FROM_FORK: "true", PLAN_RESULT: "skipped" });
    expect(run.status, run.stderr).toBe(0);
    expect(text.startsWith(MARKER)).toBe(true);
    const missingRows = text.split("\n").filter((l) => /^\| (okta|identity-center) \|/.test(l));
    expect(missingRows.length).toBe(2);
    for (const row of missingRows) expect(row).toContain("plan missing");
    for (const row of missingRows) expect(row).toContain("get no AWS or Okta credentials");
    expect(text).toContain("bi-analysts");
    expect(text.length).toBeLessThan(65_536);
  });

  it("shows a plan that ran and names the one that failed", () => {
    const plans = JSON.stringify({ okta: CREATE_PLAN });
    const { run, text } = build({ FROM_FORK: "false", PLAN_RESULT: "failure", PLANS: plans });
    expect(run.status, run.stderr).toBe(0);
    const rows = text.split("\n").filter((l) => l.startsWith("| okta") || l.startsWith("| identity-center"));
    expect(rows.find((r) => r.startsWith("| okta"))).not.toContain("plan missing");
    expect(rows.find((r) => r.startsWith("| identity-center"))).toContain("plan missing");
  });

  it("lists the synthesized stacks the change does not affect as not planned", () => {
    const sharded = join(tempDir("check"), "check");
    mkdirSync(join(sharded, "cdktf.out"), { recursive: true });
    writeFileSync(join(sharded, "findings.json"), "[]");
    const diff = { granted: [], revoked: [], permission_sets: [], groups: [], okta: [], risks: [], affected_stacks: ["identity-center-shard-1"] };
    writeFileSync(join(sharded, "diff.json"), JSON.stringify(diff));
    writeFileSync(join(sharded, "stacks.json"), '["identity-center-shard-1"]');
    const names = ["okta", "identity-center", "identity-center-shard-0", "identity-center-shard-1", "identity-center-shard-2"];
    writeFileSync(join(sharded, "cdktf.out", "manifest.json"), JSON.stringify({ stacks: Object.fromEntries(names.map((n) => [n, {}])) }));
    const { run, text } = build({ CHECK_DIR: sharded, FROM_FORK: "false", PLAN_RESULT: "success", PLANS: JSON.stringify({ "identity-center-shard-1": CREATE_PLAN }) });
    expect(run.status, run.stderr).toBe(0);
    expect(text).toContain("| identity-center-shard-1 | 1 | 0 | 0 | 0 |");
    expect(text).toContain("**Not planned** (not affected by this change): 4 stacks, `okta`, `identity-center`, `identity-center-shard-0`, `identity-center-shard-2`.");
  });

  describe("plans made by the base branch's code (plan-model.yml)", () => {
    const NOTE = "These plans were made by `main`'s code, not this pull request's.";
    let codeChange: string;
    beforeAll(() => {
      // The real CLI's diff of a change that edits a code path: it carries the code-changed risk.
      codeChange = join(tempDir("check"), "check");
      mkdirSync(codeChange);
      const changed = join(codeChange, "changed-files.txt");
      writeFileSync(changed, "src/model/privilege.ts\naccess-model/groups.yaml\n");
      writeFileSync(join(codeChange, "findings.json"), "[]");
      writeFileSync(join(codeChange, "diff.json"), access(["diff", "--base", "access-model", "--head", "access-model", "--changed-files", changed, "--format", "json"]));
      expect(readFileSync(join(codeChange, "diff.json"), "utf8")).toContain('"code-changed"');
    });

    it("says so when the pull request changes code paths", () => {
      const { run, text } = build({ CHECK_DIR: codeChange, FROM_FORK: "false", PLAN_RESULT: "success", BASE_CODE_REF: "main", PLANS: JSON.stringify({ okta: CREATE_PLAN }) });
      expect(run.status, run.stderr).toBe(0);
      expect(text.startsWith(MARKER)).toBe(true);
      expect(text).toContain(NOTE);
      expect(text).toContain("rates it high");
      expect(text.indexOf(NOTE)).toBeLessThan(text.indexOf("[Workflow run]"));
    });

    it("names the PR's head and the base commit whose code planned it in the footer", () => {
      const head = "a".repeat(40), base = "b".repeat(40);
      const { text } = build({ FROM_FORK: "false", PLAN_RESULT: "success", BASE_CODE_REF: "main", HEAD_SHA: head, GITHUB_SHA: base });
      expect(text).toContain(`for ${head} merged onto ${base}, planned with that base's code</sub>`);
    });

    it("adds nothing for a model-only change, or when the plans ran the pull request's own code", () => {
      expect(build({ FROM_FORK: "false", PLAN_RESULT: "success", BASE_CODE_REF: "main" }).text).not.toContain("These plans were made by");
      expect(build({ CHECK_DIR: codeChange, FROM_FORK: "false", PLAN_RESULT: "success" }).text).not.toContain("These plans were made by");
    });
  });
});
