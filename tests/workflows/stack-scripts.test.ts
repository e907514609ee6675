// The scripts that decide which stacks a run plans or applies and report per stack:
// base-checkout.sh (base model + changed paths from git), stack-matrix.sh (affected stacks that
// were synthesized, in apply order), rollout-steps.sh (each step's folder, from rollout.json),
// apply-report.sh (per-shard results), drift-issues.sh.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BASE_STACK, LAYOUT_FILE, layoutFile, layoutStacks, MAX_ASSIGNMENT_SHARDS, OKTA_STACK, REVOCATION_STACK, shardStackName, WORKFLOW_STACK_LIMIT } from "../../src/layout/index.js";
import { phaseFolder } from "../../src/rollout/rollout.js";
import { rolloutFile, rolloutForReport } from "./rollout-fixture.js";
import { requireJq, runScript, stubCommand, tempDir, git, write } from "./script-harness.js";

beforeAll(requireJq);

describe("base-checkout.sh", () => {
  function repo() {
    const root = tempDir("repo");
    git(root, "init", "-q", "-b", "main");
    write(root, "access-model/groups.yaml", "groups: []\n");
    write(root, "README.md", "hi\n");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "one");
    const first = git(root, "rev-parse", "HEAD");
    write(root, "access-model/groups.yaml", "groups: [{ name: ops }]\n");
    write(root, "src/a.ts", "export {};\n");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "two");
    return { root, first };
  }

  it("extracts the base model and lists the paths changed since the base", () => {
    const { root, first } = repo();
    const out = join(tempDir("base"), "base");
    const run = runScript("base-checkout.sh", [first, out], {}, root);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(out, "changed-files.txt"), "utf8").split("\n").filter(Boolean)).toEqual(["access-model/groups.yaml", "src/a.ts"]);
    expect(readFileSync(join(out, "access-model", "groups.yaml"), "utf8")).toBe("groups: []\n");
  });

  it("leaves the base model out when the base has none (the first change)", () => {
    const root = tempDir("repo");
    git(root, "init", "-q", "-b", "main");
    write(root, "README.md", "hi\n");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "one");
    const first = git(root, "rev-parse", "HEAD");
    write(root, "access-model/groups.yaml", "groups: []\n");
    git(root, "add", "-A");
    git(root, "commit", "-qm", "two");
    const out = join(tempDir("base"), "base");
    expect(runScript("base-checkout.sh", [first, out], {}, root).status).toBe(0);
    expect(existsSync(join(out, "access-model"))).toBe(false);
    expect(readFileSync(join(out, "changed-files.txt"), "utf8").trim()).toBe("access-model/groups.yaml");
  });

  it("treats an unknown base (new branch, force push) as: no base model, every file changed", () => {
    const { root } = repo();
    for (const base of ["0000000000000000000000000000000000000000", "1234567890abcdef1234567890abcdef12345678", ""]) {
      const out = join(tempDir("base"), "base");
      const run = runScript("base-checkout.sh", [base, out], {}, root);
      expect(run.status).toBe(0);
      expect(run.stderr).toContain("is unknown here");
      expect(existsSync(join(out, "access-model"))).toBe(false);
      expect(readFileSync(join(out, "changed-files.txt"), "utf8").split("\n").filter(Boolean)).toEqual(["README.md", "access-model/groups.yaml", "src/a.ts"]);
    }
  });
});

describe("stack-matrix.sh", () => {
  const STACKS = layoutStacks(3); // okta, identity-center, identity-center-shard-0..2

  /** A synthesis output folder: the manifest (stacks by name) and layout.json (kinds, apply order). */
  function synthesized(stacks: string[]): string {
    const dir = tempDir("matrix");
    const byName = [...stacks].sort();
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks: Object.fromEntries(byName.map((s) => [s, { name: s }])) }));
    writeFileSync(join(dir, LAYOUT_FILE), JSON.stringify(layoutFile(stacks)));
    return join(dir, "manifest.json");
  }

  function matrix(affected: string[] | undefined, diffText?: string) {
    const manifest = synthesized(STACKS);
    const diff = join(manifest, "..", "diff.json");
    if (diffText !== undefined) writeFileSync(diff, diffText);
    else if (affected) writeFileSync(diff, JSON.stringify({ affected_stacks: affected }));
    const run = runScript("stack-matrix.sh", [manifest, diff]);
    const outputs = Object.fromEntries(run.stdout.trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
    return { run, outputs };
  }

  it("chooses the affected stacks that were synthesized, in apply order, and splits out the shards", () => {
    const { run, outputs } = matrix(["identity-center-shard-2", "identity-center-shard-0", "okta", "identity-center-shard-7"]);
    expect(run.status, run.stderr).toBe(0);
    expect(outputs).toEqual({
      stacks: '["okta","identity-center-shard-0","identity-center-shard-2"]',
      count: "3",
      okta: "true",
      "identity-center": "false",
      shards: '["identity-center-shard-0","identity-center-shard-2"]',
      gone: '["identity-center-shard-7"]',
    });
  });

  it("chooses nothing when nothing is affected", () => {
    expect(matrix([]).outputs).toMatchObject({ stacks: "[]", count: "0", shards: "[]", okta: "false" });
  });

  it("chooses every stack when the diff is missing, empty or not an access diff", () => {
    for (const text of ["", "not json", '{"granted": []}']) {
      const { run, outputs } = matrix(undefined, text);
      expect(run.status).toBe(0);
      expect(run.stderr).toContain("choosing every synthesized stack");
      expect(JSON.parse(outputs.stacks!)).toEqual(["okta", "identity-center", "identity-center-shard-0", "identity-center-shard-1", "identity-center-shard-2"]);
    }
  });

  it("runs every stack of the largest layout the model allows, and refuses one shard more", () => {
    const largest = runScript("stack-matrix.sh", [synthesized([...layoutStacks(MAX_ASSIGNMENT_SHARDS), REVOCATION_STACK])]);
    expect(largest.status, largest.stderr).toBe(0);
    expect(largest.stdout).toContain(`count=${WORKFLOW_STACK_LIMIT}`);
    const tooMany = runScript("stack-matrix.sh", [synthesized([...layoutStacks(MAX_ASSIGNMENT_SHARDS + 1), REVOCATION_STACK])]);
    expect(tooMany.status).toBe(1);
    expect(tooMany.stderr).toContain(`at most ${WORKFLOW_STACK_LIMIT} jobs`);
    expect(tooMany.stderr).toContain(`assignment_shards to ${MAX_ASSIGNMENT_SHARDS} or fewer`);
  });

  it("fails on a manifest without stacks, or without the layout beside it", () => {
    const file = join(tempDir("m"), "manifest.json");
    writeFileSync(file, "{}");
    expect(runScript("stack-matrix.sh", [file]).status).toBe(1);
    writeFileSync(file, JSON.stringify({ stacks: { okta: {} } }));
    const run = runScript("stack-matrix.sh", [file]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("layout.json");
  });
});

describe("rollout-steps.sh (the apply workflow's folders and plan names, from rollout.json)", () => {
  const env = (file: string) => {
    const run = runScript("rollout-steps.sh", ["env", file]);
    expect(run.status, run.stderr).toBe(0);
    return Object.fromEntries(run.stdout.trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]));
  };

  it("names each okta and base step's id, stack and absolute folder, keep phase included when the rollout has one", () => {
    const file = rolloutFile(3, true);
    const root = join(file, "..");
    expect(env(file)).toEqual({
      OKTA_TIGHTEN_STEP: `${OKTA_STACK}-tighten`,
      OKTA_TIGHTEN_STACK: OKTA_STACK,
      OKTA_TIGHTEN_DIR: join(root, phaseFolder("tighten", OKTA_STACK)),
      BASE_KEEP_STEP: `${BASE_STACK}-keep`,
      BASE_KEEP_STACK: BASE_STACK,
      BASE_KEEP_DIR: join(root, phaseFolder("keep", BASE_STACK)),
      BASE_FINAL_STEP: BASE_STACK,
      BASE_FINAL_STACK: BASE_STACK,
      BASE_FINAL_DIR: join(root, phaseFolder("final", BASE_STACK)),
      OKTA_FINAL_STEP: OKTA_STACK,
      OKTA_FINAL_STACK: OKTA_STACK,
      OKTA_FINAL_DIR: join(root, phaseFolder("final", OKTA_STACK)),
    });
    expect(Object.keys(env(rolloutFile(1)))).not.toContain("BASE_KEEP_DIR");
  });

  it("lists the final step of every affected stack but okta, and refuses an affected stack the rollout lacks", () => {
    const file = rolloutFile(3, true);
    const root = join(file, "..");
    const shard = shardStackName(2, 3);
    const run = runScript("rollout-steps.sh", ["aws-final", file, JSON.stringify([OKTA_STACK, BASE_STACK, shard])]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n").sort()).toEqual([`${join(root, phaseFolder("final", BASE_STACK))} ${BASE_STACK}`, `${join(root, phaseFolder("final", shard))} ${shard}`].sort());
    expect(runScript("rollout-steps.sh", ["aws-final", file, JSON.stringify([OKTA_STACK])]).stdout).toBe("");
    const missing = runScript("rollout-steps.sh", ["aws-final", file, JSON.stringify([shardStackName(9, 12)])]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`affected stacks without a step in the rollout: ${shardStackName(9, 12)}`);
  });

  it("refuses a rollout whose ids or folders are not plain names or paths, and bad usage", () => {
    const file = rolloutFile(1);
    const rollout = JSON.parse(readFileSync(file, "utf8")) as { steps: { folder: string }[] };
    rollout.steps[0]!.folder = "stacks/okta\nGITHUB_PATH=/tmp";
    const bad = join(tempDir("bad-rollout"), "rollout.json");
    writeFileSync(bad, JSON.stringify(rollout));
    expect(runScript("rollout-steps.sh", ["env", bad]).status).toBe(1);
    expect(runScript("rollout-steps.sh", ["env"]).status).toBe(64);
    expect(runScript("rollout-steps.sh", ["plans", file]).status).toBe(64);
  });
});

describe("apply-report.sh per stack", () => {
  function report(env: Record<string, string>, results: Record<string, string> = {}) {
    const dir = tempDir("results");
    for (const [stack, outcome] of Object.entries(results)) writeFileSync(join(dir, stack), `${outcome}\n`);
    const out = join(tempDir("report"), "report.md");
    const withRollout = env.PREPARE_RESULT === "failure" ? env : { AFFECTED: '["okta","identity-center"]', ...env, ROLLOUT: rolloutForReport(env) };
    const run = runScript("apply-report.sh", [out], { RUN_URL: "https://run/9", GITHUB_SHA: "abc", SHARD_RESULTS: dir, ...withRollout });
    return { run, text: readFileSync(out, "utf8") };
  }
  const shards = ["identity-center-shard-1", "identity-center-shard-4", "identity-center-shard-6"];

  it("names the failed and never-run shards and how to re-run only them", () => {
    const { run, text } = report(
      { AFFECTED: JSON.stringify(["okta", "identity-center", ...shards]), APPLY_RESULT: "success", OKTA_APPLY: "success", WAIT_FOR_PUSH: "success", IDENTITY_CENTER_APPLY: "success", MAX_PARALLEL: "2" },
      { "identity-center-shard-1": "success", "identity-center-shard-4": "failure" },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(text).toContain("**Applied, except 2 of 3 assignment shards.**");
    expect(text).toContain("| 4. plan and apply 3 assignment shards (at most 2 at a time) | 1 applied, 1 **FAILED**, 1 not run |");
    expect(text).toContain("**Failed:** `identity-center-shard-4`");
    expect(text).toContain("**Not run:** `identity-center-shard-6`");
    expect(text).toContain("**Re-run failed jobs**");
  });

  it("says which stacks were not affected and that the wait was not needed", () => {
    const { text } = report({ AFFECTED: '["okta"]', APPLY_RESULT: "success", OKTA_APPLY: "success", WAIT_FOR_PUSH: "skipped", IDENTITY_CENTER_APPLY: "skipped", OKTA_FINAL_APPLY: "success" });
    expect(text).toContain("Access change applied");
    expect(text).toContain("| 2. wait for the group push | not needed: no Identity Center stack affected |");
    expect(text).toContain("| 3. plan and apply `identity-center` | not affected, skipped |");
    expect(text).toContain("| 4. apply `okta` (final phase: loosening after identity-center) | applied |");
    expect(text).not.toContain("assignment shards");
  });

  it("reports all shards applied", () => {
    const { text } = report(
      { AFFECTED: JSON.stringify(shards), APPLY_RESULT: "success", OKTA_APPLY: "skipped", WAIT_FOR_PUSH: "success", IDENTITY_CENTER_APPLY: "skipped" },
      Object.fromEntries(shards.map((s) => [s, "success"])),
    );
    expect(text).toContain("Access change applied");
    expect(text).toContain("| 4. plan and apply 3 assignment shards | 3 applied |");
    expect(text).toContain("| 5. apply `okta` (final phase: loosening after identity-center) | not affected, skipped |");
    expect(text).not.toContain("Re-run");
  });

  it("says nothing was applied when the stacks could not be chosen", () => {
    const { text } = report({ PREPARE_RESULT: "failure", APPLY_RESULT: "skipped" });
    expect(text).toContain("**Nothing was applied:** the stacks to apply could not be determined (prepare job: failure)");
  });

  it("says the gates refused and nothing was applied, with the gate report across every plan", () => {
    const dir = tempDir("gates");
    mkdirSync(join(dir, "gate", "all"), { recursive: true });
    writeFileSync(join(dir, "gate", "all", "gate.md"), "<!-- access-apply-gate -->\n**Apply refused: the plan contains changes the access model does not explain.** Nothing was applied by this step.\n\n- `aws_ssoadmin_account_assignment.assignment[\"x\"]` unexplained\n");
    const { text } = report({ AFFECTED: JSON.stringify(["okta", "identity-center", ...shards]), APPLY_RESULT: "failure", GATE: "failure", OKTA_APPLY: "skipped", WAIT_FOR_PUSH: "skipped", IDENTITY_CENTER_APPLY: "skipped", GATE_REPORTS: dir });
    expect(text).toContain("**Apply refused: nothing was applied.**");
    expect(text).toContain("#### Apply gates");
    expect(text).toContain('`aws_ssoadmin_account_assignment.assignment["x"]` unexplained');
    expect(text.match(/<!-- access-apply-gate -->/g)).toBeNull();
  });

  it("says nothing was applied when a plan for the gates failed", () => {
    const { text } = report({ AFFECTED: '["okta","identity-center"]', PLAN_RESULT: "failure", GATE: "skipped", APPLY_RESULT: "skipped" });
    expect(text).toContain("**Nothing was applied:** planning the affected stacks for the apply gates failed");
  });

  it("shows a shard's check only when its new plan went beyond the approval", () => {
    const dir = tempDir("shard-gates");
    mkdirSync(join(dir, "all"), { recursive: true });
    writeFileSync(join(dir, "all", "gate.md"), "**Apply gates passed**: across every plan.\n");
    mkdirSync(join(dir, "apply"), { recursive: true });
    writeFileSync(join(dir, "apply", "identity-center-shard-1.check.txt"), "");
    writeFileSync(join(dir, "apply", "identity-center-shard-4.check.txt"), 'not approved: identity-center-shard-4 aws_ssoadmin_account_assignment.a["x"] (delete): the gate saw no change here\n');
    const { text } = report(
      { AFFECTED: JSON.stringify(["okta", "identity-center", ...shards]), APPLY_RESULT: "success", GATE: "success", OKTA_APPLY: "success", WAIT_FOR_PUSH: "success", IDENTITY_CENTER_APPLY: "success", GATE_REPORTS: `${dir} /nonexistent` },
      { "identity-center-shard-1": "success", "identity-center-shard-4": "failure", "identity-center-shard-6": "success" },
    );
    expect(text).toContain("**Applied, except 1 of 3 assignment shards.**");
    expect(text).toContain("**Failed:** `identity-center-shard-4`");
    expect(text).toContain("**`identity-center-shard-4` was not applied: planned again, it held changes the gates had not approved**");
    expect(text.indexOf("across every plan")).toBeLessThan(text.indexOf('not approved: identity-center-shard-4'));
    expect(text).not.toContain("identity-center-shard-1` was not applied");
  });

  it("says when the last-applied record could not be moved", () => {
    const { text } = report({ AFFECTED: '["okta"]', APPLY_RESULT: "success", GATE: "success", OKTA_APPLY: "success", RECORD_RESULT: "failure" });
    expect(text).toContain("**The last-applied record (tag `access-last-applied`) was not moved.**");
    expect(report({ AFFECTED: '["okta"]', APPLY_RESULT: "success", OKTA_APPLY: "success", RECORD_RESULT: "success" }).text).not.toContain("was not moved");
  });

  it("says nothing was applied when nothing was affected", () => {
    expect(report({ AFFECTED: "[]", APPLY_RESULT: "skipped" }).text).toContain("Nothing to apply: this change affects no stack.");
  });
});

describe("drift-issues.sh", () => {
  it("handles every stack's issue, and fails at the end when one stack's drift is unknown", () => {
    const dir = tempDir("drift");
    writeFileSync(join(dir, "okta.exit-code"), "0");
    writeFileSync(join(dir, "identity-center-shard-1.exit-code"), "2");
    writeFileSync(join(dir, "identity-center-shard-1.summary.md"), "**An apply would** (1)\n");
    const gh = stubCommand("gh", [{ when: ["issue", "list"], stdout: "[]" }]);
    const run = runScript("drift-issues.sh", ['["okta","identity-center","identity-center-shard-1"]', dir], { ...gh.env, RUN_URL: "https://run/1" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("drift is unknown for 1 stack(s): identity-center");
    const created = gh.calls().filter((c) => c.args[0] === "issue" && c.args[1] === "create");
    expect(created.map((c) => c.args[c.args.indexOf("--title") + 1])).toEqual(["Drift detected in stack identity-center-shard-1"]);
  });
});

describe("repair-stacks.sh (drift repair: the operator's choice)", () => {
  function manifest(): string {
    const file = join(tempDir("repair"), "manifest.json");
    writeFileSync(file, JSON.stringify({ stacks: Object.fromEntries(layoutStacks(3).map((s) => [s, {}])) }));
    return file;
  }

  it("turns chosen names (spaces or commas) into affected_stacks, and all into every stack", () => {
    const m = manifest();
    const some = runScript("repair-stacks.sh", ["okta, identity-center-shard-2  okta", m]);
    expect(some.status, some.stderr).toBe(0);
    expect(JSON.parse(some.stdout)).toEqual({ affected_stacks: ["identity-center-shard-2", "okta"] });
    expect(JSON.parse(runScript("repair-stacks.sh", ["all", m]).stdout).affected_stacks).toHaveLength(5);
  });

  it("refuses a name that is not a stack of this commit, and an empty choice", () => {
    const m = manifest();
    const unknown = runScript("repair-stacks.sh", ["okta identity-center-shard-9 $(touch x)", m]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("not a stack of this commit: identity-center-shard-9, $(touch, x)");
    expect(runScript("repair-stacks.sh", [" , ", m]).status).toBe(1);
  });
});
