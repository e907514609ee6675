// Safety properties of the workflows. Every check runs on the real workflows (must hold) and on a
// snippet that breaks it (must be caught), so a check that silently stops working fails here.
import { describe, expect, it } from "vitest";
import {
  checkActionsPinned,
  checkApplyConcurrency,
  checkApplyOnlyFromMain,
  checkConsistentPins,
  checkForkJobsHaveNoSecrets,
  checkIdTokenOnlyForAwsRoles,
  checkNoBlanketPermissions,
  checkNoPullRequestTarget,
  checkNoUntrustedInterpolation,
  checkTopLevelPermissions,
  loadWorkflows,
  parseWorkflow,
  requiresSameRepo,
  type Workflow,
} from "./workflow-checks.js";

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
      it("never triggers on pull_request_target", () => expect(checkNoPullRequestTarget(wf)).toEqual([]));
      it("sets minimal top-level permissions", () => expect(checkTopLevelPermissions(wf)).toEqual([]));
      it("grants no write-all/read-all to a job", () => expect(checkNoBlanketPermissions(wf)).toEqual([]));
      it("gives id-token: write only to jobs that assume an AWS role", () => expect(checkIdTokenOnlyForAwsRoles(wf)).toEqual([]));
      it("pins every third-party action to a commit SHA with a version comment", () => expect(checkActionsPinned(wf)).toEqual([]));
      it("keeps secrets away from jobs that run for fork PRs", () => expect(checkForkJobsHaveNoSecrets(wf)).toEqual([]));
      it("interpolates no event data into run scripts", () => expect(checkNoUntrustedInterpolation(wf)).toEqual([]));
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

  it("plans okta before identity-center, and only the okta step sees the Okta key", () => {
    const job = (plan.doc.jobs as Record<string, { env?: object; steps: { name?: string; env?: Record<string, string> }[] }>).plan;
    const names = job.steps.map((s) => s.name ?? "");
    expect(names.indexOf("Plan okta")).toBeGreaterThan(-1);
    expect(names.indexOf("Plan okta")).toBeLessThan(names.indexOf("Plan identity-center"));
    expect(JSON.stringify(job.env ?? {})).not.toContain("secrets."); // job-level env: the plugin cache only
    const withSecrets = job.steps.filter((s) => JSON.stringify(s).includes("secrets.")).map((s) => s.name);
    expect(withSecrets).toEqual(["Plan okta"]);
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
  it("triggers only on push to main and holds credentials only in the protected environment", () =>
    expect(checkApplyOnlyFromMain(apply)).toEqual([]));
  it("never cancels an apply in progress", () => expect(checkApplyConcurrency(apply)).toEqual([]));
  it("assumes the apply role, not the plan role", () => {
    expect(apply.text).toContain("${{ vars.AWS_APPLY_ROLE_ARN }}");
    expect(apply.text).not.toContain("AWS_PLAN_ROLE_ARN");
  });
  it("applies okta (tighten phase), waits for the push, then identity-center, then the final okta, in that order", () => {
    const steps = ((apply.doc.jobs as Record<string, { steps: { id?: string }[] }>).apply.steps ?? []).map((s) => s.id).filter(Boolean);
    expect(steps).toEqual(["okta", "wait", "identity-center", "okta-final"]);
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
    const local = snippet({ jobs: `  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/local\n` });
    expect(checkActionsPinned(local)).toEqual([]);
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
    expect(checkApplyOnlyFromMain(snippet({ on: "{push: {branches: [main]}, workflow_dispatch: {}}", jobs: job("    environment: production\n") }))).toHaveLength(1);
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
  });

  it("an apply that can be cancelled in progress", () => {
    const wf = (c: string) => parseWorkflow(`on: {push: {branches: [main]}}\npermissions: {}\n${c}jobs:\n${okJob}`);
    expect(checkApplyConcurrency(wf("concurrency: {group: access-apply, cancel-in-progress: false}\n"))).toEqual([]);
    expect(checkApplyConcurrency(wf("concurrency: {group: access-apply, cancel-in-progress: true}\n"))).toHaveLength(1);
    expect(checkApplyConcurrency(wf("concurrency: {group: access-apply}\n"))).toHaveLength(1);
    expect(checkApplyConcurrency(wf("concurrency: {group: 'apply-${{ github.sha }}', cancel-in-progress: false}\n"))).toHaveLength(1);
    expect(checkApplyConcurrency(wf(""))).toHaveLength(1);
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
