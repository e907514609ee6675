// elevate.yml: a workflow_dispatch with the inputs of `access elevate`; the job that runs code
// cannot write, the job that writes runs no npm code; inputs never become workflow expressions
// inside a script; the pull request is labelled and asks the privileged-access team.
import { describe, expect, it } from "vitest";
import { loadWorkflows } from "./workflow-checks.js";

type Step = { id?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = { if?: string; needs?: string; permissions?: Record<string, string>; steps: Step[] };

const elevate = loadWorkflows().find((w) => w.file.endsWith("/elevate.yml"))!;
const jobs = elevate.doc.jobs as unknown as Record<string, Job>;

describe("elevate.yml", () => {
  it("is started by hand with the same inputs as access elevate", () => {
    const on = elevate.doc.on as { workflow_dispatch: { inputs: Record<string, unknown> } };
    expect(Object.keys(elevate.doc.on as object)).toEqual(["workflow_dispatch"]);
    expect(Object.keys(on.workflow_dispatch.inputs)).toEqual(["group", "permission_set", "accounts", "for", "reason", "timezone"]);
  });

  it("passes inputs to scripts only through the environment", () => {
    for (const job of Object.values(jobs)) for (const step of job.steps) expect(step.run ?? "").not.toMatch(/\$\{\{\s*(inputs|github\.event)\./);
    const run = jobs.request!.steps.find((s) => s.run?.includes("--summary-out"))!;
    expect(run.run).toContain('--requester "$GITHUB_ACTOR"');
    expect(run.env!.REASON).toBe("${{ inputs.reason }}");
  });

  it("runs the CLI read-only and writes from a job without npm, only from main", () => {
    expect(jobs.request!.permissions).toEqual({ contents: "read" });
    expect(jobs["pull-request"]!.permissions).toEqual({ contents: "write", "pull-requests": "write" });
    expect(jobs["pull-request"]!.steps.some((s) => s.run?.includes("npm"))).toBe(false);
    for (const job of Object.values(jobs)) expect(job.if).toContain("github.ref == 'refs/heads/main'");
  });

  it("labels the pull request and requests the privileged-access team", () => {
    const step = jobs["pull-request"]!.steps.at(-1)!;
    expect(step.env!.REVIEW_TEAM).toBe("${{ vars.PRIVILEGED_ACCESS_TEAM }}");
    expect(step.run).toContain("--label access-elevation");
    expect(step.run).toContain('--body-file "$RUNNER_TEMP/elevation/summary.md"');
  });
});
