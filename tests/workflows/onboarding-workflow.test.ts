// accounts.yml's pre-approved path: Organizations events start it, bursts coalesce, and only a
// change the decision allows, made by the sync on main's tip and touching only the model, is
// committed to main (scripts/ci/accounts-main.sh). A forged "accounts only" change from a branch
// is never pushed to main.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ORG_EVENT_TYPE } from "../../stacks/org-events-stack.js";
import { requireJq, runScript, tempDir } from "./script-harness.js";
import { loadWorkflows } from "./workflow-checks.js";

type Step = { id?: string; uses?: string; run?: string; with?: Record<string, string>; env?: Record<string, string> };
type Job = { if?: string; needs?: string; permissions?: Record<string, string>; steps: Step[] };

const accounts = loadWorkflows().find((w) => w.file.endsWith("/accounts.yml"))!;
const jobs = accounts.doc.jobs as unknown as Record<string, Job>;
const on = accounts.doc.on as { repository_dispatch: { types: string[] }; schedule: { cron: string }[] };

describe("accounts.yml, event-driven with pre-approval", () => {
  it("runs on the org-events stack's repository_dispatch, hourly as a fallback, one run at a time", () => {
    expect(on.repository_dispatch.types).toEqual([ORG_EVENT_TYPE]);
    expect(on.schedule[0]!.cron.split(" ").slice(1)).toEqual(["*", "*", "*", "*"]);
    expect(accounts.doc.concurrency).toEqual({ group: "access-accounts-sync", "cancel-in-progress": false });
  });

  it("decides with main's code on main's model and the synced model", () => {
    const decision = jobs.sync!.steps.find((s) => s.id === "decision")!;
    expect(decision.run).toContain('onboarding-decision --base "$out/base-model" --head "$MODEL_DIR"');
    expect(jobs.sync!.steps.find((s) => s.id === "sync")!.run).toContain('cp -R "$MODEL_DIR" "$out/base-model"');
  });

  it("commits to main only from main, only when the decision allows it, with the App token and accounts-main.sh", () => {
    const main = jobs.main!;
    expect(main.if).toContain("needs.sync.outputs.auto-apply == 'true'");
    expect(main.if).toContain("github.ref == 'refs/heads/main'");
    expect(main.permissions).toEqual({ contents: "read" });
    expect(main.steps.some((s) => s.uses?.startsWith("aws-actions/"))).toBe(false);
    const checkout = main.steps.find((s) => s.with?.ref !== undefined)!;
    expect(checkout.with!.ref).toBe("${{ needs.sync.outputs.base-sha }}");
    expect(main.steps.at(-1)!.run).toContain("accounts-main.sh");
    expect(jobs["pull-request"]!.if).toContain("needs.sync.outputs.auto-apply != 'true'");
  });

  it("labels the pull request and asks the team the decision names", () => {
    const step = jobs["pull-request"]!.steps.at(-1)!;
    expect(step.env!.LABEL).toBe("access-accounts");
    expect(step.env!.REVIEW_TEAM).toContain("needs.sync.outputs.review-team == 'privileged-access'");
  });
});

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A clone of `origin` on main, holding a model; the decision file next to it. */
function repository(autoApply: boolean) {
  const root = tempDir("accounts-main");
  roots.push(root);
  const origin = join(root, "origin.git");
  const dir = join(root, "work");
  git(root, "init", "-q", "--bare", "-b", "main", origin);
  mkdirSync(join(dir, "access-model"), { recursive: true });
  git(root, "init", "-q", "-b", "main", dir);
  writeFileSync(join(dir, "access-model", "accounts.yaml"), "accounts: []\n");
  git(dir, "add", ".");
  git(dir, "commit", "-q", "-m", "init");
  git(dir, "remote", "add", "origin", origin);
  git(dir, "push", "-q", "origin", "main");
  const changes = join(root, "changes.txt");
  writeFileSync(changes, "added: 123456789012 quantum-lab (Research)\n");
  const decision = join(root, "decision.json");
  writeFileSync(decision, JSON.stringify({ auto_apply: autoApply, auto_apply_setting: "non_privileged", reasons: autoApply ? [] : ["1 new grant is privileged"] }));
  const mainTip = () => git(dir, "ls-remote", "origin", "refs/heads/main").split("\t")[0];
  return { dir, changes, decision, mainTip };
}

const addAccount = (dir: string) => writeFileSync(join(dir, "access-model", "research.yaml"), 'accounts:\n  - { id: "123456789012", name: quantum-lab, ou: Research }\n');

describe("accounts-main.sh", () => {
  requireJq();

  it("commits a pre-approved account change on main's tip to main", () => {
    const r = repository(true);
    const base = r.mainTip();
    addAccount(r.dir);
    const run = runScript("accounts-main.sh", ["access-model", r.changes, r.decision], { BASE_SHA: base }, r.dir);
    expect(run.status, run.stderr).toBe(0);
    expect(r.mainTip()).not.toBe(base);
    expect(git(r.dir, "show", "origin/main:access-model/research.yaml")).toContain("quantum-lab");
  });

  it("refuses when the decision does not allow it: the pull request path", () => {
    const r = repository(false);
    const base = r.mainTip();
    addAccount(r.dir);
    const run = runScript("accounts-main.sh", ["access-model", r.changes, r.decision], { BASE_SHA: base }, r.dir);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("the decision does not allow a direct commit (1 new grant is privileged)");
    expect(r.mainTip()).toBe(base);
  });

  it("never pushes a forged 'accounts only' change from a branch: a branch commit is not main's tip", () => {
    const r = repository(true);
    const base = r.mainTip();
    // A branch that carries other content (a selector edit) on top of main, then an account change.
    git(r.dir, "checkout", "-q", "-b", "feature");
    writeFileSync(join(r.dir, "access-model", "assignments.yaml"), "assignments:\n  - { group: g, permission_set: PlatformAdmin, accounts: all }\n");
    git(r.dir, "add", ".");
    git(r.dir, "commit", "-q", "-m", "sneak");
    const branchSha = git(r.dir, "rev-parse", "HEAD");
    addAccount(r.dir);
    const asBranch = runScript("accounts-main.sh", ["access-model", r.changes, r.decision], { BASE_SHA: branchSha }, r.dir);
    expect(asBranch.status).toBe(3);
    expect(asBranch.stderr).toContain(`${branchSha} is not the tip of main`);
    const claimingMain = runScript("accounts-main.sh", ["access-model", r.changes, r.decision], { BASE_SHA: base }, r.dir);
    expect(claimingMain.status).toBe(3);
    expect(claimingMain.stderr).toContain(`the checkout is ${branchSha}, not the main commit ${base}`);
    expect(r.mainTip()).toBe(base);
  });

  it("refuses a change outside the model folder", () => {
    const r = repository(true);
    const base = r.mainTip();
    addAccount(r.dir);
    mkdirSync(join(r.dir, "scripts"));
    writeFileSync(join(r.dir, "scripts", "x.sh"), "echo pwned\n");
    git(r.dir, "add", "scripts");
    const run = runScript("accounts-main.sh", ["access-model", r.changes, r.decision], { BASE_SHA: base }, r.dir);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("touches files outside access-model/");
    expect(r.mainTip()).toBe(base);
  });

  it("refuses when main moved after the sync read it", () => {
    const r = repository(true);
    const base = r.mainTip();
    const other = join(r.dir, "..", "other");
    git(join(r.dir, ".."), "clone", "-q", join(r.dir, "..", "origin.git"), other);
    writeFileSync(join(other, "README"), "x\n");
    git(other, "add", ".");
    git(other, "commit", "-q", "-m", "newer main");
    git(other, "push", "-q", "origin", "main");
    addAccount(r.dir);
    const run = runScript("accounts-main.sh", ["access-model", r.changes, r.decision], { BASE_SHA: base }, r.dir);
    expect(run.status).toBe(3);
    expect(readFileSync(join(r.dir, "access-model", "research.yaml"), "utf8")).toContain("quantum-lab");
    expect(r.mainTip()).not.toBe(base);
  });
});
