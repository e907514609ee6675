// The leaver workflows: leaver.yml runs `access leaver` with the apply role only in the protected
// environment on main and fails unless access provably ended; scim-health.yml reads with the
// read-only role and keeps one issue through scim-health-issue.sh from a job without cloud
// credentials; revocation-audit.yml records a dispatch without interpolating its payload.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mutations, requireJq, runScript, stubCommand, tempDir } from "./script-harness.js";
import { loadWorkflows, type Workflow } from "./workflow-checks.js";

type Step = { name?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = { if?: string; environment?: string; needs?: string; permissions?: Record<string, string>; steps: Step[] };
const workflows = loadWorkflows();
const jobsOf = (name: string) => ((workflows.find((w: Workflow) => w.file.endsWith(`/${name}`))!.doc.jobs ?? {}) as Record<string, Job>);

describe("leaver.yml", () => {
  const job = jobsOf("leaver.yml").leaver!;
  it("assumes the apply role only on main, in the production environment", () => {
    expect(job.if).toBe("github.ref == 'refs/heads/main'");
    expect(job.environment).toBe("production");
    expect(job.steps.find((s) => s.uses?.startsWith("aws-actions/"))!.with!["role-to-assume"]).toBe("${{ vars.AWS_APPLY_ROLE_ARN }}");
  });
  it("passes the login through the environment, after --, and exits with access leaver's code", () => {
    const step = job.steps.find((s) => s.name === "access leaver")!;
    expect(step.env!.LOGIN).toBe("${{ inputs.login }}");
    expect(step.run).not.toContain("${{");
    expect(step.run).toContain('-- "${args[@]}" -- "$LOGIN"');
    expect(step.run).toContain('exit "$code"');
  });
});

describe("scim-health.yml", () => {
  const jobs = jobsOf("scim-health.yml");
  it("checks with the read-only role and keeps the issue from a job without cloud credentials", () => {
    expect(jobs.check!.steps.find((s) => s.uses?.startsWith("aws-actions/"))!.with!["role-to-assume"]).toBe("${{ vars.AWS_PLAN_ROLE_ARN }}");
    expect(jobs.check!.steps.map((s) => s.run ?? "").join("\n")).toContain("access -- scim-health --format markdown --detailed-exitcode");
    expect(jobs.issue!.permissions).toEqual({ contents: "read", issues: "write" });
    expect(JSON.stringify(jobs.issue)).not.toMatch(/aws-actions|id-token|secrets\./);
    expect(jobs.issue!.steps.at(-1)!.run).toContain("scripts/ci/scim-health-issue.sh");
  });
});

describe("revocation-audit.yml", () => {
  it("records the dispatch payload through the environment with read-only permissions", () => {
    const job = jobsOf("revocation-audit.yml").record!;
    expect(job.permissions).toEqual({ contents: "read" });
    expect(job.steps[0]!.env!.PAYLOAD).toBe("${{ toJSON(github.event.client_payload) }}");
    expect(job.steps[0]!.run).not.toContain("${{");
  });
});

describe("scim-health-issue.sh", () => {
  beforeAll(requireJq);
  const TITLE = "SCIM health";
  const report = () => {
    const file = join(tempDir("scim"), "scim.md");
    writeFileSync(file, "**1 SCIM problem**\n\n- `not-deprovisioned` lee@example.com is DEPROVISIONED\n");
    return file;
  };
  function check(code: string, issues: object[]) {
    const gh = stubCommand("gh", [
      { when: ["issue list", "--label scim-health"], stdout: JSON.stringify(issues) },
      { when: ["issue create"], stdout: "https://github.com/acme/access/issues/9\n" },
    ]);
    const run = runScript("scim-health-issue.sh", [code, report()], { ...gh.env, RUN_URL: "https://run/1", GH_REPO: "acme/access" });
    return { run, writes: mutations(gh.calls()) };
  }

  it("opens the issue on problems, closes it when healthy, and touches nothing when the check failed", () => {
    const opened = check("2", []);
    expect(opened.run.status).toBe(0);
    expect(opened.writes.map((c) => c.args.slice(0, 2))).toEqual([["label", "create"], ["issue", "create"]]);
    expect(opened.writes[1]!.args).toEqual(expect.arrayContaining(["--title", TITLE]));
    expect(opened.writes[1]!.bodyFile).toContain("lee@example.com is DEPROVISIONED");
    const closed = check("0", [{ number: 4, title: TITLE, state: "OPEN", updatedAt: "x" }]);
    expect(closed.writes.map((c) => c.args.slice(0, 3))).toEqual([["issue", "close", "4"]]);
    const failed = check("1", [{ number: 4, title: TITLE, state: "OPEN", updatedAt: "x" }]);
    expect(failed.run.status).toBe(1);
    expect(failed.writes).toEqual([]);
  });
});
