// The scripts that turn CI results into text: the PR comment's inputs, plan summaries, the
// apply report, and the shared-state guard.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Rollout } from "../../src/rollout/rollout.js";
import { fixtureModel } from "../stacks/fixture.js";
import { rolloutForReport } from "./rollout-fixture.js";
import { requireJq, runScript, stubCommand, tempDir } from "./script-harness.js";

beforeAll(requireJq);

const MARKER = "<!-- access-plan-comment -->";

describe("build-plan-comment.sh", () => {
  interface Setup {
    fromFork?: boolean;
    checkResult?: string;
    planResult?: string;
    plans?: string[];
    failed?: Record<string, string>;
    diff?: boolean;
    cli?: { stdout: string; exit?: number };
    /** The check job's chosen stacks (stacks.json), affected-but-gone stacks, synthesized stacks. */
    chosen?: string[];
    gone?: string[];
    manifest?: string[];
  }

  function build(s: Setup) {
    const root = tempDir("comment");
    const check = join(root, "check");
    const plans = join(root, "plans");
    mkdirSync(check);
    mkdirSync(plans);
    writeFileSync(join(check, "findings.json"), "[]");
    if (s.diff !== false) writeFileSync(join(check, "diff.json"), '{"granted":[]}');
    if (s.chosen) writeFileSync(join(check, "stacks.json"), JSON.stringify(s.chosen));
    if (s.gone) writeFileSync(join(check, "gone.json"), JSON.stringify(s.gone));
    if (s.manifest) {
      mkdirSync(join(check, "cdktf.out"));
      writeFileSync(join(check, "cdktf.out", "manifest.json"), JSON.stringify({ stacks: Object.fromEntries(s.manifest.map((m) => [m, {}])) }));
    }
    for (const p of s.plans ?? []) writeFileSync(join(plans, `${p}.plan.json`), "{}");
    for (const [stack, why] of Object.entries(s.failed ?? {})) writeFileSync(join(plans, `${stack}.failed`), why);
    const cli = stubCommand("access-cli", [{ when: ["comment"], ...(s.cli ?? { stdout: `${MARKER}\nThe comment\n` }) }]);
    const out = join(root, "comment.md");
    const run = runScript("build-plan-comment.sh", [out], {
      ...cli.env,
      ACCESS_CLI: "access-cli",
      CHECK_DIR: check,
      PLANS_DIR: plans,
      FROM_FORK: String(s.fromFork ?? false),
      CHECK_RESULT: s.checkResult ?? "success",
      PLAN_RESULT: s.planResult ?? "success",
      RUN_URL: "https://run/7",
      GITHUB_SHA: "abc123",
    });
    const calls = cli.calls();
    return { run, args: calls[0]?.args ?? [], text: readFileSync(out, "utf8"), check, plans };
  }

  /** `--flag value` pairs in order, for the repeated --plan/--missing options. */
  const pairs = (args: string[], flag: string) => args.flatMap((a, i) => (a === flag ? [args[i + 1]!] : []));

  it("passes both plans, the diff and the findings when the plans ran", () => {
    const { run, args, check, plans, text } = build({ plans: ["okta", "identity-center"] });
    expect(run.status).toBe(0);
    expect(args[0]).toBe("comment");
    expect(pairs(args, "--diff")).toEqual([join(check, "diff.json")]);
    expect(pairs(args, "--validation")).toEqual([join(check, "findings.json")]);
    expect(pairs(args, "--plan")).toEqual([`okta=${join(plans, "okta.plan.json")}`, `identity-center=${join(plans, "identity-center.plan.json")}`]);
    expect(pairs(args, "--missing")).toEqual([]);
    expect(text.startsWith(`${MARKER}\nThe comment\n`)).toBe(true);
    expect(text).toContain("[Workflow run](https://run/7)");
  });

  it("says plans are missing for a fork PR, never passes an empty plan", () => {
    const { args } = build({ fromFork: true, planResult: "skipped" });
    expect(pairs(args, "--plan")).toEqual([]);
    const missing = pairs(args, "--missing");
    expect(missing.map((m) => m.split("=")[0])).toEqual(["okta", "identity-center"]);
    for (const m of missing) expect(m).toContain("pull requests get no AWS or Okta credentials");
  });

  it("names the failed stack and keeps the plan that worked", () => {
    const { args } = build({ plans: ["okta"], failed: { "identity-center": "terraform plan failed for identity-center (exit 1)" }, planResult: "failure" });
    expect(pairs(args, "--plan")).toHaveLength(1);
    expect(pairs(args, "--missing")).toEqual(["identity-center=terraform plan failed: terraform plan failed for identity-center (exit 1) (see the workflow run log)"]);
  });

  it("explains that nothing was planned when validation failed, and omits the absent diff", () => {
    const { args } = build({ checkResult: "failure", planResult: "skipped", diff: false });
    expect(pairs(args, "--diff")).toEqual([]);
    for (const m of pairs(args, "--missing")) expect(m).toContain("the model did not validate or synthesize (check job: failure)");
  });

  it("passes a plan or a missing reason for each chosen stack, the manifest, and affected stacks that are gone", () => {
    const chosen = ["okta", "identity-center-shard-03", "identity-center-shard-07"];
    const { run, args, plans, check } = build({
      chosen,
      gone: ["identity-center-shard-09"],
      manifest: ["okta", "identity-center", "identity-center-shard-03", "identity-center-shard-07"],
      plans: ["okta", "identity-center-shard-03"],
      failed: { "identity-center-shard-07": "terraform plan failed for identity-center-shard-07 (exit 1)" },
      planResult: "failure",
    });
    expect(run.status, run.stderr).toBe(0);
    expect(pairs(args, "--plan")).toEqual([`okta=${join(plans, "okta.plan.json")}`, `identity-center-shard-03=${join(plans, "identity-center-shard-03.plan.json")}`]);
    expect(pairs(args, "--missing")).toEqual([
      "identity-center-shard-07=terraform plan failed: terraform plan failed for identity-center-shard-07 (exit 1) (see the workflow run log)",
    ]);
    expect(pairs(args, "--manifest")).toEqual([join(check, "cdktf.out", "manifest.json")]);
    expect(pairs(args, "--skipped")).toEqual(["identity-center-shard-09=affected, but this change no longer synthesizes it"]);
  });

  it("passes no stack at all when the change affects none", () => {
    const { args } = build({ chosen: [], manifest: ["okta", "identity-center"] });
    expect(pairs(args, "--plan")).toEqual([]);
    expect(pairs(args, "--missing")).toEqual([]);
  });

  it("writes a findable fallback comment and fails when `access comment` fails", () => {
    const { run, text } = build({ plans: ["okta"], cli: { stdout: "", exit: 3 } });
    expect(run.status).toBe(1);
    expect(text.startsWith(MARKER)).toBe(true);
    expect(text).toContain("could not be built");
    expect(text).toContain("- `okta`: planned");
  });
});

describe("plan-summary.sh", () => {
  const change = (address: string, actions: string[]) => ({ address, change: { actions } });
  const summarize = (plan: object, max?: number) => {
    const file = join(tempDir("plan"), "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    return runScript("plan-summary.sh", max === undefined ? [file] : [file, String(max)]);
  };

  it("lists drift and planned changes with their actions, skipping no-ops and reads", () => {
    const run = summarize({
      resource_drift: [change('aws_ssoadmin_account_assignment.assignment["ops|Admin|111111111111"]', ["delete"])],
      resource_changes: [
        change('okta_group.group["ops"]', ["no-op"]),
        change('data.aws_identitystore_group.group["new"]', ["read"]),
        change('okta_group.group["new"]', ["create"]),
        change('aws_ssoadmin_permission_set.ps["Admin"]', ["update"]),
        change('aws_ssoadmin_permission_set.ps["Old"]', ["delete"]),
        change('aws_ssoadmin_account_assignment.assignment["ops|Admin|111111111111"]', ["delete", "create"]),
      ],
    });
    expect(run.status).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines).toContain("**Changed outside Terraform** (1)");
    expect(lines).toContain("**An apply would** (4)");
    expect(lines).toContain('+ create  okta_group.group["new"]');
    expect(lines).toContain('~ update  aws_ssoadmin_permission_set.ps["Admin"]');
    expect(lines).toContain('- destroy aws_ssoadmin_permission_set.ps["Old"]');
    expect(lines).toContain('! replace aws_ssoadmin_account_assignment.assignment["ops|Admin|111111111111"]');
    expect(run.stdout).not.toContain('okta_group.group["ops"]');
  });

  it("folds long lists with a count", () => {
    const many = Array.from({ length: 5 }, (_, i) => change(`okta_group.group["g${i}"]`, ["create"]));
    const run = summarize({ resource_changes: many }, 2);
    expect(run.stdout).toContain("... and 3 more");
    expect(run.stdout).not.toContain('"g2"');
  });

  it("says so when nothing changes", () => {
    expect(summarize({ resource_changes: [change("okta_group.group[\"a\"]", ["no-op"])] }).stdout.trim()).toBe("No changes.");
  });
});

describe("require-remote-state.sh", () => {
  const stack = (terraform: object) => {
    const file = join(tempDir("stack"), "cdk.tf.json");
    writeFileSync(file, JSON.stringify({ terraform }));
    return file;
  };

  it("accepts S3 and HCP state", () => {
    const run = runScript("require-remote-state.sh", [
      stack({ backend: { s3: { bucket: "b", key: "access/okta.tfstate", use_lockfile: true } } }),
      stack({ cloud: { organization: "acme", workspaces: { name: "access-okta" } } }),
    ]);
    expect(run.status).toBe(0);
  });

  it("refuses local state with an annotation", () => {
    const local = stack({ backend: { local: { path: "../../../terraform.okta.tfstate" } } });
    const run = runScript("require-remote-state.sh", [stack({ backend: { s3: { bucket: "b" } } }), local]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`::error file=${local}::`);
  });
});

describe("apply-report.sh", () => {
  const report = (env: Record<string, string>) => {
    const out = join(tempDir("report"), "report.md");
    const withRollout = env.PREPARE_RESULT === "failure" ? env : { AFFECTED: '["okta","identity-center"]', ...env, ROLLOUT: rolloutForReport(env) };
    const run = runScript("apply-report.sh", [out], { RUN_URL: "https://run/9", GITHUB_SHA: "abc", ...withRollout });
    return { run, text: readFileSync(out, "utf8") };
  };

  it("reports the final okta phase, and says okta is still strict when only that phase failed", () => {
    const ok = report({ APPLY_RESULT: "success", OKTA_APPLY: "success", WAIT_FOR_PUSH: "success", IDENTITY_CENTER_APPLY: "success", OKTA_FINAL_APPLY: "success" });
    expect(ok.text).toContain("| 4. apply `okta` (final phase: loosening after identity-center) | applied |");
    const failed = report({ APPLY_RESULT: "failure", OKTA_APPLY: "success", WAIT_FOR_PUSH: "success", IDENTITY_CENTER_APPLY: "success", OKTA_FINAL_APPLY: "failure" });
    expect(failed.text).toContain("the final okta phase failed");
    expect(failed.text).toContain("| 4. apply `okta` (final phase: loosening after identity-center) | **FAILED** |");
  });

  it("follows the rollout's steps: without an okta stack (placeholders) there are no okta rows", () => {
    const dir = tempDir("rollout");
    const file = join(dir, "rollout.json");
    writeFileSync(file, JSON.stringify(Rollout.plan(undefined, fixtureModel(), ["identity-center"])));
    const out = join(tempDir("report"), "report.md");
    const run = runScript("apply-report.sh", [out], { ROLLOUT: file, AFFECTED: '["identity-center"]', APPLY_RESULT: "success", WAIT_FOR_PUSH: "success", IDENTITY_CENTER_APPLY: "success" });
    expect(run.status, run.stderr).toBe(0);
    const rows = readFileSync(out, "utf8").split("\n").filter((l) => /^\| \d\./.test(l));
    expect(rows).toEqual(["| 1. wait for the group push | all groups present |", "| 2. plan and apply `identity-center` | applied |"]);
  });

  it("shows no step table when nothing was prepared (no rollout)", () => {
    const { text } = report({ PREPARE_RESULT: "failure", APPLY_RESULT: "skipped" });
    expect(text).not.toContain("| Step | Result |");
  });

  it("reports a full apply", () => {
    const { run, text } = report({ APPLY_RESULT: "success", OKTA_APPLY: "success", WAIT_FOR_PUSH: "success", IDENTITY_CENTER_APPLY: "success", OKTA_FINAL_APPLY: "success" });
    expect(run.status).toBe(0);
    expect(text.startsWith("<!-- access-apply-result -->\nAccess change applied")).toBe(true);
    expect(text).toContain("| 2. wait for the group push | all groups present |");
  });

  it("does not call a run applied while the final okta phase has not run", () => {
    const { text } = report({ APPLY_RESULT: "success", OKTA_APPLY: "success", WAIT_FOR_PUSH: "success", IDENTITY_CENTER_APPLY: "success", OKTA_FINAL_APPLY: "cancelled" });
    expect(text).not.toContain("Access change applied");
    expect(text).toContain("the final okta phase did not finish");
  });

  it("numbers the final okta phase after the shards, and says it waits for a failed shard", () => {
    const shards = tempDir("shards");
    writeFileSync(join(shards, "identity-center-shard-01"), "failure\n");
    const { text } = report({
      AFFECTED: '["okta","identity-center-shard-01"]',
      SHARD_RESULTS: shards,
      APPLY_RESULT: "success",
      OKTA_APPLY: "success",
      WAIT_FOR_PUSH: "success",
      IDENTITY_CENTER_APPLY: "success",
      OKTA_FINAL_APPLY: "",
    });
    expect(text).toContain("| 4. plan and apply 1 assignment shards");
    expect(text).toContain("| 5. apply `okta` (final phase: loosening after identity-center) | not run: waits until every Identity Center stack applied");
  });

  it("reports the base's final phase (removed permission sets) between the shards and the final okta phase", () => {
    const shards = tempDir("shards");
    writeFileSync(join(shards, "identity-center-shard-01"), "success\n");
    const base = { AFFECTED: '["okta","identity-center","identity-center-shard-01"]', SHARD_RESULTS: shards, APPLY_RESULT: "success", OKTA_APPLY: "success", WAIT_FOR_PUSH: "success", IDENTITY_CENTER_APPLY: "success" };
    const ok = report({ ...base, IDENTITY_CENTER_FINAL_APPLY: "success", OKTA_FINAL_APPLY: "success" });
    expect(ok.text).toContain("| 5. apply `identity-center` (final phase: deletes the permission sets removed, now unassigned) | applied |");
    expect(ok.text).toContain("| 6. apply `okta` (final phase: loosening after identity-center) | applied |");
    expect(ok.text).toContain("Access change applied");
    const failed = report({ ...base, IDENTITY_CENTER_FINAL_APPLY: "failure", OKTA_FINAL_APPLY: "skipped" });
    expect(failed.text).toContain("the base stack could not delete the permission sets this change removes");
    // Without a keep phase there is no such row.
    expect(report({ ...base, IDENTITY_CENTER_FINAL_APPLY: "skipped", OKTA_FINAL_APPLY: "success" }).text).not.toContain("final phase: deletes");
  });

  it("says which side is applied when the push did not arrive", () => {
    const { text } = report({ APPLY_RESULT: "failure", OKTA_APPLY: "success", WAIT_FOR_PUSH: "failure", IDENTITY_CENTER_APPLY: "skipped" });
    expect(text).toContain("Okta was applied, but not every pushed group reached the Identity Store in time");
    expect(text).toContain("| 3. plan and apply `identity-center` | not run |");
  });

  it("flags a half-applied change when identity-center fails", () => {
    const { text } = report({ APPLY_RESULT: "failure", OKTA_APPLY: "success", WAIT_FOR_PUSH: "success", IDENTITY_CENTER_APPLY: "failure" });
    expect(text).toContain("half-applied");
  });
});
