// Safety properties of the workflows. Every check runs on the real workflows (must hold) and on a
// snippet that breaks it (must be caught), so a check that silently stops working fails here.
import { describe, expect, it } from "vitest";
import {
  checkActionsPinned,
  checkApiBudget,
  checkApplyConcurrency,
  checkApplyOnlyFromMain,
  checkConsistentPins,
  checkForkJobsHaveNoSecrets,
  checkIdTokenOnlyForAwsRoles,
  checkLocalActionsCheckedOut,
  checkNoBlanketPermissions,
  checkNoPullRequestTarget,
  checkNoUntrustedInterpolation,
  checkOktaSecretsOnlyForOkta,
  checkStackMatrices,
  checkTopLevelPermissions,
  loadWorkflows,
  needsOf,
  parseWorkflow,
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
      // approval.yml alone uses it, to run the base branch's code (trusted-code.test.ts pins how).
      if (!wf.file.endsWith("/approval.yml")) it("never triggers on pull_request_target", () => expect(checkNoPullRequestTarget(wf)).toEqual([]));
      it("sets minimal top-level permissions", () => expect(checkTopLevelPermissions(wf)).toEqual([]));
      it("grants no write-all/read-all to a job", () => expect(checkNoBlanketPermissions(wf)).toEqual([]));
      it("gives id-token: write only to jobs that assume an AWS role", () => expect(checkIdTokenOnlyForAwsRoles(wf)).toEqual([]));
      it("pins every third-party action to a commit SHA with a version comment", () => expect(checkActionsPinned(wf)).toEqual([]));
      it("keeps secrets away from jobs that run for fork PRs", () => expect(checkForkJobsHaveNoSecrets(wf)).toEqual([]));
      it("interpolates no event data into run scripts", () => expect(checkNoUntrustedInterpolation(wf)).toEqual([]));
      it("runs stack matrices without fail-fast and with a bounded max-parallel", () => expect(checkStackMatrices(wf)).toEqual([]));
      it("gives the Okta key only to the okta stack in per-stack jobs", () => expect(checkOktaSecretsOnlyForOkta(wf)).toEqual([]));
      it("keeps each stack matrix within Identity Center's API budget", () => expect(checkApiBudget(wf)).toEqual([]));
      it("checks out a local action before using it", () => expect(checkLocalActionsCheckedOut(wf)).toEqual([]));
    });
  }

  it("pins each action to one SHA across all workflows", () => expect(checkConsistentPins(workflows)).toEqual([]));
});

describe("plan.yml", () => {
  const plan = byName("plan.yml");

  it("runs on pull_request only", () => expect(Object.keys(plan.doc.on as object)).toEqual(["pull_request"]));

  it("plans only in jobs guarded to same-repository PRs, with the read-only role", () => {
    const jobs = plan.doc.jobs as Record<string, { if?: string; steps?: { uses?: string; with?: Record<string, string> }[] }>;
    const assuming = Object.entries(jobs).filter(([, j]) => (j.steps ?? []).some((s) => s.uses?.startsWith("aws-actions/")));
    expect(assuming.map(([id]) => id)).toEqual(["plan", "policies"]);
    for (const [, job] of assuming) {
      expect(requiresSameRepo(job.if)).toBe(true);
      const aws = (job.steps ?? []).find((s) => s.uses?.startsWith("aws-actions/"));
      expect(aws?.with?.["role-to-assume"]).toBe("${{ vars.AWS_PLAN_ROLE_ARN }}");
    }
  });

  type Job = { if?: string; env?: Record<string, string>; strategy?: { matrix?: Record<string, string> }; steps: { name?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> }[] };
  const planJobs = plan.doc.jobs as Record<string, Job>;

  it("plans only the affected stacks, one matrix job per stack, from the check job's list", () => {
    expect(planJobs.plan!.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.check.outputs.stacks) }}");
    expect(planJobs.plan!.if).toContain("needs.check.outputs.count != '0'");
    const check = planJobs.check!.steps.map((s) => s.run ?? "").join("\n");
    expect(check).toContain("scripts/ci/base-checkout.sh");
    expect(check).toMatch(/access -- diff [^\n]*--changed-files/);
    expect(check).toContain("scripts/ci/stack-matrix.sh");
  });

  it("resolves the diff's base at the last-applied record's date and the head at today, in the check and people jobs", () => {
    expect(stepIds(plan, "check")).toContain("last-applied");
    const check = planJobs.check!.steps.map((s) => s.run ?? "").join("\n");
    expect(check).toContain("scripts/ci/last-applied.sh read");
    expect(check).toContain('dates=(--base-today "${APPLIED_TODAY:-$today}" --head-today "$today")');
    expect(check.match(/access -- diff [^\n]*"\$\{dates\[@\]\}"/g)).toHaveLength(2);
    const people = planJobs.people!.steps.map((s) => s.run ?? "").join("\n");
    expect(people).toContain('--base-today "${APPLIED_TODAY:-$today}" --head-today "$today"');
  });

  it("uploads each stack's plan as its own artifact and collects them all for the comment", () => {
    const upload = planJobs.plan!.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with?.name).toBe("plan-${{ matrix.stack }}");
    expect(upload?.with?.path).not.toContain(".tfplan");
    const download = planJobs.report!.steps.find((s) => s.with?.pattern === "plan-*");
    expect(download?.with?.["merge-multiple"]).toBe(true);
  });

  it("shows the Okta key only to the okta stack's plan", () => {
    const job = planJobs.plan!;
    expect(job.env ?? {}).not.toHaveProperty("OKTA_API_PRIVATE_KEY");
    const withSecrets = job.steps.filter((s) => JSON.stringify(s).includes("secrets."));
    expect(withSecrets.map((s) => s.name)).toEqual(["Plan the stack"]);
    for (const value of Object.values(withSecrets[0]!.env ?? {})) expect(value).toMatch(/^\$\{\{ matrix\.stack == 'okta' && secrets\.OKTA_/);
  });

  it("posts the comment only from a same-repository job", () => {
    const jobs = plan.doc.jobs as Record<string, { if?: string; permissions?: Record<string, string> }>;
    for (const [id, job] of Object.entries(jobs)) {
      if (job.permissions?.["pull-requests"] === "write") expect([id, requiresSameRepo(job.if)]).toEqual([id, true]);
    }
  });
});

describe("apply.yml", () => {
  const apply = byName("apply.yml");
  it("triggers only on push to main (or an operator's drift repair) and holds credentials only in the protected environment", () =>
    expect(checkApplyOnlyFromMain(apply)).toEqual([]));
  it("never cancels an apply in progress", () => expect(checkApplyConcurrency(apply)).toEqual([]));
  it("assumes the apply role, not the plan role", () => {
    expect(apply.text).toContain("${{ vars.AWS_APPLY_ROLE_ARN }}");
    expect(apply.text).not.toContain("AWS_PLAN_ROLE_ARN");
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

  it("plans every affected stack and runs the gates before anything is applied, then okta (tighten phase), the push, identity-center", () => {
    // team-token and team read the privileged-access team for the acknowledgement label.
    expect(stepIds(apply, "apply")).toEqual(["team-token", "team", "gate", "okta", "wait", "identity-center"]);
    // Both okta phases are planned for the gates (the same state): the tighten phase applied
    // here, and the final model applied after the shards.
    // Each step's folder and plan name come from the rollout (scripts/ci/rollout-steps.sh).
    const locate = indexOf("apply", 'scripts/ci/rollout-steps.sh env cdktf.out/rollout.json >>"$GITHUB_ENV"');
    const planTighten = indexOf("apply", 'terraform-plan.sh "$OKTA_TIGHTEN_DIR" "$RUNNER_TEMP/gate" "$OKTA_TIGHTEN_STEP"');
    const planOkta = indexOf("apply", 'terraform-plan.sh "$OKTA_FINAL_DIR" "$RUNNER_TEMP/gate" "$OKTA_FINAL_STEP"\n');
    const planIc = indexOf("apply", 'scripts/ci/terraform-plan.sh "$1" "$RUNNER_TEMP/gate" "$2"');
    const gate = jobs.apply!.steps.findIndex((s) => s.id === "gate");
    const okta = indexOf("apply", 'apply-stack.sh "${OKTA_TIGHTEN_DIR%/*}" "$RUNNER_TEMP/gate" "$OKTA_TIGHTEN_STACK" "$OKTA_TIGHTEN_STEP"');
    const wait = indexOf("apply", "wait-for-push");
    const ic = indexOf("apply", 'gated-apply.sh "$BASE_FINAL_DIR"');
    expect(locate).toBeLessThan(planTighten);
    // The final okta model is never applied in this job: only after every Identity Center stack.
    expect(runs("apply").filter((r) => APPLIES.test(r) && r.includes("OKTA_FINAL"))).toEqual([]);
    expect(planTighten).toBeLessThan(gate);
    expect(planOkta).toBeLessThan(gate);
    expect(planIc).toBeLessThan(gate);
    expect(gate).toBeLessThan(okta);
    expect(okta).toBeLessThan(wait);
    expect(wait).toBeLessThan(ic);
    // Nothing applies before the gate, and nothing after it can run once it failed.
    expect(runs("apply").slice(0, gate + 1).filter((r) => APPLIES.test(r))).toEqual([]);
    for (const step of jobs.apply!.steps.slice(gate)) {
      expect([step.name, step["continue-on-error"]]).toEqual([step.name, undefined]);
      if (APPLIES.test(step.run ?? "")) expect([step.name, step.if ?? ""]).not.toEqual([step.name, expect.stringMatching(/always\(\)|failure\(\)|cancelled\(\)/)]);
    }
  });

  it("computes the gate across every stack's plan, with the acknowledgement label of every merged pull request", () => {
    const gate = jobs.apply!.steps.find((s) => s.id === "gate")!;
    expect(gate.run).toContain('ACKNOWLEDGED=$(scripts/ci/ack-label.sh "$BASE_COMMIT" "$GITHUB_SHA")');
    expect(gate.run).toContain('for plan in "$RUNNER_TEMP"/gate/*.plan.json');
    expect(gate.run).toContain('scripts/ci/apply-gate.sh "$RUNNER_TEMP/gate/all" "$DIFF" "${plans[@]}"');
    expect(gate.run).not.toContain("SKIP_THRESHOLD");
    expect(gate.env?.BASE_COMMIT).toBe("${{ needs.prepare.outputs.applied-commit }}");
    expect(jobs.apply!.permissions).toEqual({ contents: "read", "id-token": "write", "pull-requests": "read", issues: "read" });
    // The Identity Center plans for the gate are every affected stack but okta, bounded.
    expect(runs("apply").join("\n")).toMatch(/rollout-steps\.sh aws-final cdktf\.out\/rollout\.json "\$AFFECTED" >"\$RUNNER_TEMP\/ic-steps"\n\s*xargs -r -P 2 /);
  });

  it("re-plans, explains and applies identity-center and each shard with the gate's acknowledgement, the threshold already checked", () => {
    const ic = jobs.apply!.steps.find((s) => s.id === "identity-center")!;
    expect(ic.env).toMatchObject({ ACKNOWLEDGED: "${{ steps.gate.outputs.acknowledged }}", SKIP_THRESHOLD: "true" });
    expect(ic.if).toBeUndefined();
    const shard = jobs.shards!.steps.find((s) => s.id === "apply")!;
    expect(shard.run).toBe('scripts/ci/gated-apply.sh "$STACKS/$STACK" "$RUNNER_TEMP/apply" "$STACK" "$DIFF"');
    expect(shard.env).toEqual({ ACKNOWLEDGED: "${{ needs.apply.outputs.acknowledged }}", SKIP_THRESHOLD: "true" });
    for (const job of ["apply", "shards"]) expect(runs(job).filter((r) => r.includes("apply-stack.sh") && !r.includes('"$RUNNER_TEMP/gate" "$OKTA_TIGHTEN_STACK"'))).toEqual([]);
  });

  it("applies the affected shards only after the gates, okta, the push and the base stack, in a bounded matrix", () => {
    expect(needsOf(apply, "prepare")).toEqual([]);
    expect(needsOf(apply, "apply")).toEqual(["prepare"]);
    expect(needsOf(apply, "shards")).toEqual(["prepare", "apply"]);
    const shards = jobs.shards!;
    expect(shards.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.prepare.outputs.shards) }}");
    // No status function: the shards run only when prepare and the first apply job succeeded.
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

  it("applies the final okta model only after every Identity Center stack applied, re-planned and explained again", () => {
    expect(needsOf(apply, "okta-final")).toEqual(["prepare", "apply", "shards"]);
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
    expect(base.run).toBe('scripts/ci/gated-apply.sh "$BASE_FINAL_DIR" "$RUNNER_TEMP/apply" "$BASE_FINAL_STEP" "$DIFF"');
    const step = job.steps.find((s) => s.id === "okta-final")!;
    expect(step.if).toBe("needs.prepare.outputs.okta == 'true'");
    expect(step.run).toBe('scripts/ci/gated-apply.sh "$OKTA_FINAL_DIR" "$RUNNER_TEMP/apply" "$OKTA_FINAL_STEP" "$DIFF"');
    expect(indexOf("okta-final", "rollout-steps.sh env cdktf.out/rollout.json")).toBeLessThan(job.steps.indexOf(base));
    expect(step.env).toMatchObject({ ACKNOWLEDGED: "${{ needs.apply.outputs.acknowledged }}", SKIP_THRESHOLD: "true" });
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
    expect(needsOf(apply, "report")).toEqual(["prepare", "apply", "shards", "okta-final", "record"]);
    const report = jobs.report!;
    expect(report.if).toContain("always()");
    expect(apply.text).toContain("name: apply-result-${{ matrix.stack }}");
    expect(apply.text).toContain("pattern: apply-result-*");
    expect(apply.text).toContain("${{ runner.temp }}/apply/*.gate/gate.md");
    const comment = report.steps.find((s) => s.run?.includes("apply-report.sh"))!;
    expect(comment.env).toMatchObject({
      GATE: "${{ needs.apply.outputs.gate }}",
      RECORD_RESULT: "${{ needs.record.result }}",
      OKTA_FINAL_APPLY: "${{ needs.okta-final.outputs.okta-final }}",
    });
    expect(comment.run).toContain('export GATE_REPORTS="$RUNNER_TEMP/apply-gate $RUNNER_TEMP/shards $RUNNER_TEMP/okta-final"');
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

  it("secrets or id-token in a job that fork PRs reach", () => {
    const step = `    steps:\n      - run: "true"\n        env:\n          KEY: \${{ secrets.OKTA_API_PRIVATE_KEY }}\n`;
    const unguarded = snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n${step}` });
    expect(checkForkJobsHaveNoSecrets(unguarded)).toEqual(["snippet.yml: job a runs for fork PRs but references secrets: OKTA_API_PRIVATE_KEY"]);
    const negated = snippet({
      jobs: `  a:\n    if: github.event.pull_request.head.repo.full_name != github.repository\n    runs-on: ubuntu-latest\n${step}`,
    });
    expect(checkForkJobsHaveNoSecrets(negated)).toHaveLength(1);
    const orBypass = snippet({
      jobs: `  a:\n    if: github.event.pull_request.head.repo.full_name == github.repository || always()\n    runs-on: ubuntu-latest\n${step}`,
    });
    expect(checkForkJobsHaveNoSecrets(orBypass)).toHaveLength(1);
    const workflowEnv = parseWorkflow(`on: pull_request\npermissions: {}\nenv:\n  K: \${{ secrets.X }}\njobs:\n${okJob}`);
    expect(checkForkJobsHaveNoSecrets(workflowEnv)).toHaveLength(1);
    const idToken = snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    permissions: {id-token: write}\n    steps:\n      - uses: ${AWS}\n` });
    expect(checkForkJobsHaveNoSecrets(idToken)).toEqual(["snippet.yml: job a runs for fork PRs but has id-token: write"]);
    const guarded = snippet({
      jobs: `  a:\n    if: \${{ !cancelled() && github.event.pull_request.head.repo.full_name == github.repository }}\n    runs-on: ubuntu-latest\n${step}`,
    });
    expect(checkForkJobsHaveNoSecrets(guarded)).toEqual([]);
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
    expect(noEnv).toContain("snippet.yml: job apply holds credentials outside the production environment");
    const otherEnv = snippet({ on: "{push: {branches: [main]}}", jobs: job("    environment: {name: staging}\n") });
    expect(checkApplyOnlyFromMain(otherEnv)).toContain("snippet.yml: job apply holds credentials outside the production environment");
    const noRefGuard = snippet({
      on: "{push: {branches: [main]}}",
      jobs: `  apply:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: "true"\n        env: {K: "\${{ secrets.K }}"}\n`,
    });
    expect(checkApplyOnlyFromMain(noRefGuard)).toEqual(["snippet.yml: job apply does not guard on github.ref == 'refs/heads/main'"]);
     // The automation environment holds only the automation app's key: nothing else may use it.
    const record = (secret: string, extra = "") =>
      snippet({
        on: "{push: {branches: [main]}}",
        jobs: `  apply:\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-latest\n    environment: production\n    permissions: {id-token: write}\n    steps:\n      - uses: ${AWS}\n  record:\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-latest\n    environment: automation\n${extra}    steps:\n      - run: "true"\n        env: {K: "\${{ secrets.${secret} }}"}\n`,
      });
    expect(checkApplyOnlyFromMain(record("ACCESS_BOT_PRIVATE_KEY"))).toEqual([]);
    expect(checkApplyOnlyFromMain(record("OKTA_API_PRIVATE_KEY"))).toEqual(["snippet.yml: job record holds credentials outside the production environment"]);
    expect(checkApplyOnlyFromMain(record("ACCESS_BOT_PRIVATE_KEY", "    permissions: {id-token: write}\n"))).toEqual(["snippet.yml: job record holds credentials outside the production environment"]);
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
