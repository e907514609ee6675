// Where the post-apply provisioning check runs: after the identity-center applies (the base stack
// and every shard), with the apply role, able to fail the run; and read-only in the drift run.
import { describe, expect, it } from "vitest";
import { loadWorkflows, type Workflow } from "./workflow-checks.js";

type Step = { id?: string; name?: string; run?: string; if?: string; uses?: string; "continue-on-error"?: unknown; with?: Record<string, string> };
type Job = { steps: Step[]; environment?: string };

const byName = (name: string): Workflow => loadWorkflows().find((w) => w.file.endsWith(`/${name}`))!;
const jobsOf = (wf: Workflow) => wf.doc.jobs as unknown as Record<string, Job>;
const CHECK = "npm run --silent access -- provisioning";

function indexOf(job: Job, match: (s: Step) => boolean, what: string): number {
  const i = job.steps.findIndex(match);
  expect([what, i >= 0]).toEqual([what, true]);
  return i;
}

describe("the provisioning check in the apply workflow", () => {
  const jobs = jobsOf(byName("apply.yml"));

  it("repairs and checks right after the identity-center base applies, in the apply job", () => {
    const job = jobs.apply!;
    const ic = indexOf(job, (s) => s.id === "identity-center", "identity-center step");
    const check = indexOf(job, (s) => s.run === CHECK, "provisioning step");
    expect(check).toBe(ic + 1);
    const step = job.steps[check]!;
    expect(step.if).toBe("env.IC_AFFECTED == 'true'");
    expect(step["continue-on-error"]).toBeUndefined();
    expect(job.environment).toBe("production");
  });

  it("repairs and checks after each shard applies, only when the shard applied", () => {
    const job = jobs.shards!;
    const apply = indexOf(job, (s) => s.id === "apply", "shard apply step");
    const check = indexOf(job, (s) => s.run === CHECK, "provisioning step");
    expect(check).toBe(apply + 1);
    expect(job.steps[check]!.if).toBeUndefined();
    expect(job.steps[check]!["continue-on-error"]).toBeUndefined();
  });

  it("never only reports in the apply workflow", () => {
    expect(byName("apply.yml").text).not.toContain("provisioning --check-only");
  });
});

describe("the provisioning check in the drift workflow", () => {
  const wf = byName("drift.yml");
  const job = jobsOf(wf).audit!;

  it("reports accounts behind read-only (--check-only), in the job with the plan role, and fails on them", () => {
    const check = indexOf(job, (s) => (s.run ?? "").includes(`${CHECK} --check-only`), "provisioning step");
    const role = indexOf(job, (s) => (s.uses ?? "").startsWith("aws-actions/configure-aws-credentials@"), "credentials step");
    expect(role).toBeLessThan(check);
    expect(job.steps[role]!.with?.["role-to-assume"]).toBe("${{ vars.AWS_PLAN_ROLE_ARN }}");
    const step = job.steps[check]!;
    expect(step.if).toBe("${{ !cancelled() }}");
    expect(step.run).toContain('>>"$GITHUB_STEP_SUMMARY"');
    expect(step.run).toMatch(/\[\[ \$code -eq 0 \]\]\s*$/);
    expect(wf.text).not.toContain("AWS_APPLY_ROLE_ARN");
  });
});
