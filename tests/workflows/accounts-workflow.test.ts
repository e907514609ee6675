// accounts.yml and scripts/ci/accounts-pr.sh: the event-driven (hourly fallback) `access accounts sync` with the read-only
// role, and the one pull request it opens or updates. The generic safety checks of every workflow
// (pins, permissions, OIDC) run on accounts.yml in safety.test.ts.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { mutations, requireJq, runScript, stubCommand, tempDir } from "./script-harness.js";
import { loadWorkflows } from "./workflow-checks.js";

type Step = { id?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = { if?: string; needs?: string; permissions?: Record<string, string>; steps: Step[] };

const accounts = loadWorkflows().find((w) => w.file.endsWith("/accounts.yml"))!;
const jobs = accounts.doc.jobs as unknown as Record<string, Job>;

describe("accounts.yml", () => {
  it("runs on Organizations events, hourly and on demand, never for pull requests or pushes", () => {
    expect(Object.keys(accounts.doc.on as object).sort()).toEqual(["repository_dispatch", "schedule", "workflow_dispatch"]);
  });

  it("reads AWS with the read-only role in a job that cannot write to the repository", () => {
    const sync = jobs.sync!;
    expect(sync.permissions).toEqual({ contents: "read", "id-token": "write" });
    const aws = sync.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(aws?.with?.["role-to-assume"]).toBe("${{ vars.AWS_PLAN_ROLE_ARN }}");
    expect(accounts.text).not.toContain("AWS_APPLY_ROLE_ARN");
    expect(sync.steps.find((s) => s.id === "sync")?.run).toContain("npm run --silent access -- accounts sync");
  });

  it("opens the pull request from a job that never sees AWS, only when files changed", () => {
    const pr = jobs["pull-request"]!;
    expect(pr.needs).toBe("sync");
    expect(pr.if).toContain("needs.sync.outputs.changed == 'true'");
    // Writes with the automation app's token, minted in the job, from the main-only environment.
    expect(pr.permissions).toEqual({ contents: "read" });
    expect((pr as { environment?: string }).environment).toBe("automation");
    expect(pr.steps[0]?.uses).toMatch(/^actions\/create-github-app-token@/);
    expect(JSON.stringify(pr.steps)).not.toContain("ACCOUNTS_PR_TOKEN");
    expect(pr.steps.some((s) => s.uses?.startsWith("aws-actions/"))).toBe(false);
    expect(pr.steps.at(-1)?.run).toContain("scripts/ci/accounts-pr.sh");
  });
});

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

/** A repository with an `origin` to push to, on main, holding a model file. */
function repository(): { dir: string; origin: string } {
  const root = tempDir("accounts-pr");
  roots.push(root);
  const origin = join(root, "origin.git");
  const dir = join(root, "work");
  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync("git", args, { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  git(root, "init", "-q", "--bare", origin);
  mkdirSync(join(dir, "access-model"), { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  writeFileSync(join(dir, "access-model", "accounts.yaml"), "accounts: []\n");
  git(dir, "add", ".");
  git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "init");
  git(dir, "remote", "add", "origin", origin);
  git(dir, "push", "-q", "origin", "main");
  return { dir, origin };
}

describe("accounts-pr.sh", () => {
  requireJq();
  const changes = (dir: string) => {
    const file = join(dir, "..", "changes.txt");
    writeFileSync(file, "added: 123456789012 quantum-lab (Research) (accounts/research.yaml)\n");
    return file;
  };

  it("pushes the change to the sync branch and opens a pull request when none is open", () => {
    const { dir, origin } = repository();
    writeFileSync(join(dir, "access-model", "research.yaml"), 'accounts:\n  - { id: "123456789012", name: quantum-lab, ou: Research }\n');
    const gh = stubCommand("gh", [{ when: ["pr list"], stdout: "" }]);
    const run = runScript("accounts-pr.sh", ["access-model", changes(dir)], { ...gh.env, RUN_URL: "https://run/7" }, dir);
    expect(run.status, run.stderr).toBe(0);
    const writes = mutations(gh.calls());
    expect(writes.map((c) => c.args.slice(0, 2))).toEqual([["pr", "create"]]);
    expect(writes[0]!.args).toEqual(expect.arrayContaining(["--head", "access/accounts-sync", "--base", "main"]));
    expect(writes[0]!.bodyFile).toContain("added: 123456789012 quantum-lab");
    expect(writes[0]!.bodyFile).toContain("https://run/7");
    const pushed = spawnSync("git", ["--git-dir", origin, "show", "access/accounts-sync:access-model/research.yaml"], { encoding: "utf8" });
    expect(pushed.stdout).toContain("quantum-lab");
  });

  it("updates the open pull request instead of opening a second one", () => {
    const { dir } = repository();
    writeFileSync(join(dir, "access-model", "accounts.yaml"), 'accounts:\n  - { id: "123456789012", name: quantum-lab }\n');
    const gh = stubCommand("gh", [{ when: ["pr list"], stdout: "12\n" }]);
    const run = runScript("accounts-pr.sh", ["access-model", changes(dir)], gh.env, dir);
    expect(run.status, run.stderr).toBe(0);
    expect(mutations(gh.calls()).map((c) => c.args.slice(0, 3))).toEqual([["pr", "edit", "12"]]);
  });

  it("touches nothing when the model did not change", () => {
    const { dir } = repository();
    const gh = stubCommand("gh", []);
    const run = runScript("accounts-pr.sh", ["access-model", changes(dir)], gh.env, dir);
    expect(run.status).toBe(0);
    expect(gh.calls()).toEqual([]);
    expect(readFileSync(join(dir, "access-model", "accounts.yaml"), "utf8")).toBe("accounts: []\n");
  });
});
