// GitHub prerequisites: rulesets with the required checks, the tag ruleset, labels and the
// main-only environments.
import { AUTOMATION_ENVIRONMENT, LABELS, LAST_APPLIED_TAG, PRODUCTION_ENVIRONMENT, REQUIRED_CHECKS, type RulesetBody } from "../setup/repo-settings.js";
import { fail, pass, type Check, type DoctorContext } from "./check.js";
import type { GitHubReader } from "./github-reader.js";

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
    const active = (await rulesets(need(ctx))).filter((r) => r.target === "branch" && r.conditions?.ref_name?.include?.some((i) => ["~DEFAULT_BRANCH", "refs/heads/main", "~ALL"].includes(i)));
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
  title: "production (with reviewers) and automation deploy from main only",
  needs: ["github-access"],
  async run(ctx) {
    const gh = need(ctx);
    const problems: string[] = [];
    for (const name of [PRODUCTION_ENVIRONMENT, AUTOMATION_ENVIRONMENT]) {
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
    return pass(`${PRODUCTION_ENVIRONMENT} and ${AUTOMATION_ENVIRONMENT}: main only`);
  },
};

export const GITHUB_CHECKS: readonly Check[] = [githubAccess, mainRuleset, tagRuleset, labels, environments];
