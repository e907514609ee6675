// The roles' trust (src/setup/role-policies.ts) and the workflows that assume them agree: every job
// that assumes a role presents an OIDC subject the role trusts, and the plan role trusts no subject
// that a pull request's own workflow can present.
import { describe, expect, it } from "vitest";
import { roleSubjects, subjectPrefix } from "../../src/setup/role-policies.js";
import { loadWorkflows, PR_CODE_EVENTS, triggers, type Workflow } from "../workflows/workflow-checks.js";

const REPO = { owner: "acme", name: "access" };
const prefix = subjectPrefix(REPO, "classic");
const trusted = roleSubjects(REPO, "classic");

type Job = { environment?: string | { name: string }; steps?: { uses?: string; with?: Record<string, string> }[] };

/**
 * The `sub` claim GitHub gives a job: its environment's, else the event's (pull_request) or the
 * ref's (main). A pull_request_target job without an environment is taken to present
 * `pull_request` too: a role must not be reachable from it through the ref subject by accident.
 */
function subjectOf(wf: Workflow, job: Job): string {
  const env = typeof job.environment === "object" ? job.environment.name : job.environment;
  if (env) return `${prefix}:environment:${env}`;
  if (triggers(wf).some((e) => [...PR_CODE_EVENTS, "pull_request_target"].includes(e))) return `${prefix}:pull_request`;
  return `${prefix}:ref:refs/heads/main`;
}

function assuming(role: "AWS_PLAN_ROLE_ARN" | "AWS_APPLY_ROLE_ARN"): [string, string][] {
  const found: [string, string][] = [];
  for (const wf of loadWorkflows()) {
    for (const [id, job] of Object.entries((wf.doc.jobs ?? {}) as Record<string, Job>)) {
      const step = (job.steps ?? []).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
      if (step?.with?.["role-to-assume"] === `\${{ vars.${role} }}`) found.push([`${wf.file} ${id}`, subjectOf(wf, job)]);
    }
  }
  return found;
}

describe("role trust and the workflows", () => {
  it("the plan role trusts the plan environment and main, never pull_request", () => {
    expect(trusted.plan).toEqual([`${prefix}:environment:plan`, `${prefix}:ref:refs/heads/main`]);
    expect(trusted.plan.some((s) => s.endsWith(":pull_request"))).toBe(false);
  });

  it("every job that assumes the plan role presents a subject it trusts (PR plans: the plan environment)", () => {
    const jobs = assuming("AWS_PLAN_ROLE_ARN");
    expect(jobs.map(([where]) => where)).toEqual(expect.arrayContaining([".github/workflows/plan-model.yml plan", ".github/workflows/plan-model.yml policies"]));
    for (const [where, sub] of jobs) expect([where, trusted.plan.includes(sub)]).toEqual([where, true]);
    expect(Object.fromEntries(jobs)[".github/workflows/plan-model.yml plan"]).toBe(`${prefix}:environment:plan`);
  });

  it("every job that assumes the apply role is in the production environment", () => {
    const jobs = assuming("AWS_APPLY_ROLE_ARN");
    expect(jobs.length).toBeGreaterThan(0);
    for (const [where, sub] of jobs) expect([where, trusted.apply.includes(sub)]).toEqual([where, true]);
  });
});
