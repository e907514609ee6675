// No job holding production credentials runs code that was not reviewed on main, and the approval
// check runs the base branch's code. Each property is checked on the real workflows (must hold)
// and on a snippet that breaks it (must be caught). On the main branch before issue 17 each of
// these failed: expiry.yml checked out and ran the tagged commit (npm ci with scripts), approval.yml
// ran the PR's own code, PR plans took the state lock, review.yml ran on any branch, Dependabot
// had no cooldown. PR plans themselves ran the PR's own code with the plan role and the Okta key
// (plan.yml); safety.test.ts pins their split (checkPullRequestCodeHoldsNothing,
// checkPullRequestTargetRunsBaseCode, checkOktaKeysOnlyInEnvironments).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { isReviewCodePath } from "../../src/diff/code-change.js";
import { checkCredentialedJobsOmitDev, checkInstallsWithoutScripts, credentialed, loadWorkflows, parseWorkflow, SETUP_ACTION, triggers, type Workflow } from "./workflow-checks.js";

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string>; "working-directory"?: string };
type Job = { if?: string; environment?: unknown; permissions?: Record<string, string> | string; steps?: Step[]; env?: Record<string, string> };

const workflows = loadWorkflows();
const byName = (name: string) => workflows.find((w) => w.file.endsWith(`/${name}`))!;
const jobsOf = (wf: Workflow) => Object.entries((wf.doc.jobs ?? {}) as Record<string, Job>);

const isCheckout = (s: Step) => s.uses?.startsWith("actions/checkout@") === true;
/** A ref chosen by the event or by a step (a tag's commit, the PR head), not the workflow's own commit. */
const foreignRef = (s: Step) =>
  typeof s.with?.ref === "string" && /steps\.|pull_request\.head|workflow_run|last-applied/.test(s.with.ref) && !/outputs\.base \}\}$|pull_request\.base\.sha \}\}$/.test(s.with.ref);

/**
 * A checkout of a commit other than the workflow's own (a tag's commit, a PR's head) in a
 * credentialed or pull_request_target job is data only: a sparse checkout of access-model into its
 * own folder, and no step runs there.
 */
export function checkForeignCommitsAreDataOnly(wf: Workflow): string[] {
  const out: string[] = [];
  const prTarget = triggers(wf).includes("pull_request_target") || triggers(wf).includes("workflow_run");
  for (const [id, job] of jobsOf(wf)) {
    if (!credentialed(job) && !prTarget) continue;
    for (const step of (job.steps ?? []).filter(isCheckout)) {
      if (step.with?.ref !== undefined && !foreignRef(step)) continue;
      if (step.with?.ref === undefined) continue;
      const path = step.with?.path;
      if (step.with?.["sparse-checkout"]?.trim() !== "access-model" || !path) {
        out.push(`${wf.file} ${id}: checks out ${step.with?.ref} with code (use sparse-checkout: access-model into its own path)`);
        continue;
      }
      for (const s of job.steps ?? []) {
        const wd = s["working-directory"] ?? "";
        if (wd === path || wd.startsWith(`${path}/`)) out.push(`${wf.file} ${id}: a step runs in ${path}, the foreign commit's folder`);
        if (new RegExp(`(^|[\\s"'=])${path}/(?!access-model\\b)`).test(s.run ?? "")) out.push(`${wf.file} ${id}: a step uses ${path}/ beyond its model`);
      }
    }
  }
  return out;
}

describe("credentialed jobs run only reviewed code", () => {
  for (const wf of workflows) {
    it(`${wf.file}: installs without scripts wherever credentials are in reach`, () => expect(checkInstallsWithoutScripts(wf)).toEqual([]));
    it(`${wf.file}: reads other commits (a tag's, a PR's) as data only`, () => expect(checkForeignCommitsAreDataOnly(wf)).toEqual([]));
    it(`${wf.file}: installs no dev dependencies wherever credentials are in reach`, () => expect(checkCredentialedJobsOmitDev(wf)).toEqual([]));
  }

  it("catches a credentialed job that installs dev dependencies, directly or through the setup action", () => {
    const job = (perms: string, install: string) => parseWorkflow(`on: push\npermissions: {}\njobs:\n  a:\n    ${perms}\n    steps:\n      - uses: actions/checkout@x\n${install}`);
    const setup = (omit: string) => `      - uses: ./.github/actions/setup\n        with: {node-version: "24"${omit}}\n`;
    expect(checkCredentialedJobsOmitDev(job("permissions: { id-token: write }", setup(', omit-dev: "true"')))).toEqual([]);
    expect(checkCredentialedJobsOmitDev(job("permissions: { id-token: write }", setup("")))).toEqual(['snippet.yml a: "npm ci --ignore-scripts" installs dev dependencies with credentials in reach']);
    expect(checkCredentialedJobsOmitDev(job("environment: automation", setup("")))).toHaveLength(1);
    expect(checkCredentialedJobsOmitDev(job("permissions: { id-token: write }", "      - run: npm ci --ignore-scripts\n"))).toHaveLength(1);
    expect(checkCredentialedJobsOmitDev(job("permissions: { contents: read }", setup("")))).toEqual([]);
  });

  it("catches npm ci with scripts in a job with id-token: write", () => {
    const wf = parseWorkflow("on: push\npermissions: {}\njobs:\n  a:\n    permissions: { id-token: write }\n    steps:\n      - run: npm ci\n");
    expect(checkInstallsWithoutScripts(wf)).toHaveLength(1);
  });

  it("catches a credentialed job that checks out the tagged commit's code, or runs in its folder", () => {
    const full = parseWorkflow(
      "on: schedule\npermissions: {}\njobs:\n  a:\n    environment: production\n    steps:\n      - uses: actions/checkout@x\n        with: { ref: '${{ steps.last-applied.outputs.commit }}', path: _applied }\n",
    );
    expect(checkForeignCommitsAreDataOnly(full)).toHaveLength(1);
    const runsThere = parseWorkflow(
      "on: schedule\npermissions: {}\njobs:\n  a:\n    environment: production\n    steps:\n      - uses: actions/checkout@x\n        with: { ref: '${{ steps.last-applied.outputs.commit }}', path: _applied, sparse-checkout: access-model }\n      - run: npm run synth\n        working-directory: _applied\n      - run: _applied/scripts/x.sh\n",
    );
    expect(checkForeignCommitsAreDataOnly(runsThere)).toHaveLength(2);
  });
});

describe("expiry.yml", () => {
  const expiry = byName("expiry.yml");
  const [, job] = jobsOf(expiry).find(([id]) => id === "find")!;

  it("runs main's code: its first checkout is the workflow's own commit, in full", () => {
    const first = job.steps!.find(isCheckout)!;
    expect(first.with?.ref).toBeUndefined();
    expect(first.with?.["sparse-checkout"]).toBeUndefined();
  });

  it("reads the last-applied model as data, after last-applied.sh read refused a tag off main or dated ahead", () => {
    const read = job.steps!.findIndex((s) => s.run?.includes("last-applied.sh read"));
    const model = job.steps!.findIndex((s) => isCheckout(s) && foreignRef(s));
    expect(read).toBeGreaterThanOrEqual(0);
    expect(model).toBeGreaterThan(read);
    expect(job.steps![model]!.with?.["sparse-checkout"]).toBe("access-model");
    const script = readFileSync("scripts/ci/last-applied.sh", "utf8");
    expect(script).toContain("not an ancestor of");
    expect(script).toContain("missing or after today");
  });

  it("reads the model and judges the plans in jobs without credentials; the jobs that hold a role only plan, or apply within the approval", () => {
    const all = jobsOf(expiry);
    const idToken = (j: Job) => typeof j.permissions === "object" && j.permissions["id-token"] === "write";
    const credentialed = all.filter(([, j]) => idToken(j) || j.environment !== undefined).map(([id]) => id);
    expect(credentialed.sort()).toEqual(["apply", "plan", "record"]);
    for (const [id, j] of all) {
      const runs = (j.steps ?? []).map((s) => s.run ?? "").join("\n");
      if (credentialed.includes(id)) expect([id, runs]).not.toEqual([id, expect.stringMatching(/access -- (diff|explain|threshold)|npm run synth|expiry-gate\.sh|apply-gate\.sh/)]);
      // The applied model is checked out only where nothing holds a credential.
      if (credentialed.includes(id)) expect([id, (j.steps ?? []).some((s) => isCheckout(s) && foreignRef(s))]).toEqual([id, false]);
    }
    const text = JSON.stringify(Object.fromEntries(all));
    expect(JSON.stringify(all.find(([id]) => id === "plan")![1])).toContain("vars.AWS_PLAN_ROLE_ARN");
    expect(JSON.stringify(all.find(([id]) => id === "gate")![1])).not.toMatch(/secrets\.|ROLE_ARN/);
    expect(text).toContain('scripts/ci/expiry-gate.sh \\"$RUNNER_TEMP/expiry\\" diff.json');
    expect(text).toContain('scripts/ci/expiry-apply.sh \\"$RUNNER_TEMP/expiry\\" \\"$RUNNER_TEMP/gate\\"');
  });
});

describe("approval.yml", () => {
  const approval = byName("approval.yml");

  it("runs the base branch's code: pull_request_target or workflow_run, never the PR's workflow", () => {
    expect(triggers(approval).sort()).toEqual(["pull_request_target", "workflow_run"]);
    const [, job] = jobsOf(approval).find(([id]) => id === "approval")!;
    const checkouts = job.steps!.filter(isCheckout);
    expect(checkouts[0]!.with?.ref).toBe("${{ steps.pr.outputs.base }}");
    expect(checkouts[1]!.with).toMatchObject({ ref: "${{ steps.pr.outputs.head }}", path: "_head", "sparse-checkout": "access-model" });
    expect(job.steps!.map((s) => s.run ?? "").join("\n")).not.toMatch(/_head\/(?!access-model)/);
  });

  it("runs the setup action of the base checkout, never one from the pull request's folder", () => {
    const steps = (approval.raw.jobs as Record<string, Job>).approval!.steps!;
    const setup = steps.findIndex((s) => s.uses === SETUP_ACTION);
    expect(setup).toBeGreaterThan(0);
    expect(steps.filter((s) => s.uses?.startsWith("./")).map((s) => s.uses)).toEqual([SETUP_ACTION]);
    expect(steps.slice(0, setup).filter((s) => isCheckout(s) && !s.with?.path).map((s) => s.with?.ref)).toEqual(["${{ steps.pr.outputs.base }}"]);
  });

  it("re-runs on a review through a workflow that holds nothing", () => {
    const relay = byName("review-submitted.yml");
    expect(triggers(relay)).toEqual(["pull_request_review"]);
    expect(JSON.stringify(relay.doc)).not.toMatch(/secrets\.|checkout|npm/);
    expect(((approval.doc.on as Record<string, { workflows: string[] }>).workflow_run).workflows).toEqual([relay.doc.name]);
  });

  it("posts the verdict with the approval app's token from an environment only main deploys to", () => {
    const jobs = Object.fromEntries(jobsOf(approval));
    expect(jobs.team!.environment).toBe("approval");
    expect(jobs.verdict!.environment).toBe("approval");
    expect(JSON.stringify(jobs.verdict)).toContain("context=access/risk-approval");
  });

  it("rates a change to code paths high (any of src, stacks, scripts, .github, package files, entry points)", () => {
    for (const p of ["src/model/privilege.ts", "stacks/app.ts", "scripts/ci/apply-gate.sh", ".github/workflows/apply.yml", "package.json", "package-lock.json", "tsconfig.json", "cdktf.json", "terraform/okta/versions.tf", "main.ts", "okta-tighten.ts", "identity-center-keep.ts"]) {
      expect(isReviewCodePath(p), p).toBe(true);
    }
    for (const p of ["access-model/groups.yaml", "docs/setup.md", "README.md"]) expect(isReviewCodePath(p), p).toBe(false);
  });
});

describe("smaller guarantees", () => {
  it("plans pull requests without the state lock", () => {
    const plan = byName("plan-model.yml");
    const [, job] = jobsOf(plan).find(([, j]) => (j.steps ?? []).some((s) => s.run?.includes("terraform-plan.sh")))!;
    expect(job.env?.TF_PLAN_NO_LOCK).toBe("1");
    expect(readFileSync("scripts/ci/terraform-plan.sh", "utf8")).toMatch(/TF_PLAN_NO_LOCK:-\} == 1 \]\]; then\n\s+args=\(plan -input=false -no-color -lock=false/);
  });

  it("re-checks and re-plans when a pull request is edited (its base may change)", () => {
    expect((byName("plan.yml").doc.on as { pull_request: { types: string[] } }).pull_request.types).toContain("edited");
    expect((byName("plan-model.yml").doc.on as { pull_request_target: { types: string[] } }).pull_request_target.types).toContain("edited");
  });

  it("runs the access review on main only", () => {
    const [, report] = jobsOf(byName("review.yml")).find(([id]) => id === "report")!;
    expect(report.if).toBe("github.ref == 'refs/heads/main'");
  });

  it("gives Dependabot a cooldown on every ecosystem", () => {
    const cfg = parse(readFileSync(".github/dependabot.yml", "utf8")) as { updates: { "package-ecosystem": string; cooldown?: { "default-days": number } }[] };
    for (const u of cfg.updates) expect(u.cooldown?.["default-days"], u["package-ecosystem"]).toBeGreaterThanOrEqual(3);
  });

  it("accepts the revocation acknowledgement only from the privileged-access team", () => {
    const [, gateJob] = jobsOf(byName("apply.yml")).find(([id]) => id === "gate")!;
    const gate = gateJob.steps!.find((s) => s.run?.includes("ack-label.sh"))!;
    expect(gate.env?.TEAM_MEMBERS).toBe("${{ needs.team.outputs.members }}");
  });
});
