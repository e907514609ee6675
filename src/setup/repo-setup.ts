// Makes a GitHub repository ready for the workflows, idempotently: each setting is read first and
// written only when it differs (a second run writes nothing). Secrets cannot be read back, so an
// existing secret is kept unless `rotateSecrets`; a missing one is asked for.
import type { GitHubCli } from "./gh.js";
import {
  APPROVAL_ENVIRONMENT,
  AUTOMATION_ENVIRONMENT,
  LABELS,
  mainRuleset,
  OKTA_APPLY_SCOPES,
  OKTA_PLAN_SCOPES,
  PLAN_ENVIRONMENT,
  PRODUCTION_ENVIRONMENT,
  RETIRED_SECRETS,
  SECRET_HOMES,
  tagRuleset,
  type RulesetBody,
  type SecretHome,
} from "./repo-settings.js";

export interface RepoSetupInput {
  awsRegion: string;
  planRoleArn: string;
  applyRoleArn: string;
  /** Teams ("org/slug") that approve each job in `production`. */
  reviewers: string[];
  /** The automation app (contents + pull-requests write): moves the last-applied tag, opens the accounts PR. */
  botApp: { id: number; clientId: string };
  /**
   * The risk-based approval app (Organization members: read, Commit statuses: write) and the team
   * it reads. Its numeric id pins the required status; given, or looked up from its slug.
   */
  approval: { clientId: string; privilegedTeam: string; id?: number; slug?: string };
  rotateSecrets: boolean;
}

export interface SecretRequest {
  name: string;
  /** Where it is stored, for the prompt: "repository" or "environment production, ...". */
  where: string;
  /** What to paste, for the prompt. */
  describe: string;
  /** A PEM private key: several lines up to the END line. */
  pem: boolean;
}

export type AskSecret = (request: SecretRequest) => Promise<string>;

export class SetupError extends Error {}

export async function setUpRepository(gh: GitHubCli, input: RepoSetupInput, ask: AskSecret, note: (line: string) => void): Promise<void> {
  const repo = gh.repoPath;
  const approvalAppId = await resolveApprovalApp(gh, input.approval);

  // Workflows get a read-only token by default (each job asks for more) and may not approve PRs.
  const permissions = await gh.get<{ default_workflow_permissions: string; can_approve_pull_request_reviews: boolean }>(`${repo}/actions/permissions/workflow`);
  if (permissions?.default_workflow_permissions !== "read" || permissions.can_approve_pull_request_reviews !== false) {
    await gh.write("PUT", `${repo}/actions/permissions/workflow`, { default_workflow_permissions: "read", can_approve_pull_request_reviews: false });
  }

  const repoVars: Record<string, string> = {
    AWS_REGION: input.awsRegion,
    AWS_PLAN_ROLE_ARN: input.planRoleArn,
    ACCESS_BOT_CLIENT_ID: input.botApp.clientId,
    ACCESS_APPROVAL_APP_CLIENT_ID: input.approval.clientId,
    // Not secret: doctor compares the ruleset's pin with it.
    ACCESS_APPROVAL_APP_ID: String(approvalAppId),
    PRIVILEGED_ACCESS_TEAM: input.approval.privilegedTeam,
  };
  for (const [name, value] of Object.entries(repoVars)) await ensureVariable(gh, `${repo}/actions/variables`, name, value, note);

  const reviewerIds: number[] = [];
  for (const team of input.reviewers) {
    const [org, slug] = team.split("/");
    const found = await gh.get<{ id: number }>(`/orgs/${org}/teams/${slug}`);
    if (!found) throw new SetupError(`team ${team} not found: give existing teams as --reviewers org/slug (the token needs read:org)`);
    reviewerIds.push(found.id);
  }
  await ensureEnvironment(gh, PRODUCTION_ENVIRONMENT, reviewerIds, note);
  await ensureVariable(gh, `${repo}/environments/${PRODUCTION_ENVIRONMENT}/variables`, "AWS_APPLY_ROLE_ARN", input.applyRoleArn, note);
  await ensureEnvironment(gh, PLAN_ENVIRONMENT, [], note);
  await ensureEnvironment(gh, APPROVAL_ENVIRONMENT, [], note);
  await ensureEnvironment(gh, AUTOMATION_ENVIRONMENT, [], note);

  // One value per entry, stored in every home SECRET_HOMES gives it (the read-only and the write
  // Okta apps share names, so they are two entries).
  const secrets: { name: string; homes: SecretHome[]; describe: string; pem: boolean; value?: string }[] = [
    { name: "OKTA_API_CLIENT_ID", homes: [PLAN_ENVIRONMENT], describe: "client id of the read-only Okta service app (aws-access-plan)", pem: false },
    { name: "OKTA_API_PRIVATE_KEY_ID", homes: [PLAN_ENVIRONMENT], describe: "key id (KID) of that app's key", pem: false },
    { name: "OKTA_API_PRIVATE_KEY", homes: [PLAN_ENVIRONMENT], describe: "that app's private key, PEM", pem: true },
    { name: "OKTA_API_SCOPES", homes: [PLAN_ENVIRONMENT], describe: "", pem: false, value: OKTA_PLAN_SCOPES },
    { name: "OKTA_API_CLIENT_ID", homes: [PRODUCTION_ENVIRONMENT], describe: "client id of the applying Okta service app (aws-access-apply)", pem: false },
    { name: "OKTA_API_PRIVATE_KEY_ID", homes: [PRODUCTION_ENVIRONMENT], describe: "key id (KID) of that app's key", pem: false },
    { name: "OKTA_API_PRIVATE_KEY", homes: [PRODUCTION_ENVIRONMENT], describe: "that app's private key, PEM", pem: true },
    { name: "OKTA_API_SCOPES", homes: [PRODUCTION_ENVIRONMENT], describe: "", pem: false, value: OKTA_APPLY_SCOPES },
    { name: "ACCESS_BOT_PRIVATE_KEY", homes: [...SECRET_HOMES.ACCESS_BOT_PRIVATE_KEY!], describe: "private key of the automation GitHub App, PEM", pem: true },
    { name: "ACCESS_APPROVAL_APP_PRIVATE_KEY", homes: [...SECRET_HOMES.ACCESS_APPROVAL_APP_PRIVATE_KEY!], describe: "private key of the approval GitHub App, PEM", pem: true },
  ];
  const env = (home: SecretHome) => (home === "repository" ? undefined : home);
  const whereOf = (homes: SecretHome[]) => (homes.length === 1 && homes[0] === "repository" ? "repository" : `environment ${homes.join(", ")}`);
  for (const s of secrets) {
    const targets: SecretHome[] = [];
    for (const home of s.homes) if (input.rotateSecrets || !(await gh.secretExists(s.name, env(home)))) targets.push(home);
    const kept = s.homes.filter((h) => !targets.includes(h));
    if (kept.length) note(`secret ${s.name} (${whereOf(kept)}) exists; kept (--rotate-secrets replaces it)`);
    if (!targets.length) continue;
    const value = s.value ?? (await ask({ name: s.name, where: whereOf(targets), describe: s.describe, pem: s.pem }));
    if (!value.trim()) throw new SetupError(`no value given for secret ${s.name} (${whereOf(targets)})`);
    for (const home of targets) await gh.setSecret(s.name, value, env(home));
  }
  // Earlier set-ups stored these at repository level, where any same-repository branch's workflow
  // can read them; the environment copies exist by now.
  for (const [name, homes] of Object.entries(SECRET_HOMES)) {
    if (homes.includes("repository") || !(await gh.secretExists(name))) continue;
    note(`secret ${name} (repository): removing it, it lives in environment ${homes.join(", ")}`);
    await gh.write("DELETE", `${repo}/actions/secrets/${name}`);
  }
  for (const name of RETIRED_SECRETS) {
    if (await gh.secretExists(name)) note(`secret ${name} (repository) is retired (the automation app replaced it): revoke the token at its owner, then gh secret delete ${name}`);
  }

  await ensureRuleset(gh, mainRuleset({ botAppId: input.botApp.id, approvalAppId }), note);
  await ensureRuleset(gh, tagRuleset(input.botApp.id), note);

  const labels = await gh.list<{ name: string; color: string; description: string | null }>(`${repo}/labels`);
  for (const want of LABELS) {
    const have = labels.find((l) => l.name.toLowerCase() === want.name.toLowerCase());
    if (!have) await gh.write("POST", `${repo}/labels`, want);
    else if (have.color.toLowerCase() !== want.color.toLowerCase() || (have.description ?? "") !== want.description) {
      await gh.write("PATCH", `${repo}/labels/${encodeURIComponent(have.name)}`, { color: want.color, description: want.description });
    }
  }
}

/**
 * The approval app's numeric id: given, or read from its public page (GET /apps/{slug}, any
 * token), which also proves the slug names the app whose client id was given.
 */
async function resolveApprovalApp(gh: GitHubCli, approval: RepoSetupInput["approval"]): Promise<number> {
  if (approval.slug === undefined) {
    if (approval.id === undefined) throw new SetupError("the approval app's id or slug is required: the required status access/risk-approval is pinned to it");
    return approval.id;
  }
  const app = await gh.get<{ id: number; slug: string; client_id?: string }>(`/apps/${encodeURIComponent(approval.slug)}`);
  if (!app) throw new SetupError(`no GitHub App with slug ${approval.slug} (the name in https://github.com/apps/SLUG)`);
  if (app.client_id !== undefined && app.client_id !== approval.clientId) {
    throw new SetupError(`app ${approval.slug} has client id ${app.client_id}, not ${approval.clientId}: give the approval app's slug and client id`);
  }
  if (approval.id !== undefined && approval.id !== app.id) throw new SetupError(`app ${approval.slug} has id ${app.id}, not ${approval.id}`);
  return app.id;
}

async function ensureVariable(gh: GitHubCli, base: string, name: string, value: string, note: (line: string) => void): Promise<void> {
  const have = await gh.get<{ value: string }>(`${base}/${name}`);
  if (!have) await gh.write("POST", base, { name, value });
  else if (have.value !== value) {
    note(`variable ${name}: ${have.value} -> ${value}`);
    await gh.write("PATCH", `${base}/${name}`, { name, value });
  }
}

interface EnvironmentJson {
  protection_rules?: { type: string; prevent_self_review?: boolean; reviewers?: { type: string; reviewer: { id: number } }[] }[];
  deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null;
}

/** Deployable from `main` only; with reviewers (production) every job in it waits for one of them. */
async function ensureEnvironment(gh: GitHubCli, name: string, reviewerIds: number[], note: (line: string) => void): Promise<void> {
  const base = `${gh.repoPath}/environments/${name}`;
  const have = await gh.get<EnvironmentJson>(base);
  const rule = have?.protection_rules?.find((r) => r.type === "required_reviewers");
  const haveIds = (rule?.reviewers ?? []).map((r) => r.reviewer.id).sort();
  const wantIds = [...reviewerIds].sort();
  const policyOk = have?.deployment_branch_policy?.custom_branch_policies === true && have.deployment_branch_policy.protected_branches === false;
  const reviewersOk = JSON.stringify(haveIds) === JSON.stringify(wantIds) && (wantIds.length === 0 || rule?.prevent_self_review === true);
  if (!have || !policyOk || !reviewersOk) {
    if (have) note(`environment ${name}: protection differs, rewriting it`);
    await gh.write("PUT", base, {
      ...(wantIds.length ? { reviewers: wantIds.map((id) => ({ type: "Team", id })), prevent_self_review: true } : { reviewers: [] }),
      deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    });
  }
  // In a dry run a new environment does not exist yet: there is nothing to read.
  const policies = have ? ((await gh.get<{ branch_policies: { id: number; name: string; type?: string }[] }>(`${base}/deployment-branch-policies`))?.branch_policies ?? []) : [];
  if (!policies.some((p) => p.name === "main" && (p.type ?? "branch") === "branch")) await gh.write("POST", `${base}/deployment-branch-policies`, { name: "main", type: "branch" });
  for (const p of policies.filter((p) => !(p.name === "main" && (p.type ?? "branch") === "branch"))) {
    note(`environment ${name}: removing deployment policy ${p.type ?? "branch"} ${p.name} (only main may deploy)`);
    await gh.write("DELETE", `${base}/deployment-branch-policies/${p.id}`);
  }
}

async function ensureRuleset(gh: GitHubCli, want: RulesetBody, note: (line: string) => void): Promise<void> {
  const base = `${gh.repoPath}/rulesets`;
  const list = await gh.list<{ id: number; name: string }>(base);
  const found = list.find((r) => r.name === want.name);
  if (!found) return gh.write("POST", base, want);
  const have = await gh.get<RulesetBody>(`${base}/${found.id}`);
  if (have && rulesetMatches(have, want)) return;
  note(`ruleset "${want.name}" differs, rewriting it`);
  await gh.write("PUT", `${base}/${found.id}`, want);
}

/**
 * The fields we set, compared as GitHub returns them: GitHub adds default parameters and may hold
 * extra rules (stricter is fine), so every wanted rule must be there with the wanted parameters.
 */
export function rulesetMatches(have: RulesetBody, want: RulesetBody): boolean {
  const sorted = (xs: string[] | undefined) => JSON.stringify([...(xs ?? [])].sort());
  const bypass = (r: RulesetBody) => sorted((r.bypass_actors ?? []).map((a) => `${a.actor_type}:${a.actor_id}:${a.bypass_mode}`));
  if (have.target !== want.target || have.enforcement !== want.enforcement || bypass(have) !== bypass(want)) return false;
  if (sorted(have.conditions?.ref_name?.include) !== sorted(want.conditions.ref_name.include)) return false;
  if (sorted(have.conditions?.ref_name?.exclude) !== sorted(want.conditions.ref_name.exclude)) return false;
  return want.rules.every((w) => {
    const h = (have.rules ?? []).find((r) => r.type === w.type);
    if (!h) return false;
    return Object.entries(w.parameters ?? {}).every(([k, v]) => canonical(h.parameters?.[k]) === canonical(v));
  });
}

/** JSON with sorted keys and, for arrays of objects, sorted elements. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(",")}]`;
  if (value && typeof value === "object") return `{${Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  return JSON.stringify(value);
}

/** Replaces `@acme/<team>` placeholders in CODEOWNERS; returns the new text and the placeholders left. */
export function replaceCodeownersTeams(text: string, teams: Record<string, string>): { text: string; left: string[] } {
  const out = text.replace(/@acme\/([A-Za-z0-9_.-]+)/g, (whole, slug: string) => teams[slug] ?? whole);
  const rules = out.split("\n").filter((line) => !line.trimStart().startsWith("#"));
  const left = [...new Set(rules.flatMap((line) => [...line.matchAll(/@acme\/[A-Za-z0-9_.-]+/g)].map((m) => m[0])))];
  return { text: out, left };
}
