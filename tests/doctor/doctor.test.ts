// `access doctor` against the local emulator, Okta and GitHub: a correct set-up passes every
// check, and each seeded misconfiguration is found by its own check, which says what to fix.
import type { FakeUserWithFactors } from "../okta-fake/factors.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ALL_CHECKS, exitCodeOf, formatResults, type CheckResult } from "../../src/doctor/index.js";
import { applyRolePolicy, planRolePolicy, roleSubjects, trustPolicy } from "../../src/setup/role-policies.js";
import { APPLY_ROLE, APPROVAL_APP_ID, PLAN_ROLE, pushMapping, REPO, SEALED, setRole, startWorld, WORKFLOW_TOKEN, type World } from "./world.js";

const OIDC = "arn:aws:iam::999999999999:oidc-provider/token.actions.githubusercontent.com";
const STATE = { bucket: "acme-access-state", keyPrefix: "access/" };

/** The required status checks of the main ruleset, as the fake holds them. */
function requiredChecks(w: World): { context: string; integration_id?: number }[] {
  const rule = w.github.state.rulesets[0]!.rules.find((r) => r.type === "required_status_checks")!;
  return rule.parameters!.required_status_checks as { context: string; integration_id?: number }[];
}

function pinCheck(w: World, context: string, integrationId: number | undefined): void {
  const check = requiredChecks(w).find((c) => c.context === context)!;
  if (integrationId === undefined) delete check.integration_id;
  else check.integration_id = integrationId;
}

function byId(results: CheckResult[], id: string): CheckResult {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no check ${id}`);
  return r;
}

describe("access doctor", () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  it("passes every check on a correct set-up, one line each, exit 0", async () => {
    const results = await world.doctor();
    expect(results.filter((r) => r.status !== "pass").map((r) => `${r.id}: ${r.status}`)).toEqual([]);
    expect(byId(results, "github-secrets").detail).toBe("ACCESS_APPROVAL_APP_PRIVATE_KEY in approval; ACCESS_BOT_PRIVATE_KEY in automation; OKTA_API_* in plan, production; no retired token");
    expect(byId(results, "github-check-pins").detail).toBe(`Validate, synthesize, access diff, Unit tests: GitHub Actions (15368); access/risk-approval: approval app ${APPROVAL_APP_ID}`);
    expect(results.length).toBeGreaterThanOrEqual(19);
    expect(new Set(results.map((r) => r.code)).size).toBe(results.length);
    expect(exitCodeOf(results)).toBe(0);
    expect(formatResults(results)).toMatch(/doctor: all \d+ checks passed$/);
    // The lock check really took and released a lock object.
    expect(world.emulator.s3.buckets.get("acme-access-state")!.objects.size).toBe(0);
  });

  const seeded: { name: string; check: string; detail: RegExp; seed: (w: World) => void }[] = [
    {
      name: "the repository variable AWS_REGION differs from the model",
      check: "aws-credentials",
      detail: /AWS_REGION is eu-west-1/,
      seed: (w) => (w.env.ACCESS_WORKFLOW_REGION = "eu-west-1"),
    },
    {
      name: "the plan role trusts another repository",
      check: "plan-role",
      detail: /trusts sub repo:acme\/other:environment:plan/,
      seed: (w) => setRole(w.emulator, "access-plan", PLAN_ROLE, trustPolicy(OIDC, roleSubjects({ owner: "acme", name: "other" }, "classic").plan, "P"), planRolePolicy(STATE, { planRoleArn: PLAN_ROLE, applyRoleArn: APPLY_ROLE })),
    },
    {
      name: "the plan role can create account assignments (a PR could grant itself access)",
      check: "plan-role",
      detail: /is allowed sso:CreateAccountAssignment/,
      seed: (w) => {
        const policy = planRolePolicy(STATE, { planRoleArn: PLAN_ROLE, applyRoleArn: APPLY_ROLE });
        policy.Statement[0]!.Action = ["sso:*"];
        w.emulator.iam.roles.get("access-plan")!.policies["access-plan"] = JSON.stringify(policy);
      },
    },
    {
      name: "the apply role trusts every workflow on main instead of the production environment",
      check: "apply-role",
      detail: /ref:refs\/heads\/main.*expected exactly repo:acme\/okta-aws-access:environment:production/,
      seed: (w) => setRole(w.emulator, "access-apply", APPLY_ROLE, trustPolicy(OIDC, [`repo:${REPO.owner}/${REPO.name}:ref:refs/heads/main`], "A"), applyRolePolicy(STATE)),
    },
    {
      name: "the apply role trusts with StringLike wildcards",
      check: "apply-role",
      detail: /StringLike/,
      seed: (w) => {
        const trust = trustPolicy(OIDC, [`repo:${REPO.owner}/${REPO.name}:*`], "A");
        trust.Statement[0]!.Condition = { StringLike: trust.Statement[0]!.Condition!.StringEquals! };
        setRole(w.emulator, "access-apply", APPLY_ROLE, trust, applyRolePolicy(STATE));
      },
    },
    {
      name: "the apply role cannot create account assignments",
      check: "apply-role",
      detail: /may not sso:CreateAccountAssignment/,
      seed: (w) => {
        const policy = applyRolePolicy(STATE);
        policy.Statement[0]!.Action = (policy.Statement[0]!.Action as string[]).filter((a) => a !== "sso:CreateAccountAssignment");
        w.emulator.iam.roles.get("access-apply")!.policies["access-apply"] = JSON.stringify(policy);
      },
    },
    {
      name: "the model names another identity store",
      check: "identity-center",
      detail: /uses identity store d-0123456789, the model says d-9999999999/,
      seed: (w) => {
        const file = join(w.modelDir, "organization.yaml");
        writeFileSync(file, readFileSync(file, "utf8").replace("identity_store_id: d-0123456789", "identity_store_id: d-9999999999"));
        w.reload();
      },
    },
    {
      name: "the model's management account is not the Organization's",
      check: "organizations",
      detail: /management account is 999999999999, the model says 123456789012/,
      seed: (w) => {
        const file = join(w.modelDir, "organization.yaml");
        writeFileSync(file, readFileSync(file, "utf8").replace('management_account: "999999999999"', 'management_account: "123456789012"'));
        w.reload();
      },
    },
    {
      name: "the state bucket has versioning suspended",
      check: "state-bucket",
      detail: /versioning Suspended/,
      seed: (w) => (w.emulator.s3.buckets.get("acme-access-state")!.versioning = "Suspended"),
    },
    {
      name: "the state bucket does not exist",
      check: "state-bucket",
      detail: /acme-access-state: NotFound/,
      seed: (w) => w.emulator.s3.buckets.delete("acme-access-state"),
    },
    {
      name: "a stale lock file is left behind by a cancelled run",
      check: "state-lock",
      detail: /stale lock s3:\/\/acme-access-state\/access\/identity-center\.tfstate\.tflock/,
      seed: (w) => w.emulator.s3.buckets.get("acme-access-state")!.objects.set("access/identity-center.tfstate.tflock", { body: '{"ID":"x"}', lastModified: new Date(Date.now() - 5 * 3600_000) }),
    },
    {
      name: "the plan role cannot write the lock object",
      check: "state-lock",
      detail: /cannot take a lock .*AccessDenied/,
      seed: (w) => {
        const policy = planRolePolicy(STATE, { planRoleArn: PLAN_ROLE, applyRoleArn: APPLY_ROLE });
        policy.Statement = policy.Statement.filter((s) => s.Sid !== "TakeAndReleaseTheStateLock");
        w.emulator.iam.roles.get("access-plan")!.policies["access-plan"] = JSON.stringify(policy);
        // Simulation reports it too; here the live PutObject is what fails.
      },
    },
    {
      name: "the Okta app is not granted a configured scope",
      check: "okta-token",
      detail: /invalid_scope|not allowed/i,
      seed: (w) => w.grantedScopes.splice(w.grantedScopes.indexOf("okta.policies.read"), 1),
    },
    {
      name: "the Okta org runs the Classic Engine",
      check: "okta-oie",
      detail: /Okta Classic Engine/,
      seed: (w) => (w.oktaState.pipeline = "v1"),
    },
    {
      name: "okta.app.id names an app that does not exist",
      check: "okta-app",
      detail: /okta\.app\.id 0oaGONE is no app in Okta/,
      seed: (w) => {
        const file = join(w.modelDir, "organization.yaml");
        writeFileSync(file, readFileSync(file, "utf8").replace("      label: AWS IAM Identity Center", "      label: AWS IAM Identity Center\n      id: 0oaGONE"));
        w.reload();
      },
    },
    {
      name: "SCIM stopped: a pushed group never reached the Identity Store",
      check: "scim-push",
      detail: /1 of 4 pushed groups are not in the Identity Store/,
      seed: (w) => w.oktaState.apps[0]!.pushMappings!.push(pushMapping(w.oktaState.groups[3]!.id)),
    },
    {
      name: "a member of a privileged group has only push and SMS factors",
      check: "privileged-factors",
      detail: /no FIDO2\/WebAuthn or Okta FastPass factor: ada@acme\.example/,
      seed: (w) => ((w.oktaState.users.find((u) => u.id === "u1") as FakeUserWithFactors).factors = [{ id: "f1", factorType: "push", provider: "OKTA" }, { id: "f2", factorType: "sms", provider: "OKTA" }]),
    },
    {
      name: "the read-only Okta app is also granted a manage scope (its key is a repository secret)",
      check: "okta-read-only",
      detail: /can get a token with okta\.groups\.manage; as a repository secret any workflow on a same-repository branch could use it to change Okta/,
      seed: (w) => w.grantedScopes.push("okta.groups.manage"),
    },
    {
      name: "the risk-based approval status is not required on main",
      check: "github-main-ruleset",
      detail: /required checks missing: access\/risk-approval/,
      seed: (w) => {
        const rule = w.github.state.rulesets[0]!.rules.find((r) => r.type === "required_status_checks")!;
        rule.parameters = { ...rule.parameters, required_status_checks: (rule.parameters!.required_status_checks as { context: string }[]).filter((c) => c.context !== "access/risk-approval") };
      },
    },
    {
      name: "the tag ruleset has nobody who may move the tag",
      check: "github-tag-ruleset",
      detail: /nobody may bypass the tag ruleset/,
      seed: (w) => (w.github.state.rulesets[1]!.bypass_actors = []),
    },
    {
      name: "the acknowledgement label is missing",
      check: "github-labels",
      detail: /missing label\(s\): access-revocation-acknowledged/,
      seed: (w) => (w.github.state.labels = w.github.state.labels.filter((l) => l.name !== "access-revocation-acknowledged")),
    },
    {
      name: "production may be deployed from any branch",
      check: "github-environments",
      detail: /production can be deployed from any branch/,
      seed: (w) => (w.github.state.environments.production!.deployment_branch_policy = null),
    },
    {
      name: "the approval environment may also be deployed from feature branches",
      check: "github-environments",
      detail: /approval can also be deployed from branch feature\/\*/,
      seed: (w) => w.github.state.environments.approval!.branchPolicies.push({ id: 4, name: "feature/*", type: "branch" }),
    },
    {
      name: "access/risk-approval is required but not pinned to any app",
      check: "github-check-pins",
      detail: new RegExp(`access/risk-approval is not pinned to any app, not pinned to the approval app \\(${APPROVAL_APP_ID}\\)`),
      seed: (w) => pinCheck(w, "access/risk-approval", undefined),
    },
    {
      name: "access/risk-approval is pinned to GitHub Actions, which every workflow's token reports as",
      check: "github-check-pins",
      detail: /access\/risk-approval is pinned to app 15368, not pinned to the approval app/,
      seed: (w) => pinCheck(w, "access/risk-approval", 15368),
    },
    {
      name: "a required Actions check is not pinned to GitHub Actions",
      check: "github-check-pins",
      detail: /Unit tests is not pinned to any app, not pinned to GitHub Actions \(15368\)/,
      seed: (w) => pinCheck(w, "Unit tests", undefined),
    },
    {
      name: "the approval app's key is a repository secret",
      check: "github-secrets",
      detail: /ACCESS_APPROVAL_APP_PRIVATE_KEY is a repository secret, which any workflow on a same-repository branch can read; it belongs in environment approval only/,
      seed: (w) => (w.github.state.secrets.ACCESS_APPROVAL_APP_PRIVATE_KEY = SEALED),
    },
    {
      name: "the automation app's key is a repository secret",
      check: "github-secrets",
      detail: /ACCESS_BOT_PRIVATE_KEY is a repository secret.*belongs in environment automation only/,
      seed: (w) => (w.github.state.secrets.ACCESS_BOT_PRIVATE_KEY = SEALED),
    },
    {
      name: "the approval environment lacks the approval app's key",
      check: "github-secrets",
      detail: /ACCESS_APPROVAL_APP_PRIVATE_KEY missing in environment approval/,
      seed: (w) => delete w.github.state.environments.approval!.secrets.ACCESS_APPROVAL_APP_PRIVATE_KEY,
    },
    {
      name: "the retired ELEVATE_MEMBERS_TOKEN is still a repository secret",
      check: "github-secrets",
      detail: /retired token\(s\) still stored: ELEVATE_MEMBERS_TOKEN \(repository\)/,
      seed: (w) => (w.github.state.secrets.ELEVATE_MEMBERS_TOKEN = SEALED),
    },
    {
      name: "the retired ACCOUNTS_PR_TOKEN is kept in an environment",
      check: "github-secrets",
      detail: /retired token\(s\) still stored: ACCOUNTS_PR_TOKEN \(automation\)/,
      seed: (w) => (w.github.state.environments.automation!.secrets.ACCOUNTS_PR_TOKEN = SEALED),
    },
    {
      name: "the okta provider lock file was never generated",
      check: "lock-files",
      detail: /terraform\/okta\/\.terraform\.lock\.hcl is missing/,
      seed: (w) => rmSync(join(w.dir, "terraform/okta/.terraform.lock.hcl")),
    },
  ];

  for (const s of seeded) {
    it(`finds it when ${s.name}`, async () => {
      s.seed(world);
      const results = await world.doctor();
      const r = byId(results, s.check);
      expect(r.status, `${r.id}: ${r.detail}`).toBe("fail");
      expect(r.detail).toMatch(s.detail);
      expect(r.fix).toBeTruthy();
      expect(exitCodeOf(results)).toBeGreaterThanOrEqual(10);
      expect(exitCodeOf(results)).toBeLessThanOrEqual(r.code);
    });
  }

  it("with a workflow's GITHUB_TOKEN, as doctor.yml runs it, says what it could not check instead of passing it", async () => {
    world.env.GITHUB_TOKEN = WORKFLOW_TOKEN;
    const results = await world.doctor();
    expect(byId(results, "github-secrets")).toMatchObject({ status: "warn", detail: expect.stringMatching(/^not checked: this token cannot list secrets/) });
    expect(byId(results, "github-check-pins")).toMatchObject({
      status: "warn",
      detail: `access/risk-approval is pinned to app ${APPROVAL_APP_ID}, but ACCESS_APPROVAL_APP_ID is not given and this token cannot read repository variables, so it is not confirmed to be the approval app`,
    });
    expect(exitCodeOf(results)).toBe(0);
    // An unpinned status fails even when the approval app's id is unknown.
    pinCheck(world, "access/risk-approval", undefined);
    expect(byId(await world.doctor(), "github-check-pins")).toMatchObject({ status: "fail", detail: expect.stringMatching(/not pinned to any app: any workflow with statuses: write could post it/) });
  });

  it("confirms the pin against ACCESS_APPROVAL_APP_ID when it is given, and fails on another app's id", async () => {
    world.env.GITHUB_TOKEN = WORKFLOW_TOKEN;
    world.env.ACCESS_APPROVAL_APP_ID = String(APPROVAL_APP_ID);
    expect(byId(await world.doctor(), "github-check-pins").status).toBe("pass");
    pinCheck(world, "access/risk-approval", 5150);
    expect(byId(await world.doctor(), "github-check-pins")).toMatchObject({ status: "fail", detail: expect.stringMatching(/access\/risk-approval is pinned to app 5150, not pinned to the approval app \(424242\)/) });
  });

  it("fails the secrets check when the read-only Okta key is a repository secret (any branch's workflow reads it) or missing from the plan environment", async () => {
    world.github.state.secrets = { OKTA_API_PRIVATE_KEY: SEALED };
    expect(byId(await world.doctor(), "github-secrets")).toMatchObject({
      status: "fail",
      detail: expect.stringMatching(/OKTA_API_PRIVATE_KEY is a repository secret, which any workflow on a same-repository branch can read; it belongs in environment plan, production only/),
    });
    world.github.state.secrets = {};
    delete world.github.state.environments.plan!.secrets.OKTA_API_CLIENT_ID;
    expect(byId(await world.doctor(), "github-secrets")).toMatchObject({ status: "fail", detail: expect.stringMatching(/OKTA_API_CLIENT_ID missing in environment plan/) });
  });

  it("before the first apply, a missing Okta app and no pushes are expected, not failures", async () => {
    world.oktaState.apps = [];
    const results = await world.doctor({ beforeFirstApply: true });
    expect(byId(results, "okta-app").status).toBe("pass");
    expect(byId(results, "scim-push").status).toBe("pass");
    const after = await world.doctor();
    expect(byId(after, "okta-app").status).toBe("fail");
    expect(byId(after, "scim-push").status).toBe("skip");
  });

  it("lets a person run it with their own session, saying the plan role is proven only in Actions", async () => {
    world.emulator.iam.accessKeys.clear();
    delete world.env.GITHUB_ACTIONS;
    const results = await world.doctor({ beforeFirstApply: true });
    expect(byId(results, "aws-credentials")).toMatchObject({ status: "pass", detail: expect.stringMatching(/user\/e2e \(not the plan role: run doctor\.yml/) });
    expect(results.filter((r) => r.status === "fail" || r.status === "skip").map((r) => r.id)).toEqual([]);
  });

  it("skips what depends on a failed check and names it", async () => {
    world.emulator.iam.accessKeys.clear();
    const results = await world.doctor();
    expect(byId(results, "aws-credentials").status).toBe("fail");
    expect(byId(results, "plan-role")).toMatchObject({ status: "skip", detail: "not checked: aws-credentials failed first" });
    expect(exitCodeOf(results)).toBe(10);
  });

  it("as a CLI command prints one line per check and exits with the failed check's code", async () => {
    const file = join(world.modelDir, "organization.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("identity_store_id: d-0123456789", "identity_store_id: d-9999999999"));
    const env = { PATH: process.env.PATH, HOME: world.dir, ...world.env, AWS_ENDPOINT_URL: world.emulator.url, AWS_ACCESS_KEY_ID: "AKIAPLANROLE", AWS_SECRET_ACCESS_KEY: "local", AWS_EC2_METADATA_DISABLED: "true" };
    const cli = [resolve("node_modules/.bin/tsx"), resolve("src/cli/main.ts"), "doctor", "--model", world.modelDir];
    const out = await new Promise<{ code: number; stdout: string }>((done, reject) => {
      const child = spawn(cli[0]!, cli.slice(1), { cwd: world.dir, env, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
      child.on("error", reject);
      child.on("close", (code) => done({ code: code ?? -1, stdout }));
    });
    expect(out.stdout, out.stdout).toMatch(/^FAIL 13 identity-center\s+instance .* uses identity store d-0123456789, the model says d-9999999999$/m);
    expect(out.stdout).toMatch(/^\s+fix: set organization\.identity_center\.identity_store_id: d-0123456789$/m);
    expect(out.stdout).toMatch(/^PASS 10 aws-credentials/m);
    expect(out.stdout.trim().split("\n").filter((l) => /^(PASS|WARN|FAIL|SKIP)/.test(l))).toHaveLength(ALL_CHECKS.length);
    expect(out.code, out.stdout).toBe(13);
  });
});
