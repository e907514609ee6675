// Makes a GitHub repository ready for the workflows, idempotently: each setting is read first and
// written only when it differs (a second run writes nothing). Secrets cannot be read back, so an
// existing secret is kept unless `rotateSecrets`; a missing one is asked for.
import type { GitHubCli } from "./gh.js";
import {
  AUTOMATION_ENVIRONMENT,
  LABELS,
  mainRuleset,
  OKTA_APPLY_SCOPES,
  OKTA_PLAN_SCOPES,
  PRODUCTION_ENVIRONMENT,
  tagRuleset,
  type RulesetBody,
} from "./repo-settings.js";

export interface RepoSetupInput {
  awsRegion: string;
  planRoleArn: string;
  applyRoleArn: string;
  /** Teams ("org/slug") that approve each job in `production`. */
  reviewers: string[];
  /** The automation app (contents + pull-requests write): moves the last-applied tag, opens the accounts PR. */
  botApp: { id: number; clientId: string };
  /** The risk-based approval app (Organization members: read) and the team it reads. */
  approval?: { clientId: string; privilegedTeam: string };
  rotateSecrets: boolean;
}

export interface SecretRequest {
  name: string;
  environment?: string;
  /** What to paste, for the prompt. */
  describe: string;
  /** A PEM private key: several lines up to the END line. */
  pem: boolean;
}

export type AskSecret = (request: SecretRequest) => Promise<string>;

export class SetupError extends Error {}

export async function setUpRepository(gh: GitHubCli, input: RepoSetupInput, ask: AskSecret, note: (line: string) => void): Promise<void> {
  const repo = gh.repoPath;

  // Workflows get a read-only token by default (each job asks for more) and may not approve PRs.
  const permissions = await gh.get<{ default_workflow_permissions: string; can_approve_pull_request_reviews: boolean }>(`${repo}/actions/permissions/workflow`);
  if (permissions?.default_workflow_permissions !== "read" || permissions.can_approve_pull_request_reviews !== false) {
    await gh.write("PUT", `${repo}/actions/permissions/workflow`, { default_workflow_permissions: "read", can_approve_pull_request_reviews: false });
  }

  const repoVars: Record<string, string> = {
    AWS_REGION: input.awsRegion,
    AWS_PLAN_ROLE_ARN: input.planRoleArn,
    ACCESS_BOT_CLIENT_ID: input.botApp.clientId,
    ...(input.approval ? { ACCESS_APPROVAL_APP_CLIENT_ID: input.approval.clientId, PRIVILEGED_ACCESS_TEAM: input.approval.privilegedTeam } : {}),
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
  await ensureEnvironment(gh, AUTOMATION_ENVIRONMENT, [], note);

  const secrets: (SecretRequest & { value?: string })[] = [
    { name: "OKTA_API_CLIENT_ID", describe: "client id of the read-only Okta service app (aws-access-plan)", pem: false },
    { name: "OKTA_API_PRIVATE_KEY_ID", describe: "key id (KID) of that app's key", pem: false },
    { name: "OKTA_API_PRIVATE_KEY", describe: "that app's private key, PEM", pem: true },
    { name: "OKTA_API_SCOPES", describe: "", pem: false, value: OKTA_PLAN_SCOPES },
    { name: "OKTA_API_CLIENT_ID", environment: PRODUCTION_ENVIRONMENT, describe: "client id of the applying Okta service app (aws-access-apply)", pem: false },
    { name: "OKTA_API_PRIVATE_KEY_ID", environment: PRODUCTION_ENVIRONMENT, describe: "key id (KID) of that app's key", pem: false },
    { name: "OKTA_API_PRIVATE_KEY", environment: PRODUCTION_ENVIRONMENT, describe: "that app's private key, PEM", pem: true },
    { name: "OKTA_API_SCOPES", environment: PRODUCTION_ENVIRONMENT, describe: "", pem: false, value: OKTA_APPLY_SCOPES },
    { name: "ACCESS_BOT_PRIVATE_KEY", environment: AUTOMATION_ENVIRONMENT, describe: "private key of the automation GitHub App, PEM", pem: true },
    ...(input.approval ? [{ name: "ACCESS_APPROVAL_APP_PRIVATE_KEY", describe: "private key of the approval GitHub App (Members: read), PEM", pem: true }] : []),
  ];
  for (const s of secrets) {
    const where = s.environment ? `environment ${s.environment}` : "repository";
    if (!input.rotateSecrets && (await gh.secretExists(s.name, s.environment))) {
      note(`secret ${s.name} (${where}) exists; kept (--rotate-secrets replaces it)`);
      continue;
    }
    const value = s.value ?? (await ask(s));
    if (!value.trim()) throw new SetupError(`no value given for secret ${s.name} (${where})`);
    await gh.setSecret(s.name, value, s.environment);
  }

  await ensureRuleset(gh, mainRuleset(input.botApp.id), note);
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
