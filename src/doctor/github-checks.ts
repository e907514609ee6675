// GitHub prerequisites: rulesets with the required checks pinned to the apps that post them, the
// tag ruleset, labels, the main-only environments and where the long-lived secrets are stored.
import {
  GITHUB_ACTIONS_APP_ID,
  LABELS,
  LAST_APPLIED_TAG,
  MAIN_ONLY_ENVIRONMENTS,
  OKTA_SECRETS,
  PRODUCTION_ENVIRONMENT,
  REQUIRED_CHECKS,
  requiredCheckPins,
  RETIRED_SECRETS,
  RISK_APPROVAL_STATUS,
  SECRET_HOMES,
  type RulesetBody,
} from "../setup/repo-settings.js";
import { fail, pass, warn, type Check, type DoctorContext } from "./check.js";
import { GitHubReadError, type GitHubReader } from "./github-reader.js";

const SETUP = "run npm run setup:repo (docs/setup.md step 2)";

function need(ctx: DoctorContext): GitHubReader {
  if (!ctx.github) throw new Error(ctx.githubMissing ?? "no GitHub token");
  return ctx.github;
}

async function rulesets(gh: GitHubReader): Promise<RulesetBody[]> {
  const list = (await gh.get<{ id: number }[]>(`/repos/${gh.repo}/rulesets?includes_parents=true&per_page=100`)) ?? [];
  const out: RulesetBody[] = [];
  for (const r of list) {
    const full = await gh.get<RulesetBody>(`/repos/${gh.repo}/rulesets/${r.id}`);
    if (full?.enforcement === "active") out.push(full);
  }
  return out;
}

function mainRulesets(all: RulesetBody[]): RulesetBody[] {
  return all.filter((r) => r.target === "branch" && r.conditions?.ref_name?.include?.some((i) => ["~DEFAULT_BRANCH", "refs/heads/main", "~ALL"].includes(i)));
}

/** undefined when the token may not read it (a workflow's GITHUB_TOKEN has no secrets or variables permission). */
async function readable<T>(read: Promise<T>): Promise<{ value: T } | undefined> {
  try {
    return { value: await read };
  } catch (err) {
    if (err instanceof GitHubReadError && err.status === 403) return undefined;
    throw err;
  }
}

const githubAccess: Check = {
  id: "github-access",
  code: 30,
  area: "github",
  title: "the repository's settings are readable",
  async run(ctx) {
    if (!ctx.github) return fail(ctx.githubMissing ?? "no GitHub token", "set GITHUB_TOKEN (or GH_TOKEN) and GITHUB_REPOSITORY=OWNER/NAME; doctor.yml does");
    const repo = await ctx.github.get<{ full_name: string }>(`/repos/${ctx.github.repo}`);
    if (!repo) return fail(`repository ${ctx.github.repo} not found`, "check GITHUB_REPOSITORY and the token's access");
    return pass(repo.full_name);
  },
};

const mainRuleset: Check = {
  id: "github-main-ruleset",
  code: 31,
  area: "github",
  title: "main requires a pull request, code-owner review and the required checks",
  needs: ["github-access"],
  async run(ctx) {
    const active = mainRulesets(await rulesets(need(ctx)));
    const rules = active.flatMap((r) => r.rules ?? []);
    const problems: string[] = [];
    const pr = rules.filter((r) => r.type === "pull_request");
    if (!pr.length) problems.push("no pull request rule");
    else if (!pr.some((r) => r.parameters?.require_code_owner_review === true)) problems.push("code-owner review not required");
    const checks = new Set(rules.filter((r) => r.type === "required_status_checks").flatMap((r) => ((r.parameters?.required_status_checks as { context: string }[] | undefined) ?? []).map((c) => c.context)));
    const missing = REQUIRED_CHECKS.filter((c) => !checks.has(c));
    if (missing.length) problems.push(`required checks missing: ${missing.join(", ")}`);
    if (!rules.some((r) => r.type === "non_fast_forward")) problems.push("force pushes not blocked");
    // One app may bypass: the automation app, for pre-approved accounts-only changes.
    const bypass = active.flatMap((r) => r.bypass_actors ?? []);
    const people = bypass.filter((b) => b.actor_type !== "Integration");
    const apps = new Set(bypass.filter((b) => b.actor_type === "Integration").map((b) => b.actor_id));
    if (people.length || apps.size > 1) problems.push(`${bypass.length} bypass actor(s) (${bypass.map((b) => b.actor_type).join(", ")}) can merge without review; only the automation app may`);
    if (problems.length) return fail(`main: ${problems.join("; ")}`, SETUP);
    return pass(`${active.length} active ruleset(s); checks ${REQUIRED_CHECKS.join(", ")}`);
  },
};

const tagRuleset: Check = {
  id: "github-tag-ruleset",
  code: 32,
  area: "github",
  title: `only the automation app may move the ${LAST_APPLIED_TAG} tag`,
  needs: ["github-access"],
  async run(ctx) {
    const ref = `refs/tags/${LAST_APPLIED_TAG}`;
    const tag = (await rulesets(need(ctx))).filter((r) => r.target === "tag" && r.conditions?.ref_name?.include?.some((i) => i === ref || i === "~ALL"));
    const types = new Set(tag.flatMap((r) => (r.rules ?? []).map((x) => x.type)));
    const missing = ["creation", "update", "deletion"].filter((t) => !types.has(t));
    if (!tag.length || missing.length) return fail(tag.length ? `the tag ruleset does not restrict ${missing.join(", ")}` : `no active tag ruleset covers ${ref}`, SETUP);
    const actors = tag.flatMap((r) => r.bypass_actors ?? []);
    const apps = actors.filter((a) => a.actor_type === "Integration");
    const others = actors.filter((a) => a.actor_type !== "Integration");
    if (!apps.length) return fail("nobody may bypass the tag ruleset, so the apply's record job cannot move the tag", `${SETUP} with --bot-app-id (the automation app)`);
    if (others.length) return fail(`${others.map((a) => a.actor_type).join(", ")} may also move the tag`, "leave only the automation app in the tag ruleset's bypass list");
    return pass(`${ref}: bypass only app ${apps.map((a) => a.actor_id).join(", ")}`);
  },
};

const labels: Check = {
  id: "github-labels",
  code: 33,
  area: "github",
  title: "the labels the workflows use exist",
  needs: ["github-access"],
  async run(ctx) {
    const gh = need(ctx);
    const have = new Set(((await gh.get<{ name: string }[]>(`/repos/${gh.repo}/labels?per_page=100`)) ?? []).map((l) => l.name.toLowerCase()));
    const missing = LABELS.map((l) => l.name).filter((n) => !have.has(n));
    if (missing.length) return fail(`missing label(s): ${missing.join(", ")}`, SETUP);
    return pass(`${LABELS.length} labels`);
  },
};

const environments: Check = {
  id: "github-environments",
  code: 34,
  area: "github",
  title: `${MAIN_ONLY_ENVIRONMENTS.join(", ")} deploy from main only (production with reviewers)`,
  needs: ["github-access"],
  async run(ctx) {
    const gh = need(ctx);
    const problems: string[] = [];
    for (const name of MAIN_ONLY_ENVIRONMENTS) {
      const env = await gh.get<{ deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null; protection_rules?: { type: string }[] }>(
        `/repos/${gh.repo}/environments/${name}`,
      );
      if (!env) {
        problems.push(`environment ${name} missing`);
        continue;
      }
      if (!env.deployment_branch_policy?.custom_branch_policies) {
        problems.push(`${name} can be deployed from ${env.deployment_branch_policy ? "any protected branch" : "any branch"}`);
      } else {
        const policies = (await gh.get<{ branch_policies: { name: string; type?: string }[] }>(`/repos/${gh.repo}/environments/${name}/deployment-branch-policies`))?.branch_policies ?? [];
        const extra = policies.filter((p) => !(p.name === "main" && (p.type ?? "branch") === "branch"));
        if (extra.length) problems.push(`${name} can also be deployed from ${extra.map((p) => `${p.type ?? "branch"} ${p.name}`).join(", ")}`);
        if (!policies.length) problems.push(`${name} has no deployment branch (not even main)`);
      }
      if (name === PRODUCTION_ENVIRONMENT && !(env.protection_rules ?? []).some((r) => r.type === "required_reviewers")) problems.push(`${name} has no required reviewers`);
    }
    if (problems.length) return fail(problems.join("; "), SETUP);
    return pass(`${MAIN_ONLY_ENVIRONMENTS.join(", ")}: main only`);
  },
};

const checkPins: Check = {
  id: "github-check-pins",
  code: 35,
  area: "github",
  title: `main's required checks count only from the app that posts them (${RISK_APPROVAL_STATUS}: the approval app)`,
  needs: ["github-main-ruleset"],
  async run(ctx) {
    const gh = need(ctx);
    const required = mainRulesets(await rulesets(gh))
      .flatMap((r) => r.rules ?? [])
      .filter((r) => r.type === "required_status_checks")
      .flatMap((r) => (r.parameters?.required_status_checks as { context: string; integration_id?: number }[] | undefined) ?? []);
    const pinsOf = (context: string) => required.filter((c) => c.context === context).map((c) => c.integration_id);
    let expected = ctx.approvalAppId;
    let unknownWhy = "";
    if (expected === undefined) {
      const v = await readable(gh.get<{ value: string }>(`/repos/${gh.repo}/actions/variables/ACCESS_APPROVAL_APP_ID`));
      if (v?.value && /^[1-9]\d*$/.test(v.value.value)) expected = Number(v.value.value);
      else unknownWhy = v ? "the repository variable ACCESS_APPROVAL_APP_ID is not set" : "ACCESS_APPROVAL_APP_ID is not given and this token cannot read repository variables";
    }
    const problems: string[] = [];
    let unconfirmed: string | undefined;
    for (const [context, app] of requiredCheckPins(expected ?? 0)) {
      const pins = pinsOf(context);
      if (context !== RISK_APPROVAL_STATUS) {
        if (!pins.includes(app)) problems.push(`${context} is ${describePins(pins)}, not pinned to GitHub Actions (${GITHUB_ACTIONS_APP_ID})`);
      } else if (expected !== undefined) {
        if (!pins.includes(expected)) problems.push(`${context} is ${describePins(pins)}, not pinned to the approval app (${expected}): anyone who can post a commit status could satisfy it`);
      } else {
        // Without the expected id, a pin to some app other than GitHub Actions is the best evidence.
        const apps = pins.filter((p): p is number => p !== undefined && p !== GITHUB_ACTIONS_APP_ID);
        if (!apps.length) problems.push(`${context} is ${describePins(pins)}: any workflow with statuses: write could post it (pin it to the approval app)`);
        else unconfirmed = `${context} is pinned to app ${apps.join(", ")}, but ${unknownWhy}, so it is not confirmed to be the approval app`;
      }
    }
    if (problems.length) return fail([...problems, ...(unconfirmed ? [unconfirmed] : [])].join("; "), `${SETUP} with --approval-app-slug (or --approval-app-id): it pins each required check to its app`);
    if (unconfirmed) return warn(unconfirmed, "give doctor ACCESS_APPROVAL_APP_ID (the repository variable npm run setup:repo stores), or run it with a token that reads repository variables");
    return pass(`${REQUIRED_CHECKS.filter((c) => c !== RISK_APPROVAL_STATUS).join(", ")}: GitHub Actions (${GITHUB_ACTIONS_APP_ID}); ${RISK_APPROVAL_STATUS}: approval app ${expected}`);
  },
};

function describePins(pins: (number | undefined)[]): string {
  const apps = pins.filter((p): p is number => p !== undefined);
  return apps.length ? `pinned to app ${apps.join(", ")}` : "not pinned to any app";
}

const secretsLocation: Check = {
  id: "github-secrets",
  code: 36,
  area: "github",
  title: "keys that can write live only in main-only environments; retired tokens are gone",
  needs: ["github-access"],
  async run(ctx) {
    const gh = need(ctx);
    const names = async (path: string) => ((await gh.get<{ secrets: { name: string }[] }>(`${path}?per_page=100`))?.secrets ?? []).map((x) => x.name);
    const repoList = await readable(names(`/repos/${gh.repo}/actions/secrets`));
    if (!repoList) {
      return warn(
        "not checked: this token cannot list secrets (a workflow's GITHUB_TOKEN has no secrets permission)",
        "run doctor once with a repository admin's token: GITHUB_TOKEN=$(gh auth token) npm run access -- doctor --only github",
      );
    }
    const held = new Map<string, string[]>([["repository", repoList.value]]);
    for (const env of MAIN_ONLY_ENVIRONMENTS) held.set(env, await names(`/repos/${gh.repo}/environments/${env}/secrets`));
    const where = (name: string) => [...held].filter(([, list]) => list.includes(name)).map(([home]) => home);

    const problems: string[] = [];
    for (const [name, homes] of Object.entries(SECRET_HOMES)) {
      const at = where(name);
      if (at.includes("repository") && !homes.includes("repository")) {
        problems.push(`${name} is a repository secret, which any workflow on a same-repository branch can read; it belongs in environment ${homes.join(", ")} only`);
      }
      const missing = homes.filter((h) => !at.includes(h));
      if (missing.length) problems.push(`${name} missing in ${missing.map((h) => (h === "repository" ? "the repository" : `environment ${h}`)).join(", ")}`);
    }
    const retired = RETIRED_SECRETS.flatMap((name) => where(name).map((home) => `${name} (${home})`));
    if (retired.length) problems.push(`retired token(s) still stored: ${retired.join(", ")} (the automation app replaced them)`);
    if (problems.length) {
      const fixes = [`${SETUP}: it stores each key in its environment and removes repository copies`];
      if (retired.length) fixes.push("revoke each retired token where it was created, then gh secret delete NAME [--env ENV]");
      return fail(problems.join("; "), fixes.join("; "));
    }
    const placed = Object.entries(SECRET_HOMES)
      .filter(([name]) => !(OKTA_SECRETS as readonly string[]).includes(name))
      .map(([name, homes]) => `${name} in ${homes.join(", ")}`)
      .concat(`OKTA_API_* in ${SECRET_HOMES.OKTA_API_CLIENT_ID!.join(", ")}`, "no retired token")
      .join("; ");
    return pass(placed);
  },
};

export const GITHUB_CHECKS: readonly Check[] = [githubAccess, mainRuleset, tagRuleset, labels, environments, checkPins, secretsLocation];
