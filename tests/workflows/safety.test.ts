// Safety properties of the workflows. Every check runs on the real workflows (must hold) and on a
// snippet that breaks it (must be caught), so a check that silently stops working fails here.
import { describe, expect, it } from "vitest";
import { REQUIRED_CHECKS, RISK_APPROVAL_STATUS } from "../../src/setup/repo-settings.js";
import {
  checkActionsPinned,
  checkApiBudget,
  checkApplyConcurrency,
  checkApplyOnlyFromMain,
  checkConsistentPins,
  checkIdTokenOnlyForAwsRoles,
  checkLocalActionsCheckedOut,
  checkNoBlanketPermissions,
  checkNoPullRequestTarget,
  checkNoUntrustedInterpolation,
  checkOktaKeysOnlyInEnvironments,
  checkOktaSecretsOnlyForOkta,
  checkPullRequestCodeHoldsNothing,
  checkPullRequestTargetRunsBaseCode,
  checkStackMatrices,
  checkTopLevelPermissions,
  loadWorkflows,
  needsOf,
  parseWorkflow,
  PLAN_ENVIRONMENT,
  requiresSameRepo,
  stepIds,
  type Workflow,
} from "./workflow-checks.js";
import { BASE_STACK, BREAK_GLASS_STACK, OKTA_STACK, ORG_EVENTS_STACK, REVOCATION_STACK, shardStackName } from "../../src/layout/index.js";

const workflows = loadWorkflows();
const byName = (name: string): Workflow => {
  const wf = workflows.find((w) => w.file.endsWith(`/${name}`));
  if (!wf) throw new Error(`${name} not found`);
  return wf;
};

const CHECKOUT = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";
const AWS = "aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c # v6.2.3";

/** A small valid workflow; tests swap in one bad piece at a time. */
function snippet(parts: { on?: string; permissions?: string; jobs: string }): Workflow {
  return parseWorkflow(
    [`on: ${parts.on ?? "pull_request"}`, `permissions: ${parts.permissions ?? "{}"}`, "jobs:", parts.jobs].join("\n"),
  );
}

describe("every workflow", () => {
  for (const wf of workflows) {
    describe(wf.file, () => {
      // approval.yml and plan-model.yml alone use it, to run the base branch's code (checkPullRequestTargetRunsBaseCode, trusted-code.test.ts).
      if (!/\/(approval|plan-model)\.yml$/.test(wf.file)) it("never triggers on pull_request_target", () => expect(checkNoPullRequestTarget(wf)).toEqual([]));
      it("sets minimal top-level permissions", () => expect(checkTopLevelPermissions(wf)).toEqual([]));
      it("grants no write-all/read-all to a job", () => expect(checkNoBlanketPermissions(wf)).toEqual([]));
      it("gives id-token: write only to jobs that assume an AWS role", () => expect(checkIdTokenOnlyForAwsRoles(wf)).toEqual([]));
      it("pins every third-party action to a commit SHA with a version comment", () => expect(checkActionsPinned(wf)).toEqual([]));
      it("holds no OIDC token, secret, environment or write token where a pull request's own code runs", () => expect(checkPullRequestCodeHoldsNothing(wf)).toEqual([]));
      it("never checks out, fetches into a credentialed job or runs a pull request's code where the base's secrets are", () =>
        expect(checkPullRequestTargetRunsBaseCode(wf)).toEqual([]));
      it("reads the Okta keys only in jobs that run in an environment", () => expect(checkOktaKeysOnlyInEnvironments(wf)).toEqual([]));
      it("interpolates no event data into run scripts", () => expect(checkNoUntrustedInterpolation(wf)).toEqual([]));
      it("runs stack matrices without fail-fast and with a bounded max-parallel", () => expect(checkStackMatrices(wf)).toEqual([]));
      it("gives the Okta key only to the okta stack in per-stack jobs", () => expect(checkOktaSecretsOnlyForOkta(wf)).toEqual([]));
      it("keeps each stack matrix within Identity Center's API budget", () => expect(checkApiBudget(wf)).toEqual([]));
      it("checks out a local action before using it", () => expect(checkLocalActionsCheckedOut(wf)).toEqual([]));
    });
  }

  it("pins each action to one SHA across all workflows", () => expect(checkConsistentPins(workflows)).toEqual([]));
});

describe("plan.yml (the pull request's own code)", () => {
  const plan = byName("plan.yml");
  type Job = { name?: string; if?: string; env?: Record<string, string>; steps: { name?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> }[] };
  const jobs = plan.doc.jobs as Record<string, Job>;
  const runs = (job: string) => jobs[job]!.steps.map((s) => s.run ?? "").join("\n");

  it("runs on pull_request only", () => expect(Object.keys(plan.doc.on as object)).toEqual(["pull_request"]));

  it("runs the checks the main ruleset requires (each a job here, pinned to GitHub Actions)", () => {
    const names = Object.values(jobs).map((j) => j.name);
    for (const check of REQUIRED_CHECKS.filter((c) => c !== RISK_APPROVAL_STATUS)) expect(names).toContain(check);
  });

  it("validates with annotations on the PR's lines, synthesizes and diffs with the PR's code, into the job summary", () => {
    expect(runs("check")).toContain("npm run --silent access -- validate --format github");
    expect(runs("check")).toContain("npm run synth");
    expect(runs("check")).toContain("scripts/ci/base-checkout.sh");
    expect(runs("check")).toMatch(/access -- diff [^\n]*--changed-files/);
    expect(runs("check")).toContain('cat "$RUNNER_TEMP/check/diff.md" >>"$GITHUB_STEP_SUMMARY"');
    expect(runs("test")).toContain("npm test");
  });

  it("plans nothing and posts nothing: no cloud role, no terraform plan, no comment", () => {
    expect(plan.text).not.toMatch(/AWS_PLAN_ROLE_ARN|aws-actions\/|terraform-plan\.sh|upsert-comment\.sh|pull-requests: write/);
  });
});

describe("plan-model.yml (the base branch's code, the PR's model as data)", () => {
  const wf = byName("plan-model.yml");
  type Step = { id?: string; name?: string; uses?: string; run?: string; with?: Record<string, string | boolean>; env?: Record<string, string> };
  type Job = { name?: string; if?: string; needs?: string | string[]; environment?: unknown; permissions?: Record<string, string>; env?: Record<string, string>; strategy?: { matrix?: Record<string, string> }; steps: Step[] };
  const jobs = wf.doc.jobs as Record<string, Job>;
  const runs = (job: string) => jobs[job]!.steps.map((s) => s.run ?? "").join("\n");
  const stepIndex = (job: string, test: (s: Step) => boolean) => jobs[job]!.steps.findIndex(test);

  it("runs on pull_request_target for the same events and paths as plan.yml, one run per PR, never cancelled mid-plan", () => {
    const on = wf.doc.on as { pull_request_target: { types: string[]; paths: string[] } };
    const pr = (byName("plan.yml").doc.on as { pull_request: { types: string[]; paths: string[] } }).pull_request;
    expect(Object.keys(on)).toEqual(["pull_request_target"]);
    expect(on.pull_request_target.types).toEqual(["opened", "synchronize", "reopened", "edited"]);
    expect(on.pull_request_target.paths).toEqual(pr.paths);
    expect(wf.doc.concurrency).toEqual({ group: "access-plan-${{ github.event.pull_request.number }}", "cancel-in-progress": false });
  });

  it("runs nothing for fork or Dependabot pull requests", () => {
    for (const [id, job] of Object.entries(jobs)) {
      expect([id, requiresSameRepo(job.if)]).toEqual([id, true]);
      expect([id, job.if]).toEqual([id, expect.stringContaining("github.actor != 'dependabot[bot]'")]);
    }
  });

  it("holds the plan role and the Okta key only in jobs of the main-only plan environment", () => {
    const credentialed = Object.entries(jobs).filter(([, j]) => j.permissions?.["id-token"] === "write" || JSON.stringify(j).includes("secrets."));
    expect(credentialed.map(([id]) => id).sort()).toEqual(["people", "plan", "policies"]);
    for (const [id, job] of credentialed) expect([id, job.environment]).toEqual([id, PLAN_ENVIRONMENT]);
    const assuming = Object.entries(jobs).filter(([, j]) => j.steps.some((s) => s.uses?.startsWith("aws-actions/")));
    expect(assuming.map(([id]) => id).sort()).toEqual(["plan", "policies"]);
    for (const [, job] of assuming) expect(job.steps.find((s) => s.uses?.startsWith("aws-actions/"))?.with?.["role-to-assume"]).toBe("${{ vars.AWS_PLAN_ROLE_ARN }}");
  });

  it("reads the PR's model as data: base checkout, npm ci from the base's lock file, then only pr-model.sh brings the PR in", () => {
    const check = jobs.check!;
    const checkout = check.steps.find((s) => s.uses?.startsWith("actions/checkout@"))!;
    expect(checkout.with?.ref).toBeUndefined();
    expect(checkout.with?.["persist-credentials"]).toBe(false);
    const install = stepIndex("check", (s) => s.run === "npm ci --ignore-scripts");
    const fetch = stepIndex("check", (s) => /git [^\n]* fetch /.test(s.run ?? ""));
    const model = stepIndex("check", (s) => (s.run ?? "").includes('scripts/ci/pr-model.sh "$HEAD_SHA" "$RUNNER_TEMP/pr"'));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(fetch);
    expect(fetch).toBeLessThan(model);
    expect(check.steps[model]!.env?.HEAD_SHA).toBe("${{ github.event.pull_request.head.sha }}");
    // The credentialed jobs get the model from the check job's artifact, never from git.
    for (const id of ["people", "policies"]) expect(runs(id)).toContain('tar -C "$RUNNER_TEMP/pr" -xf "$RUNNER_TEMP/check/pr-model.tar"');
  });

  it("validates, synthesizes and diffs the PR's model with the base's code, and plans the affected stacks from that list", () => {
    const check = runs("check");
    expect(check).toContain('access -- validate --model "$RUNNER_TEMP/pr/access-model" --format json');
    expect(check).toContain('access -- synth --model "$RUNNER_TEMP/pr/access-model"');
    expect(check).toMatch(/access -- diff --base access-model --head "\$RUNNER_TEMP\/pr\/access-model" --changed-files "\$changed" "\$\{dates\[@\]\}" --format json/);
    expect(check).toContain("scripts/ci/stack-matrix.sh");
    expect(stepIds(wf, "check")).toEqual(expect.arrayContaining(["last-applied", "validate", "synth", "diff", "matrix"]));
    expect(jobs.plan!.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.check.outputs.stacks) }}");
    expect(jobs.plan!.if).toContain("needs.check.outputs.count != '0'");
    expect(runs("people")).toContain('--base-today "${APPLIED_TODAY:-$today}" --head-today "$today"');
    expect(runs("people")).toMatch(/access -- diff [^\n]*--format json --okta/);
    expect(runs("people")).toContain('access -- okta-check --model "$RUNNER_TEMP/pr/access-model" --format github');
    expect(runs("policies")).toContain('access -- analyze-policies --model "$RUNNER_TEMP/pr/access-model" --format github');
  });

  it("plans without the state lock, shows the Okta key only to the okta stack's plan, and uploads each stack's plan for the comment", () => {
    const plan = jobs.plan!;
    expect(plan.env?.TF_PLAN_NO_LOCK).toBe("1");
    expect(plan.env ?? {}).not.toHaveProperty("OKTA_API_PRIVATE_KEY");
    const withSecrets = plan.steps.filter((s) => JSON.stringify(s).includes("secrets."));
    expect(withSecrets.map((s) => s.name)).toEqual(["Plan the stack"]);
    for (const value of Object.values(withSecrets[0]!.env ?? {})) expect(value).toMatch(/^\$\{\{ matrix\.stack == 'okta' && secrets\.OKTA_/);
    const upload = plan.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with?.name).toBe("plan-${{ matrix.stack }}");
    expect(upload?.with?.path).not.toContain(".tfplan");
    const download = jobs.report!.steps.find((s) => s.with?.pattern === "plan-*");
    expect(download?.with?.["merge-multiple"]).toBe(true);
  });

  it("builds the one comment (people counts when Okta was read) saying the plans are the base's code, and posts it from a job holding no credential", () => {
    expect(needsOf(wf, "report")).toEqual(["check", "plan", "people"]);
    const build = jobs.report!.steps.find((s) => s.run?.includes("build-plan-comment.sh"))!;
    expect(build.env?.BASE_CODE_REF).toBe("${{ github.event.pull_request.base.ref }}");
    const names = jobs.report!.steps.map((s) => s.name ?? s.uses ?? "");
    expect(names.indexOf("Download the access diff with people counts (replaces the check job's)")).toBeGreaterThan(names.indexOf("Download validation and diff"));
    const writers = Object.entries(jobs).filter(([, j]) => j.permissions?.["pull-requests"] === "write");
    expect(writers.map(([id]) => id)).toEqual(["post"]);
    expect(JSON.stringify(jobs.post)).not.toMatch(/secrets\.|id-token|environment/);
    expect(runs("post")).toContain("scripts/ci/upsert-comment.sh \"$PR_NUMBER\" '<!-- access-plan-comment -->'");
  });
});

describe("apply.yml", () => {
  const apply = byName("apply.yml");
  it("triggers only on push to main (or an operator's drift repair) and holds credentials only in the protected environment", () =>
    expect(checkApplyOnlyFromMain(apply)).toEqual([]));
  it("never cancels an apply in progress", () => expect(checkApplyConcurrency(apply)).toEqual([]));
  it("plans with the read-only role; only the jobs that apply assume the apply role; the gates hold none", () => {
    const roleOf = (job: string) => [...new Set(JSON.stringify(jobs[job]).match(/vars\.AWS_[A-Z]+_ROLE_ARN/g) ?? [])];
    expect(roleOf("plan")).toEqual(["vars.AWS_PLAN_ROLE_ARN"]);
    for (const job of ["apply", "shards", "okta-final"]) expect([job, roleOf(job)]).toEqual([job, ["vars.AWS_APPLY_ROLE_ARN"]]);
    for (const job of ["prepare", "team", "gate", "record", "report"]) expect([job, roleOf(job)]).toEqual([job, []]);
  });
  type Step = { id?: string; name?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, string>; "continue-on-error"?: unknown };
  type Job = { if?: string; needs?: string[]; environment?: string; permissions?: Record<string, string>; env?: Record<string, string>; strategy?: { matrix?: { stack?: string } }; steps: Step[] };
  const jobs = apply.doc.jobs as Record<string, Job>;
  const runs = (job: string) => jobs[job]!.steps.map((s) => s.run ?? "");
  const indexOf = (job: string, text: string) => {
    const i = runs(job).findIndex((r) => r.includes(text));
    expect([job, text, i >= 0]).toEqual([job, text, true]);
    return i;
  };
  const APPLIES = /apply-stack\.sh|gated-apply\.sh|terraform[^\n]* apply\b/;

  it("plans every affected stack, runs the gates, then applies okta (tighten phase), the push, identity-center", () => {
    expect(needsOf(apply, "plan")).toEqual(["prepare"]);
    expect(needsOf(apply, "team")).toEqual(["prepare"]);
    expect(needsOf(apply, "gate")).toEqual(["prepare", "plan", "team"]);
    expect(needsOf(apply, "apply")).toEqual(["prepare", "gate"]);
    // Both okta phases are planned for the gates (the same state): the tighten phase applied
    // first, and the final model applied after the shards. Folders and plan names come from the
    // rollout (scripts/ci/rollout-steps.sh).
    const locate = indexOf("plan", 'scripts/ci/rollout-steps.sh env cdktf.out/rollout.json >>"$GITHUB_ENV"');
    const planTighten = indexOf("plan", 'terraform-plan.sh "$OKTA_TIGHTEN_DIR" "$RUNNER_TEMP/gate" "$OKTA_TIGHTEN_STEP"');
    indexOf("plan", 'terraform-plan.sh "$OKTA_FINAL_DIR" "$RUNNER_TEMP/gate" "$OKTA_FINAL_STEP"\n');
    indexOf("plan", 'scripts/ci/terraform-plan.sh "$1" "$RUNNER_TEMP/gate" "$2"');
    indexOf("plan", 'terraform-plan.sh "$BASE_KEEP_DIR" "$RUNNER_TEMP/gate" "$BASE_KEEP_STEP"');
    expect(locate).toBeLessThan(planTighten);
    expect(jobs.plan!.env?.TF_PLAN_NO_LOCK).toBe("1");
    expect(jobs.plan!.steps.find((s) => s.with?.name === "gate-plans")?.with?.["if-no-files-found"]).toBe("error");
    // Nothing applies in the plan, team or gate jobs.
    for (const job of ["plan", "team", "gate"]) expect([job, runs(job).filter((r) => APPLIES.test(r))]).toEqual([job, []]);

    expect(stepIds(apply, "apply")).toEqual(["okta", "wait", "identity-center"]);
    const okta = indexOf("apply", 'gated-apply.sh "$OKTA_TIGHTEN_DIR" "$RUNNER_TEMP/apply" "$OKTA_TIGHTEN_STEP" "$APPROVED"');
    const wait = indexOf("apply", "wait-for-push");
    const ic = indexOf("apply", 'gated-apply.sh "$BASE_FINAL_DIR" "$RUNNER_TEMP/apply" "$BASE_FINAL_STEP" "$APPROVED"');
    expect(okta).toBeLessThan(wait);
    expect(wait).toBeLessThan(ic);
    // The final okta model is never applied in this job: only after every Identity Center stack.
    expect(runs("apply").filter((r) => APPLIES.test(r) && r.includes("OKTA_FINAL"))).toEqual([]);
    for (const step of jobs.apply!.steps) {
      expect([step.name, Boolean(step["continue-on-error"])]).toEqual([step.name, false]);
      if (APPLIES.test(step.run ?? "")) expect([step.name, step.if ?? ""]).not.toEqual([step.name, expect.stringMatching(/always\(\)|failure\(\)|cancelled\(\)/)]);
    }
  });

  it("runs the gates across every stack's plan in a job that holds no credential, with the acknowledgement label", () => {
    const gateJob = jobs.gate!;
    const gate = gateJob.steps.find((s) => s.id === "gate")!;
    expect(gate.run).toContain('ACKNOWLEDGED=$(scripts/ci/ack-label.sh "$BASE_COMMIT" "$GITHUB_SHA")');
    expect(gate.run).toContain('for plan in "$RUNNER_TEMP"/gate/*.plan.json');
    expect(gate.run).toContain('scripts/ci/apply-gate.sh "$RUNNER_TEMP/gate/all" diff.json "${plans[@]}"');
    expect(gate.run).not.toContain("SKIP_THRESHOLD");
    expect(gate.env).toMatchObject({ BASE_COMMIT: "${{ needs.prepare.outputs.applied-commit }}", TEAM_MEMBERS: "${{ needs.team.outputs.members }}" });
    // No OIDC token, no environment, no secret: the plans and the diff are data here.
    expect(gateJob.permissions).toEqual({ contents: "read", "pull-requests": "read", issues: "read" });
    expect(gateJob.environment).toBeUndefined();
    expect(JSON.stringify(gateJob)).not.toMatch(/secrets\.|AWS_[A-Z]+_ROLE_ARN/);
    // The team's logins come from a job that runs no code of ours, with the approval app's key.
    expect(jobs.team!.environment).toBe("approval");
    expect(jobs.team!.permissions).toEqual({});
    expect(jobs.team!.steps.every((s) => !s.uses?.startsWith("actions/checkout") && !(s.run ?? "").includes("npm"))).toBe(true);
    // The Identity Center plans for the gate are every affected stack but okta, bounded.
    expect(runs("plan").join("\n")).toMatch(/rollout-steps\.sh aws-final cdktf\.out\/rollout\.json "\$AFFECTED" >"\$RUNNER_TEMP\/ic-steps"\n\s*xargs -r -P 2 /);
  });

  it("no job holding credentials explains, counts or synthesizes: the jobs that apply only check their new plan against the approval", () => {
    const judging = /apply-gate\.sh|access -- (explain|threshold|diff|synth)\b|npm run synth/;
    for (const [id, job] of Object.entries(jobs)) {
      const credentialed = job.permissions?.["id-token"] === "write" || job.environment !== undefined;
      if (credentialed) expect([id, runs(id).filter((r) => judging.test(r))]).toEqual([id, []]);
    }
    for (const job of ["apply", "shards", "okta-final"]) {
      expect(jobs[job]!.env?.APPROVED).toBe("${{ github.workspace }}/apply-gate/all/approved.json");
      expect(jobs[job]!.steps.find((s) => s.with?.name === "apply-gate")?.with?.path).toBe("${{ github.workspace }}/apply-gate");
      const applies = runs(job).filter((r) => APPLIES.test(r));
      expect(applies.length).toBeGreaterThan(0);
      for (const r of applies) expect([job, r]).toEqual([job, expect.stringMatching(/gated-apply\.sh [^\n]* "\$APPROVED"/)]);
    }
    const shard = jobs.shards!.steps.find((s) => s.id === "apply")!;
    expect(shard.run).toBe('scripts/ci/gated-apply.sh "$STACKS/$STACK" "$RUNNER_TEMP/apply" "$STACK" "$APPROVED"');
    // Where the approval lands: upload-artifact roots the artifact at the least common ancestor of
    // its search paths, and apply-gate.sh writes approved.json into its OUT_DIR.
    const upload = jobs.gate!.steps.find((s) => s.with?.name === "apply-gate")!;
    const searchPaths = upload.with!.path!.split("\n").map((l) => l.trim()).filter(Boolean).map((l) => l.split("/").filter((seg) => seg && !/[*?]/.test(seg)));
    const root = searchPaths.reduce((acc, segs) => acc.slice(0, acc.findIndex((seg, i) => seg !== segs[i]) === -1 ? acc.length : acc.findIndex((seg, i) => seg !== segs[i])));
    const outDir = /apply-gate\.sh "([^"]+)"/.exec(jobs.gate!.steps.find((s) => s.id === "gate")!.run!)![1]!.replace("$RUNNER_TEMP", "${{ runner.temp }}");
    const written = [...outDir.split("/").filter(Boolean), "approved.json"];
    expect(written.slice(0, root.length)).toEqual(root);
    for (const job of ["apply", "shards", "okta-final"]) {
      const into = jobs[job]!.steps.find((s) => s.with?.name === "apply-gate")!.with!.path!;
      expect([job, jobs[job]!.env?.APPROVED]).toEqual([job, [into, ...written.slice(root.length)].join("/")]);
    }
    expect(jobs.apply!.steps.find((s) => s.id === "identity-center")!.if).toBeUndefined();
  });

  it("applies the affected shards only after the gates, okta, the push and the base stack, in a bounded matrix", () => {
    expect(needsOf(apply, "prepare")).toEqual([]);
    expect(needsOf(apply, "shards")).toEqual(["prepare", "gate", "apply"]);
    const shards = jobs.shards!;
    expect(shards.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.prepare.outputs.shards) }}");
    // No status function: the shards run only when prepare, the gates and the first apply job succeeded.
    expect(shards.if).not.toMatch(/always\(\)|failure\(\)|cancelled\(\)/);
    expect(stepIds(apply, "shards")).toEqual(["apply", "provision"]);
  });

  it("measures the change from the last-applied record (the tag), at the dates it and this run resolved", () => {
    const prepare = runs("prepare").join("\n");
    expect(prepare).toContain('scripts/ci/last-applied.sh read | tee -a "$GITHUB_OUTPUT"');
    expect(prepare).toContain('scripts/ci/base-checkout.sh "$APPLIED_COMMIT" "$RUNNER_TEMP/base"');
    expect(prepare).toContain('--changed-files "$RUNNER_TEMP/base/changed-files.txt"');
    expect(prepare).toContain('--base-today "${APPLIED_TODAY:-$ACCESS_TODAY}" --head-today "$ACCESS_TODAY"');
    expect(jobs.prepare!.steps[indexOf("prepare", "base-checkout.sh")]!.env?.APPLIED_COMMIT).toBe("${{ steps.last-applied.outputs.commit }}");
    expect(stepIds(apply, "prepare")).toEqual(["date", "last-applied", "rollout", "matrix"]);
    // One mechanism: no run-history lookup, no actions: read.
    expect(apply.text).not.toContain("last-applied-commit");
    expect(apply.text).not.toMatch(/actions: read/);
    for (const job of ["apply", "shards", "okta-final"]) expect(jobs[job]!.env?.ACCESS_TODAY).toBe("${{ needs.prepare.outputs.today }}");
  });

  it("synthesizes every phase from the last-applied model, resolved at the day it was applied", () => {
    const synth = jobs.prepare!.steps.find((s) => s.id === "rollout")!;
    expect(synth.run).toContain('npm run --silent access -- synth --base "$RUNNER_TEMP/base/access-model" --base-today "${APPLIED_TODAY:-$ACCESS_TODAY}"\n');
    // After the access diff: a base that does not load is reported by the diff step first.
    expect(indexOf("prepare", "access -- diff")).toBeLessThan(indexOf("prepare", "access -- synth"));
    expect(synth.env?.APPLIED_TODAY).toBe("${{ steps.last-applied.outputs.today }}");
    expect(indexOf("prepare", "base-checkout.sh")).toBeLessThan(indexOf("prepare", "access -- synth"));
    // The phases are inside cdktf.out (cdktf.out/phases/...), which goes to the apply jobs whole.
    expect(indexOf("prepare", "access -- synth")).toBeLessThan(indexOf("prepare", 'cp -R cdktf.out "$RUNNER_TEMP/input/cdktf.out"'));
    expect(apply.text).not.toContain("github.event.before");
  });

  it("applies the final okta model only after every Identity Center stack applied, planned again within the approval", () => {
    expect(needsOf(apply, "okta-final")).toEqual(["prepare", "gate", "apply", "shards"]);
    const job = jobs["okta-final"]! as Job & { environment?: string };
    expect(job.environment).toBe("production");
    expect(job.if).toContain("(needs.prepare.outputs.okta == 'true' || needs.prepare.outputs.identity-center-keep == 'true')");
    expect(job.if).toContain("needs.apply.result == 'success'");
    // A failed or skipped shard keeps okta in the tighten phase.
    expect(job.if).toContain("(needs.shards.result == 'success' || needs.prepare.outputs.shards == '[]')");
    expect(job.if).not.toMatch(/always\(\)|failure\(\)/);
    // The base's final phase (deleting permission sets the keep phase held back) comes first.
    expect(stepIds(apply, "okta-final")).toEqual(["identity-center-final", "okta-final"]);
    const base = job.steps.find((s) => s.id === "identity-center-final")!;
    expect(base.if).toBe("needs.prepare.outputs.identity-center-keep == 'true'");
    expect(base.run).toBe('scripts/ci/gated-apply.sh "$BASE_FINAL_DIR" "$RUNNER_TEMP/apply" "$BASE_FINAL_STEP" "$APPROVED"');
    const step = job.steps.find((s) => s.id === "okta-final")!;
    expect(step.if).toBe("needs.prepare.outputs.okta == 'true'");
    expect(step.run).toBe('scripts/ci/gated-apply.sh "$OKTA_FINAL_DIR" "$RUNNER_TEMP/apply" "$OKTA_FINAL_STEP" "$APPROVED"');
    expect(indexOf("okta-final", "rollout-steps.sh env cdktf.out/rollout.json")).toBeLessThan(job.steps.indexOf(base));
    expect(step.env?.ACKNOWLEDGED).toBeUndefined();
    expect(job.env?.ACCESS_TODAY).toBe("${{ needs.prepare.outputs.today }}");
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  it("refuses anything but main's newest commit first in every job that applies", () => {
    const applying = Object.entries(jobs).filter(([, j]) => j.steps.some((s) => APPLIES.test(s.run ?? ""))).map(([id]) => id);
    expect(applying).toEqual(["apply", "shards", "okta-final"]);
    for (const id of applying) {
      const first = jobs[id]!.steps.findIndex((s) => s.run !== undefined);
      expect([id, jobs[id]!.steps[first]!.run]).toEqual([id, 'scripts/ci/require-newest-main.sh "$GITHUB_SHA" main']);
      expect([id, jobs[id]!.steps[first]!.env]).toEqual([id, { GH_TOKEN: "${{ github.token }}", GH_REPO: "${{ github.repository }}" }]);
      // Only the checkout (which brings the script) comes before it: no artifact, no credentials.
      expect([id, jobs[id]!.steps.slice(0, first).map((s) => s.uses?.split("@")[0])]).toEqual([id, ["actions/checkout"]]);
    }
  });

  it("moves the last-applied record only after every affected stack applied, with the automation app's token alone", () => {
    expect(needsOf(apply, "record")).toEqual(["prepare", "apply", "shards", "okta-final"]);
    const record = jobs.record!;
    // The tag moves with the automation app's token (the tag ruleset's only bypass actor).
    expect(record.permissions).toEqual({ contents: "read" });
    expect(record.environment).toBe("automation");
    expect(record.steps.find((s) => s.run?.includes("last-applied.sh record"))?.env?.GH_TOKEN).toBe("${{ steps.bot.outputs.token }}");
    expect(record.if).toContain("needs.prepare.result == 'success'");
    expect(record.if).toContain("(needs.apply.result == 'success' || needs.prepare.outputs.count == '0')");
    expect(record.if).toContain("(needs.shards.result == 'success' || needs.prepare.outputs.shards == '[]')");
    expect(record.if).toContain("(needs.okta-final.result == 'success' || (needs.prepare.outputs.okta != 'true' && needs.prepare.outputs.identity-center-keep != 'true'))");
    expect(record.if).not.toMatch(/always\(\)/);
    expect(runs("record")).toContain('scripts/ci/last-applied.sh record "$GITHUB_SHA" "$APPLIED_TODAY"');
    expect(record.steps.find((s) => s.run?.includes("last-applied.sh record"))?.env?.APPLIED_TODAY).toBe("${{ needs.prepare.outputs.today }}");
    // No job's GITHUB_TOKEN can write contents: a tag ruleset then leaves the automation app alone able to move the tag.
    const writers = Object.entries(jobs).filter(([, j]) => j.permissions?.contents === "write").map(([id]) => id);
    expect(writers).toEqual([]);
  });

  it("reports the gates and every shard's result on the merged pull request, whatever happened", () => {
    expect(needsOf(apply, "report")).toEqual(["prepare", "plan", "gate", "apply", "shards", "okta-final", "record"]);
    const report = jobs.report!;
    expect(report.if).toContain("always()");
    expect(apply.text).toContain("name: apply-result-${{ matrix.stack }}");
    expect(apply.text).toContain("pattern: apply-result-*");
    expect(apply.text).toContain("${{ runner.temp }}/apply/*.check.txt");
    const comment = report.steps.find((s) => s.run?.includes("apply-report.sh"))!;
    expect(comment.env).toMatchObject({
      GATE: "${{ needs.gate.result }}",
      PLAN_RESULT: "${{ needs.plan.result }}",
      RECORD_RESULT: "${{ needs.record.result }}",
      OKTA_FINAL_APPLY: "${{ needs.okta-final.outputs.okta-final }}",
    });
    expect(comment.run).toContain('export GATE_REPORTS="$RUNNER_TEMP/apply-gate $RUNNER_TEMP/applied $RUNNER_TEMP/shards $RUNNER_TEMP/okta-final"');
    expect(report.steps.find((s) => s.with?.name === "applied-plans")?.with?.path).toBe("${{ runner.temp }}/applied");
    expect(report.steps.find((s) => s.with?.name === "apply-okta-final")?.with?.path).toBe("${{ runner.temp }}/okta-final");
  });
});

/**
 * Stack names (src/layout) in what a workflow runs: its scripts, step env and action inputs, with
 * `${{ }}` expressions and comment lines left out. A name counts only as a whole word, so job ids
 * and artifact names such as okta-final are not stack names.
 */
function stackNameLiterals(wf: Workflow): string[] {
  const names = [OKTA_STACK, BASE_STACK, REVOCATION_STACK, ORG_EVENTS_STACK, BREAK_GLASS_STACK];
  const word = new RegExp(`(?<![A-Za-z0-9_.-])(${names.join("|")})(?![A-Za-z0-9_-])|${shardStackName(0, 2).replace(/\d+$/, "")}\\d`, "g");
  const found: string[] = [];
  for (const [id, job] of Object.entries(wf.raw.jobs as Record<string, { env?: Record<string, unknown>; steps?: { run?: string; env?: Record<string, unknown>; with?: Record<string, unknown> }[] }>)) {
    const texts = [...Object.values(job.env ?? {}), ...(job.steps ?? []).flatMap((s) => [s.run, ...Object.values(s.env ?? {}), ...Object.values(s.with ?? {})])];
    for (const text of texts) {
      if (typeof text !== "string") continue;
      const lines = text.replace(/\$\{\{[\s\S]*?\}\}/g, "").split("\n").filter((l) => !l.trim().startsWith("#"));
      for (const line of lines) for (const m of line.matchAll(word)) found.push(`${id}: ${m[0]} in ${line.trim()}`);
    }
  }
  return found;
}

describe("stack names", () => {
  // The workflows that plan or apply stacks ("okta" elsewhere is the product: scopes, --okta).
  for (const name of ["apply.yml", "expiry.yml", "drift.yml", "plan.yml"]) {
    it(`${name} names no stack or stack folder: they come from rollout.json or the stack matrix`, () => {
      expect(stackNameLiterals(byName(name))).toEqual([]);
    });
  }

  it("the check finds a stack folder or name written into a script, an env value or an input", () => {
    const job = (step: string) => parseWorkflow(`on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${step}`);
    expect(stackNameLiterals(job(`      - run: scripts/ci/gated-apply.sh "$STACKS/${BASE_STACK}" out ${BASE_STACK} d\n`))).toHaveLength(2);
    expect(stackNameLiterals(job(`      - run: scripts/ci/apply-stack.sh "$TIGHTEN_STACKS" g ${OKTA_STACK} okta-tighten\n`))).toHaveLength(1);
    expect(stackNameLiterals(job(`      - run: "true"\n        env: {DIR: "cdktf.out/stacks/${shardStackName(3, 12)}"}\n`))).toHaveLength(1);
    expect(stackNameLiterals(job(`      - uses: x/y@v1\n        with: {path: "\${{ runner.temp }}/apply/${BASE_STACK}.gate/gate.md"}\n`))).toHaveLength(1);
    expect(stackNameLiterals(job(`      - run: echo "\${{ needs.prepare.outputs.okta }}" okta-final\n        env: {X: "\${{ matrix.stack == 'okta' }}"}\n`))).toEqual([]);
  });
});

describe("drift.yml", () => {
  const drift = byName("drift.yml");
  it("runs on a schedule (and by hand) with the read-only role", () => {
    expect(Object.keys(drift.doc.on as object).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(drift.text).toContain("${{ vars.AWS_PLAN_ROLE_ARN }}");
    expect(drift.text).not.toContain("AWS_APPLY_ROLE_ARN");
    expect(drift.text).toContain("--detailed-exitcode");
  });
  it("plans every synthesized stack in a matrix and keeps one issue per stack", () => {
    const jobs = drift.doc.jobs as Record<string, { strategy?: { matrix?: { stack?: string } } }>;
    expect(jobs.detect!.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.stacks.outputs.stacks) }}");
    expect(drift.text).toContain("scripts/ci/stack-matrix.sh cdktf.out/manifest.json |");
    expect(drift.text).toContain("scripts/ci/drift-issues.sh");
  });
});

describe("the checks catch broken workflows", () => {
  const okJob = `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${CHECKOUT}\n`;

  it("pull_request_target in any form", () => {
    expect(checkNoPullRequestTarget(snippet({ on: "pull_request_target", jobs: okJob }))).toHaveLength(1);
    expect(checkNoPullRequestTarget(snippet({ on: "[push, pull_request_target]", jobs: okJob }))).toHaveLength(1);
    expect(checkNoPullRequestTarget(snippet({ on: "{pull_request_target: {types: [opened]}}", jobs: okJob }))).toHaveLength(1);
    expect(checkNoPullRequestTarget(snippet({ on: "pull_request", jobs: okJob }))).toEqual([]);
  });

  it("missing, blanket or write top-level permissions", () => {
    const noPerms = parseWorkflow(`on: push\njobs:\n${okJob}`);
    expect(checkTopLevelPermissions(noPerms)).toHaveLength(1);
    expect(checkTopLevelPermissions(snippet({ permissions: "write-all", jobs: okJob }))).toHaveLength(1);
    expect(checkTopLevelPermissions(snippet({ permissions: "read-all", jobs: okJob }))).toHaveLength(1);
    expect(checkTopLevelPermissions(snippet({ permissions: "{contents: write}", jobs: okJob }))).toHaveLength(1);
    expect(checkTopLevelPermissions(snippet({ permissions: "{contents: read}", jobs: okJob }))).toEqual([]);
  });

  it("write-all on a job", () => {
    const wf = snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    permissions: write-all\n    steps:\n      - run: "true"\n` });
    expect(checkNoBlanketPermissions(wf)).toHaveLength(1);
  });

  it("id-token: write on a job that assumes no role, or at the top level", () => {
    const idNoRole = snippet({
      on: "push",
      jobs: `  a:\n    runs-on: ubuntu-latest\n    permissions: {id-token: write}\n    steps:\n      - run: "true"\n`,
    });
    expect(checkIdTokenOnlyForAwsRoles(idNoRole)).toEqual(["snippet.yml: job a has id-token: write but assumes no AWS role"]);
    const topLevel = snippet({ on: "push", permissions: "{id-token: write}", jobs: okJob });
    expect(checkIdTokenOnlyForAwsRoles(topLevel)).toEqual(["snippet.yml: id-token: write at the top level reaches every job"]);
    const good = snippet({
      on: "push",
      jobs: `  a:\n    runs-on: ubuntu-latest\n    permissions: {id-token: write}\n    steps:\n      - uses: ${AWS}\n`,
    });
    expect(checkIdTokenOnlyForAwsRoles(good)).toEqual([]);
  });

  it("actions pinned to a tag, a short SHA, or without the version comment", () => {
    const tag = snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v7\n` });
    expect(checkActionsPinned(tag)).toEqual(["snippet.yml: actions/checkout@v7 is not pinned to a full 40-character commit SHA"]);
    const short = snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@3d3c42e # v7.0.1\n` });
    expect(checkActionsPinned(short)).toHaveLength(1);
    const noComment = snippet({
      jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n`,
    });
    expect(checkActionsPinned(noComment)[0]).toContain('no "# vX.Y.Z" comment');
    const reusable = snippet({ jobs: `  a:\n    uses: org/repo/.github/workflows/x.yml@main\n` });
    expect(checkActionsPinned(reusable)).toHaveLength(1);
    const local = snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${CHECKOUT}\n      - uses: ./.github/actions/setup\n        with: {node-version: "24"}\n` });
    expect(checkActionsPinned(local)).toEqual([]);
  });

  it("a local action used before the checkout, or outside a sparse checkout", () => {
    const setup = `      - uses: ./.github/actions/setup\n        with: {node-version: "24"}\n`;
    const job = (checkout: string) => snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n${checkout}${setup}` });
    expect(checkLocalActionsCheckedOut(job(`      - uses: ${CHECKOUT}\n`))).toEqual([]);
    expect(checkLocalActionsCheckedOut(job(`      - uses: ${CHECKOUT}\n        with:\n          sparse-checkout: |\n            .github/actions\n            scripts/ci\n`))).toEqual([]);
    expect(checkLocalActionsCheckedOut(job(""))).toEqual(["snippet.yml: job a uses ./.github/actions/setup before checking out the repository"]);
    expect(checkLocalActionsCheckedOut(job(`      - uses: ${CHECKOUT}\n        with: {path: other}\n`))).toHaveLength(1);
    expect(checkLocalActionsCheckedOut(job(`      - uses: ${CHECKOUT}\n        with: {sparse-checkout: scripts/ci}\n`))).toEqual([
      "snippet.yml: job a uses ./.github/actions/setup but its sparse checkout lacks .github/actions/setup",
    ]);
  });

  it("the same action pinned to two SHAs", () => {
    const a = snippet({ jobs: okJob });
    const b = snippet({
      jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@0000000000000000000000000000000000000000 # v1.0.0\n`,
    });
    expect(checkConsistentPins([a, b])).toHaveLength(1);
  });

  it("a same-repository guard does not make a pull_request job safe: any secret, OIDC token, environment or write token is caught", () => {
    const guard = "    if: github.event.pull_request.head.repo.full_name == github.repository\n";
    const step = `    steps:\n      - run: "true"\n        env:\n          KEY: \${{ secrets.OKTA_API_PRIVATE_KEY }}\n`;
    // plan.yml before issue 17: the people job read the Okta key, the plan job minted an OIDC token, both behind the guard.
    const people = snippet({ jobs: `  people:\n${guard}    runs-on: ubuntu-latest\n${step}` });
    expect(checkPullRequestCodeHoldsNothing(people)).toEqual(["snippet.yml (pull_request: the PR's own code): job people references secrets: OKTA_API_PRIVATE_KEY"]);
    const plan = snippet({ jobs: `  plan:\n${guard}    runs-on: ubuntu-latest\n    permissions: {id-token: write}\n    steps:\n      - uses: ${AWS}\n` });
    expect(checkPullRequestCodeHoldsNothing(plan)).toEqual(["snippet.yml (pull_request: the PR's own code): job plan has id-token: write"]);
    const post = snippet({ jobs: `  post:\n${guard}    runs-on: ubuntu-latest\n    permissions: {contents: read, pull-requests: write}\n    steps:\n      - run: "true"\n` });
    expect(checkPullRequestCodeHoldsNothing(post)).toEqual(["snippet.yml (pull_request: the PR's own code): job post has pull-requests: write"]);
    const env = snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    environment: plan\n    steps:\n      - run: "true"\n` });
    expect(checkPullRequestCodeHoldsNothing(env)).toHaveLength(1);
    const workflowEnv = parseWorkflow(`on: pull_request\npermissions: {}\nenv:\n  K: \${{ secrets.X }}\njobs:\n${okJob}`);
    expect(checkPullRequestCodeHoldsNothing(workflowEnv)).toHaveLength(1);
    const review = snippet({ on: "pull_request_review", jobs: `  a:\n    runs-on: ubuntu-latest\n${step}` });
    expect(checkPullRequestCodeHoldsNothing(review)).toHaveLength(1);
    expect(checkPullRequestCodeHoldsNothing(snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    permissions: {contents: read}\n    steps:\n      - run: npm test\n` }))).toEqual([]);
    // Other events are other checks' business.
    expect(checkPullRequestCodeHoldsNothing(snippet({ on: "push", jobs: `  a:\n    runs-on: ubuntu-latest\n${step}` }))).toEqual([]);
  });

  it("the same-repository guard is one term of an AND, not negated or bypassed", () => {
    expect(requiresSameRepo("${{ !cancelled() && github.event.pull_request.head.repo.full_name == github.repository }}")).toBe(true);
    expect(requiresSameRepo("github.event.pull_request.head.repo.full_name != github.repository")).toBe(false);
    expect(requiresSameRepo("github.event.pull_request.head.repo.full_name == github.repository || always()")).toBe(false);
    expect(requiresSameRepo(undefined)).toBe(false);
  });

  describe("a pull_request_target job that would run the pull request's code", () => {
    const target = (job: string) => snippet({ on: "{pull_request_target: {types: [opened]}}", jobs: job });
    const credentialed = "    runs-on: ubuntu-latest\n    environment: plan\n    permissions: {contents: read, id-token: write}\n    steps:\n";
    const checkout = (withs: string) => `      - uses: ${CHECKOUT}\n        with: {persist-credentials: false${withs}}\n`;

    it("catches today's plan job moved to pull_request_target as is: it checks out the PR's merge commit and runs npm with credentials", () => {
      const wf = target(`  plan:\n${credentialed}${checkout(", ref: '${{ github.event.pull_request.merge_commit_sha }}'")}      - run: npm ci --ignore-scripts\n      - run: npm run synth\n      - uses: ${AWS}\n`);
      expect(checkPullRequestTargetRunsBaseCode(wf)).toEqual([
        "snippet.yml: job plan holds credentials and checks out ${{ github.event.pull_request.merge_commit_sha }}, not the base branch",
        "snippet.yml: job plan holds credentials and names the pull request's commits (merge_commit_sha)",
      ]);
      const head = target(`  plan:\n${credentialed}${checkout(", ref: '${{ github.event.pull_request.head.sha }}', path: _head, sparse-checkout: access-model")}      - uses: ${AWS}\n`);
      expect(checkPullRequestTargetRunsBaseCode(head)).toHaveLength(2);
      // Its check job holds no credential, but runs in the base's context (its caches, its token).
      const check = target(`  check:\n    runs-on: ubuntu-latest\n    steps:\n${checkout(", ref: '${{ github.event.pull_request.merge_commit_sha }}'")}      - run: npm ci --ignore-scripts\n`);
      expect(checkPullRequestTargetRunsBaseCode(check)).toEqual([
        "snippet.yml: job check checks out ${{ github.event.pull_request.merge_commit_sha }} with its code (read it as data: sparse-checkout: access-model into its own path, or pr-model.sh)",
      ]);
      const data = target(`  check:\n    runs-on: ubuntu-latest\n    steps:\n${checkout(", ref: '${{ github.event.pull_request.head.sha }}', path: _head, sparse-checkout: access-model")}`);
      expect(checkPullRequestTargetRunsBaseCode(data)).toEqual([]);
    });

    it("catches a credentialed job that fetches the PR's commits, a checkout that keeps its token, git putting files in the tree, npm ci after a fetch", () => {
      const fetch = target(`  plan:\n${credentialed}${checkout("")}      - run: git fetch origin "$HEAD"\n        env: {HEAD: '\${{ github.event.pull_request.head.sha }}'}\n      - uses: ${AWS}\n`);
      expect(checkPullRequestTargetRunsBaseCode(fetch)).toEqual([
        "snippet.yml: job plan holds credentials and names the pull request's commits (pull_request.head.sha)",
        "snippet.yml: job plan holds credentials and fetches commits",
      ]);
      const model = target(`  plan:\n${credentialed}${checkout("")}      - run: scripts/ci/pr-model.sh "$H" "$RUNNER_TEMP/pr"\n      - uses: ${AWS}\n`);
      expect(checkPullRequestTargetRunsBaseCode(model)).toEqual(["snippet.yml: job plan holds credentials and fetches commits"]);
      const persisted = target(`  check:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${CHECKOUT}\n`);
      expect(checkPullRequestTargetRunsBaseCode(persisted)).toEqual(["snippet.yml: job check checks out without persist-credentials: false"]);
      const switched = target(`  check:\n    runs-on: ubuntu-latest\n    steps:\n${checkout("")}      - run: git fetch origin "$H"\n      - run: git checkout FETCH_HEAD -- .\n      - run: npm ci --ignore-scripts\n`);
      expect(checkPullRequestTargetRunsBaseCode(switched)).toEqual([
        "snippet.yml: job check step 3 changes the working tree with git",
        "snippet.yml: job check step 4 installs dependencies after fetching the pull request's commits",
      ]);
    });

    it("catches a job that takes another run's artifacts (a pull_request run's stacks were synthesized by the PR's code)", () => {
      const download = "actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1";
      const other = target(`  plan:\n${credentialed}${checkout("")}      - uses: ${download}\n        with: {name: access-check, run-id: '\${{ github.event.workflow_run.id }}', github-token: '\${{ github.token }}'}\n`);
      expect(checkPullRequestTargetRunsBaseCode(other)).toEqual(["snippet.yml: job plan downloads another run's artifacts"]);
      const gh = target(`  report:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh run download "$RUN" -n access-check\n`);
      expect(checkPullRequestTargetRunsBaseCode(gh)).toEqual(["snippet.yml: job report downloads another run's artifacts"]);
      const own = target(`  plan:\n${credentialed}${checkout("")}      - uses: ${download}\n        with: {name: access-check}\n`);
      expect(checkPullRequestTargetRunsBaseCode(own)).toEqual([]);
    });

    it("accepts the base's checkout, a fetch and pr-model.sh after npm ci in a job without credentials, and a credentialed job on the base alone", () => {
      const wf = target(
        `  check:\n    runs-on: ubuntu-latest\n    permissions: {contents: read}\n    steps:\n${checkout(", fetch-depth: 0")}      - run: npm ci --ignore-scripts\n      - run: git -c x=y fetch --no-tags origin "$H"\n        env: {H: '\${{ github.event.pull_request.head.sha }}'}\n      - run: scripts/ci/pr-model.sh "$H" "$RUNNER_TEMP/pr"\n      - run: npm run --silent access -- validate --model "$RUNNER_TEMP/pr/access-model"\n` +
          `  plan:\n    if: github.event.pull_request.head.repo.full_name == github.repository\n${credentialed}${checkout(", ref: '${{ github.event.pull_request.base.sha }}'")}      - run: npm ci --ignore-scripts\n      - uses: ${AWS}\n`,
      );
      expect(checkPullRequestTargetRunsBaseCode(wf)).toEqual([]);
      // The pull_request trigger is checkPullRequestCodeHoldsNothing's.
      expect(checkPullRequestTargetRunsBaseCode(snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ${CHECKOUT}\n` }))).toEqual([]);
    });
  });

  it("an Okta key read outside an environment, whatever the trigger", () => {
    const job = (extra: string, on = "push") =>
      snippet({ on, jobs: `  a:\n    runs-on: ubuntu-latest\n${extra}    steps:\n      - run: "true"\n        env:\n          K: \${{ secrets.OKTA_API_PRIVATE_KEY }}\n` });
    expect(checkOktaKeysOnlyInEnvironments(job(""))).toEqual(["snippet.yml: job a reads OKTA_API_PRIVATE_KEY outside an environment"]);
    expect(checkOktaKeysOnlyInEnvironments(job("", "schedule"))).toHaveLength(1);
    expect(checkOktaKeysOnlyInEnvironments(job("    if: github.event.pull_request.head.repo.full_name == github.repository\n", "pull_request"))).toHaveLength(1);
    expect(checkOktaKeysOnlyInEnvironments(job("    environment: plan\n"))).toEqual([]);
    expect(checkOktaKeysOnlyInEnvironments(job("    environment: {name: production}\n"))).toEqual([]);
    const inherit = snippet({ on: "push", jobs: `  a:\n    uses: ./.github/workflows/x.yml\n    secrets: inherit\n` });
    expect(checkOktaKeysOnlyInEnvironments(inherit)).toHaveLength(1);
    const other = snippet({ on: "push", jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n        env: {K: "\${{ secrets.ELEVATE_MEMBERS_TOKEN }}"}\n` });
    expect(checkOktaKeysOnlyInEnvironments(other)).toEqual([]);
  });

  it("an apply that runs on other events or branches, or outside the environment", () => {
    const job = (extra: string) =>
      `  apply:\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-latest\n${extra}    permissions: {id-token: write}\n    steps:\n      - uses: ${AWS}\n`;
    const good = snippet({ on: "{push: {branches: [main]}}", jobs: job("    environment: production\n") });
    expect(checkApplyOnlyFromMain(good)).toEqual([]);
    expect(checkApplyOnlyFromMain(snippet({ on: "{push: {branches: [main]}, workflow_dispatch: {}}", jobs: job("    environment: production\n") }))).toEqual([]);
    expect(checkApplyOnlyFromMain(snippet({ on: "{push: {branches: [main]}, pull_request: {}}", jobs: job("    environment: production\n") }))).toHaveLength(1);
    expect(checkApplyOnlyFromMain(snippet({ on: "{push: {branches: ['**']}}", jobs: job("    environment: production\n") }))).toHaveLength(1);
    expect(checkApplyOnlyFromMain(snippet({ on: "{push: {branches: [main], tags: ['v*']}}", jobs: job("    environment: production\n") }))).toHaveLength(1);
    expect(checkApplyOnlyFromMain(snippet({ on: "push", jobs: job("    environment: production\n") }))).toHaveLength(1);
    const noEnv = checkApplyOnlyFromMain(snippet({ on: "{push: {branches: [main]}}", jobs: job("") }));
    expect(noEnv).toContain("snippet.yml: job apply holds credentials outside a main-only environment (production, plan, approval, automation)");
    const otherEnv = snippet({ on: "{push: {branches: [main]}}", jobs: job("    environment: {name: staging}\n") });
    expect(checkApplyOnlyFromMain(otherEnv)).toContain("snippet.yml: job apply holds credentials outside a main-only environment (production, plan, approval, automation)");
    const noRefGuard = snippet({
      on: "{push: {branches: [main]}}",
      jobs: `  apply:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: "true"\n        env: {K: "\${{ secrets.OKTA_API_PRIVATE_KEY }}"}\n`,
    });
    expect(checkApplyOnlyFromMain(noRefGuard)).toEqual(["snippet.yml: job apply does not guard on github.ref == 'refs/heads/main'"]);
     // The automation environment holds only the automation app's key: nothing else may use it.
    const record = (secret: string, extra = "") =>
      snippet({
        on: "{push: {branches: [main]}}",
        jobs: `  apply:\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-latest\n    environment: production\n    permissions: {id-token: write}\n    steps:\n      - uses: ${AWS}\n  record:\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-latest\n    environment: automation\n${extra}    steps:\n      - run: "true"\n        env: {K: "\${{ secrets.${secret} }}"}\n`,
      });
    expect(checkApplyOnlyFromMain(record("ACCESS_BOT_PRIVATE_KEY"))).toEqual([]);
    expect(checkApplyOnlyFromMain(record("OKTA_API_PRIVATE_KEY"))).toEqual(["snippet.yml: job record reads OKTA_API_PRIVATE_KEY in environment automation, which does not hold it"]);
    expect(checkApplyOnlyFromMain(record("ACCESS_BOT_PRIVATE_KEY", "    permissions: {id-token: write}\n"))).toEqual(["snippet.yml: job record gets an OIDC token in environment automation, which holds no role"]);
    // The plan environment holds the read-only role: a job there that assumes the apply role is refused.
    const planJob = (role: string) =>
      snippet({
        on: "{push: {branches: [main]}}",
        jobs: `  apply:\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-latest\n    environment: production\n    permissions: {id-token: write}\n    steps:\n      - uses: ${AWS}\n  plan:\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-latest\n    environment: plan\n    permissions: {id-token: write}\n    steps:\n      - uses: ${AWS}\n        with: {role-to-assume: "\${{ vars.${role} }}"}\n`,
      });
    expect(checkApplyOnlyFromMain(planJob("AWS_PLAN_ROLE_ARN"))).toEqual([]);
    expect(checkApplyOnlyFromMain(planJob("AWS_APPLY_ROLE_ARN"))).toEqual(["snippet.yml: job plan assumes AWS_APPLY_ROLE_ARN in environment plan"]);
  });

  it("an apply that can be cancelled in progress", () => {
    const wf = (c: string) => parseWorkflow(`on: {push: {branches: [main]}}\npermissions: {}\n${c}jobs:\n${okJob}`);
    expect(checkApplyConcurrency(wf("concurrency: {group: access-apply, cancel-in-progress: false}\n"))).toEqual([]);
    expect(checkApplyConcurrency(wf("concurrency: {group: access-apply, cancel-in-progress: true}\n"))).toHaveLength(1);
    expect(checkApplyConcurrency(wf("concurrency: {group: access-apply}\n"))).toHaveLength(1);
    expect(checkApplyConcurrency(wf("concurrency: {group: 'apply-${{ github.sha }}', cancel-in-progress: false}\n"))).toHaveLength(1);
    expect(checkApplyConcurrency(wf(""))).toHaveLength(1);
  });

  it("a stack matrix that fails fast or runs unbounded", () => {
    const job = (strategy: string) =>
      snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    strategy:\n${strategy}      matrix:\n        stack: \${{ fromJSON(needs.x.outputs.stacks) }}\n    steps:\n      - run: "true"\n` });
    expect(checkStackMatrices(job("      fail-fast: false\n      max-parallel: 4\n"))).toEqual([]);
    expect(checkStackMatrices(job("      max-parallel: 4\n"))).toEqual(["snippet.yml: job a matrix must set fail-fast: false"]);
    expect(checkStackMatrices(job("      fail-fast: false\n"))).toHaveLength(1);
    expect(checkStackMatrices(job("      fail-fast: false\n      max-parallel: 50\n"))).toHaveLength(1);
    const fixed = snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        os: [a, b]\n    steps:\n      - run: "true"\n` });
    expect(checkStackMatrices(fixed)).toEqual([]);
  });

  it("a stack matrix without -parallelism or over the API budget", () => {
    const job = (env: string, max: number, run = "scripts/ci/terraform-plan.sh x y z") =>
      snippet({
        jobs: `  a:\n    runs-on: ubuntu-latest\n${env}    strategy:\n      fail-fast: false\n      max-parallel: ${max}\n      matrix:\n        stack: [okta]\n    steps:\n      - run: ${run}\n`,
      });
    expect(checkApiBudget(job('    env: {TF_CLI_ARGS_plan: "-parallelism=5"}\n', 4))).toEqual([]);
    expect(checkApiBudget(job("", 4))).toHaveLength(1);
    expect(checkApiBudget(job('    env: {TF_CLI_ARGS_plan: "-parallelism=10"}\n', 4))).toHaveLength(1);
    const apply = 'scripts/ci/apply-stack.sh x y z';
    expect(checkApiBudget(job('    env: {TF_CLI_ARGS_plan: "-parallelism=5", TF_CLI_ARGS_apply: "-parallelism=5"}\n', 2, apply))).toEqual([]);
    expect(checkApiBudget(job('    env: {TF_CLI_ARGS_plan: "-parallelism=5", TF_CLI_ARGS_apply: "-parallelism=5"}\n', 4, apply))).toHaveLength(1);
    expect(checkApiBudget(job('    env: {TF_CLI_ARGS_plan: "-parallelism=5"}\n', 2, apply))).toHaveLength(1);
    expect(checkApiBudget(job('    env: {TF_CLI_ARGS_plan: "-parallelism=5"}\n', 2, "scripts/ci/gated-apply.sh a b c d"))).toHaveLength(1);
  });

  it("an Okta secret handed to every stack of a matrix", () => {
    const job = (value: string) =>
      snippet({
        jobs: `  a:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        stack: [okta, identity-center]\n    steps:\n      - run: "true"\n        env:\n          K: "${value}"\n`,
      });
    expect(checkOktaSecretsOnlyForOkta(job("${{ matrix.stack == 'okta' && secrets.OKTA_API_PRIVATE_KEY || '' }}"))).toEqual([]);
    expect(checkOktaSecretsOnlyForOkta(job("${{ secrets.OKTA_API_PRIVATE_KEY }}"))).toHaveLength(1);
    expect(checkOktaSecretsOnlyForOkta(job("${{ matrix.stack != 'okta' && secrets.OKTA_API_PRIVATE_KEY || '' }}"))).toHaveLength(1);
  });

  it("event data interpolated into a run script", () => {
    const wf = snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "\${{ github.event.pull_request.title }}"\n` });
    expect(checkNoUntrustedInterpolation(wf)).toHaveLength(1);
    const viaEnv = snippet({
      jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "$TITLE"\n        env: {TITLE: "\${{ github.event.pull_request.title }}"}\n`,
    });
    expect(checkNoUntrustedInterpolation(viaEnv)).toEqual([]);
  });
});
