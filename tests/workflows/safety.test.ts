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
      it("runs stack matrices without fail-fast and with a bounded max-parallel", () => expect(checkStackMatrices(wf)).toEqual([]));
      it("gives the Okta key only to the okta stack in per-stack jobs", () => expect(checkOktaSecretsOnlyForOkta(wf)).toEqual([]));
      it("keeps each stack matrix within Identity Center's API budget", () => expect(checkApiBudget(wf)).toEqual([]));
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
    expect(assuming.map(([id]) => id)).toEqual(["plan"]);
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
  it("triggers only on push to main and holds credentials only in the protected environment", () =>
    expect(checkApplyOnlyFromMain(apply)).toEqual([]));
  it("never cancels an apply in progress", () => expect(checkApplyConcurrency(apply)).toEqual([]));
  it("assumes the apply role, not the plan role", () => {
    expect(apply.text).toContain("${{ vars.AWS_APPLY_ROLE_ARN }}");
    expect(apply.text).not.toContain("AWS_PLAN_ROLE_ARN");
  });
  it("applies okta, waits for the push, then identity-center, in that order, each from its saved plan", () => {
    expect(stepIds(apply, "apply")).toEqual(["okta", "wait", "identity-center"]);
    const steps = (apply.doc.jobs as Record<string, { steps: { name?: string; run?: string }[] }>).apply!.steps;
    const runs = steps.map((s) => s.run ?? "");
    const at = (text: string) => {
      const i = runs.findIndex((r) => r.includes(text));
      expect([text, i >= 0]).toEqual([text, true]);
      return i;
    };
    expect(at('terraform-plan.sh "$STACKS/okta"')).toBeLessThan(at('apply-stack.sh "$STACKS" "$RUNNER_TEMP/apply" okta'));
    expect(at('apply-stack.sh "$STACKS" "$RUNNER_TEMP/apply" okta')).toBeLessThan(at("wait-for-push"));
    expect(at("wait-for-push")).toBeLessThan(at('terraform-plan.sh "$STACKS/identity-center"'));
    expect(at('terraform-plan.sh "$STACKS/identity-center"')).toBeLessThan(at('apply-stack.sh "$STACKS" "$RUNNER_TEMP/apply" identity-center'));
  });

  it("applies the affected shards only after okta, the push and the base stack, in a bounded matrix", () => {
    expect(needsOf(apply, "shards")).toEqual(["prepare", "apply"]);
    expect(needsOf(apply, "apply")).toEqual(["prepare"]);
    const shards = (apply.doc.jobs as Record<string, { if?: string; strategy?: { matrix?: { stack?: string } } }>).shards!;
    expect(shards.strategy?.matrix?.stack).toBe("${{ fromJSON(needs.prepare.outputs.shards) }}");
    // No status function: the shards run only when prepare and the first apply job succeeded.
    expect(shards.if).not.toMatch(/always\(\)|failure\(\)|cancelled\(\)/);
    expect(stepIds(apply, "shards")).toEqual(["plan", "apply"]);
  });

  it("chooses the stacks from the access diff against the last fully successful apply", () => {
    expect(apply.text).toContain('read -r base applied_on <<<"$(scripts/ci/last-applied-commit.sh apply.yml main)"');
    expect(apply.text).toContain('scripts/ci/base-checkout.sh "${base:-}"');
    expect(apply.text).toContain('--base-today "$applied_on"');
    expect(apply.text).toMatch(/access -- diff [^\n]*\n?[^\n]*--changed-files/);
    expect(stepIds(apply, "prepare")).toContain("matrix");
  });

  it("reports every shard's result on the merged pull request, whatever happened", () => {
    expect(needsOf(apply, "report")).toEqual(["prepare", "apply", "shards"]);
    const report = (apply.doc.jobs as Record<string, { if?: string }>).report!;
    expect(report.if).toContain("always()");
    expect(apply.text).toContain("name: apply-result-${{ matrix.stack }}");
    expect(apply.text).toContain("pattern: apply-result-*");
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
