// The repository set-up script, end to end: the real `gh` CLI (Debian's package in CI) talks to
// the local GitHub fake (gh's github.localhost host through HTTP_PROXY), never to github.com.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emptyRepo, startFakeGitHub, type FakeGitHub } from "../github-fake/server.js";
import { GITHUB_ACTIONS_APP_ID, mainRuleset, tagRuleset } from "../../src/setup/repo-settings.js";
import { rulesetMatches } from "../../src/setup/repo-setup.js";

const TOKEN = "ghs_localtesttoken";
/** A workflow's GITHUB_TOKEN (the GitHub Actions app) and an approval app installation token. */
const WORKFLOW_TOKEN = "ghs_workflowtoken";
const APPROVAL_TOKEN = "ghs_approvalapptoken";
const APPROVAL_APP = { slug: "acme-access-approval", id: 424242, client_id: "Iv1.approval", name: "acme access approval" };
const APPS = { bot: 777, approval: APPROVAL_APP.id };

function pem(): string {
  return generateKeyPairSync("rsa", { modulusLength: 1024 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString().trim();
}

describe("setup-repo against the local GitHub", () => {
  let fake: FakeGitHub;
  let dir: string;
  const keys = { plan: pem(), apply: pem(), bot: pem(), approval: pem() };
  const answers = ["0oaPLANCLIENT", "kid-plan", keys.plan, "0oaAPPLYCLIENT", "kid-apply", keys.apply, keys.bot, keys.approval].join("\n") + "\n";

  beforeEach(async () => {
    const ghProbe = spawnSync("gh", ["--version"], { encoding: "utf8" });
    if (ghProbe.status !== 0) throw new Error("the GitHub CLI `gh` is not installed: apt-get install gh (Debian) or https://cli.github.com; .ci/run installs it");
    const state = emptyRepo();
    state.teams = { "acme/identity-team": 11, "acme/security": 12 };
    state.apps = { [APPROVAL_APP.slug]: APPROVAL_APP };
    fake = await startFakeGitHub(state, TOKEN, { [WORKFLOW_TOKEN]: { integrationId: GITHUB_ACTIONS_APP_ID, workflowToken: true }, [APPROVAL_TOKEN]: { integrationId: APPROVAL_APP.id } });
    dir = mkdtempSync(join(tmpdir(), "access-setup-repo-"));
    writeFileSync(
      join(dir, "outputs.json"),
      JSON.stringify({
        aws_region: { value: "eu-west-1" },
        plan_role_arn: { value: "arn:aws:iam::111111111111:role/access-plan" },
        apply_role_arn: { value: "arn:aws:iam::111111111111:role/access-apply" },
        repository: { value: "acme/okta-aws-access" },
      }),
    );
    writeFileSync(join(dir, "CODEOWNERS"), readFileSync(".github/CODEOWNERS", "utf8"));
  });

  afterEach(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const ghEnv = (token: string): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: dir, GH_CONFIG_DIR: join(dir, "gh"), GH_TOKEN: token, GH_HOST: "github.localhost", HTTP_PROXY: fake.url, GH_PROMPT_DISABLED: "1", NO_COLOR: "1", npm_config_update_notifier: "false" });

  function spawnAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv, stdin: string) {
    // Asynchronous: the fake answers from this process, so the test must not block its event loop.
    return new Promise<{ status: number; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(cmd, args, { env, stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
      child.on("error", reject);
      child.on("close", (code) => resolve({ status: code ?? -1, stdout, stderr }));
      child.stdin.end(stdin);
    });
  }

  /** The real gh, as the given token: `gh api ...`. */
  function ghApi(token: string, args: string[]) {
    return spawnAsync("gh", ["api", "--hostname", "github.localhost", ...args], ghEnv(token), "");
  }

  function run(extra: string[], stdin = "", approvalApp = ["--approval-app-slug", APPROVAL_APP.slug]) {
    const args = [
      "tsx",
      "scripts/setup-repo.ts",
      "--outputs",
      join(dir, "outputs.json"),
      "--reviewers",
      "acme/identity-team,acme/security",
      "--bot-app-id",
      "777",
      "--bot-app-client-id",
      "Iv1.bot",
      "--approval-app-client-id",
      "Iv1.approval",
      ...approvalApp,
      "--privileged-team",
      "acme/privileged-access",
      "--team",
      "identity-team=@example/iam",
      "--team",
      "platform-team=@example/platform",
      "--team",
      "security=@example/secops",
      "--codeowners",
      join(dir, "CODEOWNERS"),
      ...extra,
    ];
    return spawnAsync("npx", args, ghEnv(TOKEN), stdin);
  }

  it("configures variables, secrets, environments, rulesets, labels and CODEOWNERS, printing no secret", async () => {
    const res = await run([], answers);
    expect(res.status, res.stderr + res.stdout).toBe(0);
    const s = fake.state;
    expect(s.variables).toEqual({
      AWS_REGION: "eu-west-1",
      AWS_PLAN_ROLE_ARN: "arn:aws:iam::111111111111:role/access-plan",
      ACCESS_BOT_CLIENT_ID: "Iv1.bot",
      ACCESS_APPROVAL_APP_CLIENT_ID: "Iv1.approval",
      ACCESS_APPROVAL_APP_ID: String(APPROVAL_APP.id),
      PRIVILEGED_ACCESS_TEAM: "acme/privileged-access",
    });
    // No repository secret: every key lives in a main-only environment, where a branch's workflow cannot read it.
    expect(s.secrets).toEqual({});
    expect(Object.keys(s.environments.plan!.secrets).sort()).toEqual(["OKTA_API_CLIENT_ID", "OKTA_API_PRIVATE_KEY", "OKTA_API_PRIVATE_KEY_ID", "OKTA_API_SCOPES"]);
    const prod = s.environments.production!;
    expect(prod.reviewers).toEqual([{ type: "Team", id: 11 }, { type: "Team", id: 12 }]);
    expect(prod.prevent_self_review).toBe(true);
    expect(prod.deployment_branch_policy).toEqual({ protected_branches: false, custom_branch_policies: true });
    expect(prod.branchPolicies.map((p) => `${p.type}:${p.name}`)).toEqual(["branch:main"]);
    expect(prod.variables).toEqual({ AWS_APPLY_ROLE_ARN: "arn:aws:iam::111111111111:role/access-apply" });
    expect(Object.keys(prod.secrets).sort()).toEqual(["OKTA_API_CLIENT_ID", "OKTA_API_PRIVATE_KEY", "OKTA_API_PRIVATE_KEY_ID", "OKTA_API_SCOPES"]);
    expect(Object.keys(s.environments.approval!.secrets)).toEqual(["ACCESS_APPROVAL_APP_PRIVATE_KEY"]);
    expect(Object.keys(s.environments.automation!.secrets)).toEqual(["ACCESS_BOT_PRIVATE_KEY"]);
    for (const name of ["plan", "approval", "automation"]) {
      expect(s.environments[name]!.reviewers, name).toEqual([]);
      expect(s.environments[name]!.deployment_branch_policy, name).toEqual({ protected_branches: false, custom_branch_policies: true });
      expect(s.environments[name]!.branchPolicies.map((p) => `${p.type}:${p.name}`), name).toEqual(["branch:main"]);
    }
    expect(s.rulesets.map((r) => r.name).sort()).toEqual(["access: last-applied record", "access: main"]);
    const tag = s.rulesets.find((r) => r.target === "tag")!;
    expect(tag.bypass_actors).toEqual([{ actor_id: 777, actor_type: "Integration", bypass_mode: "always" }]);
    expect(tag.conditions.ref_name.include).toEqual(["refs/tags/access-last-applied"]);
    const main = s.rulesets.find((r) => r.target === "branch")!;
    expect(main.rules.find((r) => r.type === "required_status_checks")!.parameters!.required_status_checks).toEqual([
      { context: "Validate, synthesize, access diff", integration_id: 15368 },
      { context: "Unit tests", integration_id: 15368 },
      { context: "access/risk-approval", integration_id: APPROVAL_APP.id },
    ]);
    expect(s.labels.map((l) => l.name)).toContain("access-revocation-acknowledged");
    expect(s.workflowPermissions).toEqual({ default_workflow_permissions: "read", can_approve_pull_request_reviews: false });
    const codeowners = readFileSync(join(dir, "CODEOWNERS"), "utf8");
    expect(codeowners).not.toContain("@acme/identity-team");
    expect(codeowners).toContain("@example/iam");
    expect(res.stdout).toMatch(/still names placeholder teams .*@acme\/data-platform/);
    // Secret values go to gh on stdin only: never in the output.
    for (const secret of ["0oaPLANCLIENT", "kid-plan", "0oaAPPLYCLIENT", ...Object.values(keys).map((k) => k.split("\n")[1]!)]) {
      expect(res.stdout + res.stderr).not.toContain(secret);
    }
    expect(res.stdout).toContain("gh secret set OKTA_API_PRIVATE_KEY --repo github.localhost/acme/okta-aws-access --env production < (value from the prompt)");
  });

  it("writes nothing on a second run, and asks for no secret", async () => {
    expect((await run([], answers)).status).toBe(0);
    const before = fake.writes().length;
    const again = await run([], "");
    expect(again.status, again.stderr).toBe(0);
    expect(fake.writes().length - before).toBe(0);
    expect(again.stdout).toContain("0 write(s)");
  });

  it("puts back a loosened environment and a ruleset someone weakened", async () => {
    expect((await run([], answers)).status).toBe(0);
    const prod = fake.state.environments.production!;
    prod.deployment_branch_policy = { protected_branches: false, custom_branch_policies: true };
    prod.branchPolicies.push({ id: 9001, name: "feature/*", type: "branch" });
    prod.reviewers = [];
    const main = fake.state.rulesets.find((r) => r.target === "branch")!;
    main.rules = main.rules.filter((r) => r.type !== "required_status_checks");
    const res = await run([], "");
    expect(res.status, res.stderr).toBe(0);
    expect(prod.branchPolicies.map((p) => p.name)).toEqual(["main"]);
    expect(prod.reviewers.map((r) => r.id)).toEqual([11, 12]);
    expect(rulesetMatches(main as never, mainRuleset({ botAppId: APPS.bot, approvalAppId: APPS.approval }))).toBe(true);
  });

  it("re-pins an unpinned access/risk-approval to the approval app", async () => {
    expect((await run([], answers)).status).toBe(0);
    const checks = fake.state.rulesets.find((r) => r.target === "branch")!.rules.find((r) => r.type === "required_status_checks")!.parameters!;
    checks.required_status_checks = (checks.required_status_checks as { context: string }[]).map(({ context }) => ({ context }));
    const res = await run([], "");
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toContain('ruleset "access: main" differs, rewriting it');
    const after = fake.state.rulesets.find((r) => r.target === "branch")!.rules.find((r) => r.type === "required_status_checks")!.parameters!;
    expect(after.required_status_checks).toContainEqual({ context: "access/risk-approval", integration_id: APPROVAL_APP.id });
  });

  it("with the ruleset it writes, only the approval app's access/risk-approval status lets a pull request merge", async () => {
    expect((await run([], answers)).status).toBe(0);
    const head = "a".repeat(40);
    fake.state.pulls = [{ number: 1, head, merged: false }];
    // What plan.yml's jobs report, and what any workflow with statuses: write could post.
    for (const name of ["Validate, synthesize, access diff", "Unit tests"]) {
      const r = await ghApi(WORKFLOW_TOKEN, ["-X", "POST", "repos/acme/okta-aws-access/check-runs", "-f", `name=${name}`, "-f", `head_sha=${head}`, "-f", "status=completed", "-f", "conclusion=success"]);
      expect(r.status, r.stderr).toBe(0);
    }
    const forged = await ghApi(WORKFLOW_TOKEN, ["-X", "POST", `repos/acme/okta-aws-access/statuses/${head}`, "-f", "state=success", "-f", "context=access/risk-approval"]);
    expect(forged.status, forged.stderr).toBe(0);
    const refused = await ghApi(TOKEN, ["-X", "PUT", "repos/acme/okta-aws-access/pulls/1/merge"]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr + refused.stdout).toContain('Required status check \"access/risk-approval\" is expected.');
    expect(fake.state.pulls[0]!.merged).toBe(false);

    const verdict = await ghApi(APPROVAL_TOKEN, ["-X", "POST", `repos/acme/okta-aws-access/statuses/${head}`, "-f", "state=success", "-f", "context=access/risk-approval"]);
    expect(verdict.status, verdict.stderr).toBe(0);
    const merged = await ghApi(TOKEN, ["-X", "PUT", "repos/acme/okta-aws-access/pulls/1/merge"]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(fake.state.pulls[0]!.merged).toBe(true);
  });

  it("without the pin, a workflow's own access/risk-approval status would have let it merge", async () => {
    expect((await run([], answers)).status).toBe(0);
    const checks = fake.state.rulesets.find((r) => r.target === "branch")!.rules.find((r) => r.type === "required_status_checks")!.parameters!;
    checks.required_status_checks = (checks.required_status_checks as { context: string }[]).map(({ context }) => ({ context }));
    const head = "b".repeat(40);
    fake.state.pulls = [{ number: 2, head, merged: false }];
    for (const context of ["Validate, synthesize, access diff", "Unit tests", "access/risk-approval"]) {
      expect((await ghApi(WORKFLOW_TOKEN, ["-X", "POST", `repos/acme/okta-aws-access/statuses/${head}`, "-f", "state=success", "-f", `context=${context}`])).status).toBe(0);
    }
    const merged = await ghApi(TOKEN, ["-X", "PUT", "repos/acme/okta-aws-access/pulls/2/merge"]);
    expect(merged.status, merged.stderr).toBe(0);
  });

  it("pins to a given --approval-app-id without looking the app up", async () => {
    fake.state.apps = {};
    const res = await run([], answers, ["--approval-app-id", "31337"]);
    expect(res.status, res.stderr).toBe(0);
    const checks = fake.state.rulesets.find((r) => r.target === "branch")!.rules.find((r) => r.type === "required_status_checks")!.parameters!;
    expect(checks.required_status_checks).toContainEqual({ context: "access/risk-approval", integration_id: 31337 });
    expect(fake.requests.some((r) => r.path.startsWith("/apps/"))).toBe(false);
  });

  it("refuses an approval app slug whose client id is another app's, before any write", async () => {
    fake.state.apps = { [APPROVAL_APP.slug]: { ...APPROVAL_APP, client_id: "Iv1.someoneelse" } };
    const res = await run([], answers);
    expect(res.status).toBe(1);
    expect(res.stderr).toContain("app acme-access-approval has client id Iv1.someoneelse, not Iv1.approval");
    expect(fake.writes()).toEqual([]);
  });

  it("refuses to run without the approval app's slug or id", async () => {
    const res = await run([], answers, []);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain("--approval-app-slug or --approval-app-id is required");
    expect(fake.requests).toEqual([]);
  });

  it("moves keys an earlier set-up stored at repository level into their environments, and names retired tokens", async () => {
    const old = { encrypted_value: "b2xk", key_id: "old" };
    fake.state.secrets = { ACCESS_APPROVAL_APP_PRIVATE_KEY: old, ACCESS_BOT_PRIVATE_KEY: old, ELEVATE_MEMBERS_TOKEN: old, OKTA_API_PRIVATE_KEY: old };
    const res = await run([], answers);
    expect(res.status, res.stderr).toBe(0);
    expect(Object.keys(fake.state.secrets).sort()).toEqual(["ELEVATE_MEMBERS_TOKEN"]);
    expect(res.stdout).toContain("note: secret OKTA_API_PRIVATE_KEY (repository): removing it, it lives in environment plan, production");
    expect(Object.keys(fake.state.environments.approval!.secrets)).toEqual(["ACCESS_APPROVAL_APP_PRIVATE_KEY"]);
    expect(Object.keys(fake.state.environments.automation!.secrets)).toEqual(["ACCESS_BOT_PRIVATE_KEY"]);
    expect(res.stdout).toContain("note: secret ACCESS_APPROVAL_APP_PRIVATE_KEY (repository): removing it, it lives in environment approval");
    expect(res.stdout).toContain("note: secret ELEVATE_MEMBERS_TOKEN (repository) is retired");
  });

  it("--dry-run prints every call and sends no write", async () => {
    const res = await run(["--dry-run"], answers);
    expect(res.status, res.stderr).toBe(0);
    expect(fake.writes()).toEqual([]);
    expect(fake.state.rulesets).toEqual([]);
    const lines = res.stdout.split("\n");
    expect(lines.filter((l) => l.startsWith("[dry run, not sent]")).length).toBeGreaterThan(15);
    expect(res.stdout).toContain("[dry run, not sent] gh api --hostname github.localhost -X POST /repos/acme/okta-aws-access/rulesets --input -");
    expect(res.stdout).toContain("gh api --hostname github.localhost -X GET /repos/acme/okta-aws-access/actions/variables/AWS_REGION");
    expect(readFileSync(join(dir, "CODEOWNERS"), "utf8")).toContain("@acme/identity-team");
  });

  it("refuses a team that does not exist, before any secret is asked", async () => {
    fake.state.teams = {};
    const out = await run([], "");
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/team acme\/identity-team not found/);
  });
});

describe("ruleset comparison", () => {
  it("ignores defaults GitHub adds but not a bypass actor, review or pin change", () => {
    const have = structuredClone(tagRuleset(5)) as any;
    have.rules.push({ type: "required_signatures" });
    expect(rulesetMatches(have, tagRuleset(5))).toBe(true);
    expect(rulesetMatches(have, tagRuleset(6))).toBe(false);
    const apps = { botAppId: 5, approvalAppId: 9 };
    const main = structuredClone(mainRuleset(apps)) as any;
    main.rules[2].parameters.allowed_merge_methods = ["squash"];
    expect(rulesetMatches(main, mainRuleset(apps))).toBe(true);
    expect(rulesetMatches(main, mainRuleset({ ...apps, approvalAppId: 10 }))).toBe(false);
    main.rules[2].parameters.require_code_owner_review = false;
    expect(rulesetMatches(main, mainRuleset(apps))).toBe(false);
  });
});
