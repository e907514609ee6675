// elevate.yml: a workflow_dispatch with the inputs of `access elevate`; the jobs that run code
// hold no credential and cannot write, the jobs that hold the automation app's key run no npm code
// and mint short-lived tokens; inputs never become workflow expressions inside a script; the pull
// request is labelled and asks the privileged-access team.
import { describe, expect, it } from "vitest";
import { loadWorkflows } from "./workflow-checks.js";

type Step = { id?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = { if?: string; needs?: string; environment?: string; permissions?: Record<string, string>; steps: Step[] };

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

  it("runs the CLI read-only, without credentials, and holds the app's key only in jobs without npm, only from main", () => {
    const npm = Object.keys(jobs).filter((id) => jobs[id]!.steps.some((s) => /\bnpm\b/.test(s.run ?? "")));
    expect(npm).toEqual(["requester-teams", "request"]);
    for (const id of npm) {
      expect([id, jobs[id]!.permissions]).toEqual([id, { contents: "read" }]);
      expect([id, jobs[id]!.environment, JSON.stringify(jobs[id]).includes("secrets.")]).toEqual([id, undefined, false]);
    }
    const keyed = Object.keys(jobs).filter((id) => JSON.stringify(jobs[id]).includes("secrets."));
    expect(keyed).toEqual(["membership", "pull-request"]);
    for (const id of keyed) {
      expect([id, jobs[id]!.environment]).toEqual([id, "automation"]);
      expect([id, [...JSON.stringify(jobs[id]).matchAll(/secrets\.(\w+)/g)].map((m) => m[1])]).toEqual([id, ["ACCESS_BOT_PRIVATE_KEY"]]);
      expect([id, jobs[id]!.steps.filter((s) => s.uses?.startsWith("actions/checkout@")).every((s) => !s.with?.ref)]).toEqual([id, true]);
    }
    expect(jobs.membership!.steps.some((s) => s.uses?.startsWith("actions/checkout@"))).toBe(false);
    for (const job of Object.values(jobs)) expect(job.if).toContain("github.ref == 'refs/heads/main'");
  });

  it("mints a token per run from the automation app: members: read for the team check, contents and pull requests for the pull request", () => {
    const token = (id: string) => jobs[id]!.steps.find((s) => s.uses?.startsWith("actions/create-github-app-token@"))!;
    expect(token("membership").with).toEqual({
      "client-id": "${{ vars.ACCESS_BOT_CLIENT_ID }}",
      "private-key": "${{ secrets.ACCESS_BOT_PRIVATE_KEY }}",
      owner: "${{ github.repository_owner }}",
      "permission-members": "read",
    });
    expect(token("pull-request").with).toEqual({
      "client-id": "${{ vars.ACCESS_BOT_CLIENT_ID }}",
      "private-key": "${{ secrets.ACCESS_BOT_PRIVATE_KEY }}",
      "permission-contents": "write",
      "permission-pull-requests": "write",
    });
    const teams = jobs.membership!.steps.find((s) => s.id === "teams")!;
    expect(teams.env!.GH_TOKEN).toBe("${{ steps.bot.outputs.token }}");
    expect(jobs.request!.steps.find((s) => s.run?.includes("--summary-out"))!.env!.TEAMS).toBe("${{ needs.membership.outputs.teams }}");
    expect(elevate.text).not.toMatch(/ELEVATE_MEMBERS_TOKEN|ACCOUNTS_PR_TOKEN|github\.token/);
  });

  it("labels the pull request and requests the privileged-access team", () => {
    const step = jobs["pull-request"]!.steps.at(-1)!;
    expect(step.env!.REVIEW_TEAM).toBe("${{ vars.PRIVILEGED_ACCESS_TEAM }}");
    expect(step.run).toContain("--label access-elevation");
    expect(step.run).toContain('--body-file "$RUNNER_TEMP/elevation/summary.md"');
  });
});
