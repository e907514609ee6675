// Safety properties of the GitHub Actions workflows, as pure checks over parsed YAML. Each check
// returns the violations it finds (empty = holds), so the tests can run it on the real
// workflows and on deliberately broken snippets.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { evaluateIf } from "./expressions.js";

export const WORKFLOW_DIR = ".github/workflows";
/** The composite action every job sets up with (Node.js and npm ci, Terraform, an AWS session). */
export const SETUP_ACTION = "./.github/actions/setup";
/** Marks a step that came from a local composite action, inlined where the workflow uses it. */
export const FROM_ACTION = "from-action";

/** The condition that keeps a job away from fork pull requests (forks never get secrets). */
export const SAME_REPO_GUARD = "github.event.pull_request.head.repo.full_name == github.repository";
export const AWS_CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials";
export const PROTECTED_ENVIRONMENT = "production";
/** Main-only environment of the PR plans (plan-model.yml) and the other read-only jobs: the plan role's subject, the read-only Okta key. */
export const PLAN_ENVIRONMENT = "plan";
/** Main-only environment holding only the automation app's key (moves the last-applied tag). */
export const AUTOMATION_ENVIRONMENT = "automation";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export interface Workflow {
  file: string;
  text: string;
  /** The workflow as it runs: each `uses: ./<local action>` step replaced by that action's steps. */
  doc: Obj;
  /** The workflow as written. */
  raw: Obj;
}

/** A local composite action: its action.yml, parsed. */
export interface LocalAction {
  file: string;
  text: string;
  doc: Obj;
}

export function loadAction(uses: string, root = process.cwd()): LocalAction {
  const file = join(uses.replace(/^\.\//, ""), "action.yml");
  const path = join(root, file);
  if (!existsSync(path)) throw new Error(`${uses}: no ${file}`);
  const text = readFileSync(path, "utf8");
  const doc = parse(text) as Json;
  if (!isObj(doc)) throw new Error(`${file}: not a YAML mapping`);
  return { file, text, doc };
}

/** An action's steps as a workflow (one job), so the workflow checks run on it too. */
export function actionAsWorkflow(action: LocalAction): Workflow {
  const runs = isObj(action.doc.runs) ? action.doc.runs : {};
  const doc: Obj = { jobs: { action: { steps: runs.steps ?? [] } } };
  return { file: action.file, text: action.text, doc, raw: doc };
}

/** Replaces every `${{ inputs.NAME }}` (the whole expression) with the input's value. */
function substituteInputs(value: Json, inputs: Record<string, string>): Json {
  if (typeof value === "string") {
    return value.replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? "");
  }
  if (Array.isArray(value)) return value.map((v) => substituteInputs(v, inputs));
  if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteInputs(v, inputs)]));
  return value;
}

/**
 * The steps a `uses: ./<local action>` step runs with its `with:` inputs (the action's defaults
 * for the rest): each action step whose `if` holds for those inputs, inputs substituted,
 * guarded by the calling step's own `if`.
 */
export function inlineAction(step: Obj, action: LocalAction): Obj[] {
  const declared = isObj(action.doc.inputs) ? action.doc.inputs : {};
  const given = isObj(step.with) ? step.with : {};
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const value = name in given ? given[name] : isObj(spec) ? spec.default : undefined;
    inputs[name] = value === undefined || value === null ? "" : String(value);
  }
  for (const name of Object.keys(given)) {
    if (!(name in declared)) throw new Error(`${action.file}: no input ${name}`);
  }
  const runs = isObj(action.doc.runs) ? action.doc.runs : {};
  const steps = Array.isArray(runs.steps) ? runs.steps.filter(isObj) : [];
  const holds = (cond: Json | undefined) => cond === undefined || evaluateIf(String(cond), { github: {}, inputs }, "step");
  return steps
    .filter((s) => holds(s.if))
    .map((s) => {
      const { if: _if, ...rest } = s;
      const inlined = substituteInputs(rest, inputs) as Obj;
      const coe = s["continue-on-error"];
      if (typeof coe === "string") inlined["continue-on-error"] = holds(coe);
      if (step.if !== undefined) inlined.if = step.if;
      inlined[FROM_ACTION] = step.uses as string;
      return inlined;
    });
}

function inlineLocalActions(raw: Obj, root: string): Obj {
  const all = raw.jobs;
  if (!isObj(all)) return raw;
  const jobsOut: Obj = {};
  for (const [id, job] of Object.entries(all)) {
    if (!isObj(job) || !Array.isArray(job.steps)) {
      jobsOut[id] = job;
      continue;
    }
    const stepsOut = job.steps.flatMap((s) => (isObj(s) && typeof s.uses === "string" && s.uses.startsWith("./") ? inlineAction(s, loadAction(s.uses, root)) : [s]));
    jobsOut[id] = { ...job, steps: stepsOut };
  }
  return { ...raw, jobs: jobsOut };
}

export function parseWorkflow(text: string, file = "snippet.yml", root = process.cwd()): Workflow {
  const raw = parse(text) as Json;
  if (!isObj(raw)) throw new Error(`${file}: not a YAML mapping`);
  return { file, text, doc: inlineLocalActions(raw, root), raw };
}

export function loadWorkflows(root = process.cwd()): Workflow[] {
  const dir = join(root, WORKFLOW_DIR);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
    .sort()
    .map((f) => parseWorkflow(readFileSync(join(dir, f), "utf8"), `${WORKFLOW_DIR}/${f}`, root));
}

function isObj(v: Json | undefined): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function jobs(wf: Workflow): [string, Obj][] {
  const all = wf.doc.jobs;
  if (!isObj(all)) return [];
  return Object.entries(all).filter((e): e is [string, Obj] => isObj(e[1]));
}

function steps(job: Obj): Obj[] {
  return Array.isArray(job.steps) ? job.steps.filter(isObj) : [];
}

/** Event names the workflow triggers on, whatever form `on` takes (string, list, mapping). */
export function triggers(wf: Workflow): string[] {
  // YAML 1.1 parsers read a bare `on` key as boolean true; the `yaml` package (1.2) keeps "on".
  const on = wf.doc.on ?? (wf.doc as Record<string, Json>)["true"];
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.filter((e): e is string => typeof e === "string");
  if (isObj(on)) return Object.keys(on);
  return [];
}

function usesAwsCredentials(job: Obj): boolean {
  return steps(job).some((s) => typeof s.uses === "string" && s.uses.startsWith(`${AWS_CREDENTIALS_ACTION}@`));
}

function permissionLevel(perms: Json | undefined, scope: string): string | undefined {
  if (perms === "write-all") return "write";
  if (perms === "read-all") return "read";
  return isObj(perms) && typeof perms[scope] === "string" ? (perms[scope] as string) : undefined;
}

/** Mentions of `secrets.X` other than the automatic GITHUB_TOKEN. */
function secretRefs(value: Json | undefined): string[] {
  const text = JSON.stringify(value ?? null);
  return [...text.matchAll(/secrets\.([A-Za-z_][A-Za-z0-9_]*)|secrets\[/g)]
    .map((m) => m[1] ?? "secrets[...]")
    .filter((name) => name !== "GITHUB_TOKEN");
}

function expression(cond: Json | undefined): string {
  if (typeof cond !== "string") return "";
  return cond.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1").replace(/\s+/g, " ").trim();
}

/** True when `if` can only be true for same-repository PRs: the guard is one term of an AND. */
export function requiresSameRepo(cond: Json | undefined): boolean {
  const expr = expression(cond);
  if (!expr || expr.includes("||")) return false;
  return expr.split("&&").some((term) => {
    let t = term.trim();
    while (t.startsWith("(") && t.endsWith(")")) t = t.slice(1, -1).trim();
    return t === SAME_REPO_GUARD;
  });
}

export function checkNoPullRequestTarget(wf: Workflow): string[] {
  return triggers(wf).includes("pull_request_target")
    ? [`${wf.file}: triggers on pull_request_target, which runs with secrets and a write token in the base repository's context`]
    : [];
}

export function checkTopLevelPermissions(wf: Workflow): string[] {
  const perms = wf.doc.permissions;
  if (perms === undefined) return [`${wf.file}: no top-level permissions (the repository default, possibly write-all, applies)`];
  if (typeof perms === "string") return [`${wf.file}: top-level permissions "${perms}"; use {} and grant per job`];
  if (!isObj(perms)) return [`${wf.file}: top-level permissions must be a mapping`];
  return Object.entries(perms)
    .filter(([scope, level]) => !(scope === "contents" && level === "read") && level !== "none")
    .map(([scope, level]) => `${wf.file}: top-level permission ${scope}: ${String(level)}; grant it only on the job that needs it`);
}

export function checkNoBlanketPermissions(wf: Workflow): string[] {
  return jobs(wf)
    .filter(([, job]) => job.permissions === "write-all" || job.permissions === "read-all")
    .map(([id, job]) => `${wf.file}: job ${id} has permissions ${String(job.permissions)}`);
}

/** `id-token: write` lets a job mint OIDC tokens: only jobs that assume an AWS role get it. */
export function checkIdTokenOnlyForAwsRoles(wf: Workflow): string[] {
  const out: string[] = [];
  if (permissionLevel(wf.doc.permissions, "id-token") === "write") {
    out.push(`${wf.file}: id-token: write at the top level reaches every job`);
  }
  for (const [id, job] of jobs(wf)) {
    const idToken = permissionLevel(job.permissions, "id-token") === "write";
    const assumes = usesAwsCredentials(job);
    if (idToken && !assumes) out.push(`${wf.file}: job ${id} has id-token: write but assumes no AWS role`);
    if (assumes && !idToken) out.push(`${wf.file}: job ${id} uses ${AWS_CREDENTIALS_ACTION} without id-token: write`);
  }
  return out;
}

/** Every `uses:` the workflow runs; with `asWritten`, only those in its own text (not a local action's). */
function allUses(wf: Workflow, asWritten = false): string[] {
  const found: string[] = [];
  for (const [, job] of jobs(wf)) {
    if (typeof job.uses === "string") found.push(job.uses);
    for (const step of steps(job)) if (typeof step.uses === "string" && !(asWritten && step[FROM_ACTION] !== undefined)) found.push(step.uses);
  }
  return found;
}

/**
 * Third-party actions run with the job's token and secrets, and a tag can be moved: pin each to
 * a full commit SHA, with the release it stands for in a `# vX.Y.Z` comment for reviewers and
 * update tools.
 */
export function checkActionsPinned(wf: Workflow): string[] {
  const out: string[] = [];
  const lines = wf.text.split("\n");
  // A local action's own pins are checked on its action.yml (actionAsWorkflow).
  for (const uses of allUses(wf, true)) {
    if (uses.startsWith("./")) continue;
    if (uses.startsWith("docker://")) {
      if (!/@sha256:[0-9a-f]{64}$/.test(uses)) out.push(`${wf.file}: ${uses} is not pinned to an image digest`);
      continue;
    }
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/.test(uses)) {
      out.push(`${wf.file}: ${uses} is not pinned to a full 40-character commit SHA`);
      continue;
    }
    const commented = lines.some((line) => {
      const m = /^\s*(?:-\s+)?uses:\s*(\S+)\s+#\s*(v\d+\.\d+\.\d+)\b/.exec(line);
      return m !== null && m[1] === uses;
    });
    if (!commented) out.push(`${wf.file}: ${uses} has no "# vX.Y.Z" comment naming the pinned release`);
  }
  return out;
}

/** One action, one version: the same action pinned to two SHAs is a half-done upgrade. */
export function checkConsistentPins(workflows: Workflow[]): string[] {
  const shas = new Map<string, Set<string>>();
  for (const wf of workflows) {
    for (const uses of allUses(wf)) {
      const at = uses.lastIndexOf("@");
      if (uses.startsWith("./") || at < 0) continue;
      const name = uses.slice(0, at);
      shas.set(name, (shas.get(name) ?? new Set()).add(uses.slice(at + 1)));
    }
  }
  return [...shas].filter(([, s]) => s.size > 1).map(([name, s]) => `${name} is pinned to ${s.size} different refs: ${[...s].join(", ")}`);
}

/** Events whose runs use the pull request's own copy of the workflow and its code (the merge ref). */
export const PR_CODE_EVENTS = ["pull_request", "pull_request_review", "pull_request_review_comment"];
/** Events whose runs use the base branch's workflow and hold its secrets, whatever the PR contains. */
export const BASE_CODE_EVENTS = ["pull_request_target", "workflow_run"];

/**
 * A workflow that runs a pull request's own code holds nothing worth taking: anyone who can push a
 * branch can rewrite it there. No job mints an OIDC token, reads a secret, enters an environment
 * or gets a write token, and no workflow-level setting reaches every job with a secret.
 */
export function checkPullRequestCodeHoldsNothing(wf: Workflow): string[] {
  const events = triggers(wf).filter((e) => PR_CODE_EVENTS.includes(e));
  if (events.length === 0) return [];
  const out: string[] = [];
  const where = `${wf.file} (${events.join(", ")}: the PR's own code)`;
  const topLevelSecrets = [...secretRefs(wf.doc.env ?? null), ...secretRefs(wf.doc.defaults ?? null)];
  if (topLevelSecrets.length) out.push(`${where}: workflow-level env references secrets (${topLevelSecrets.join(", ")})`);
  if (permissionLevel(wf.doc.permissions, "id-token") === "write") out.push(`${where}: id-token: write at the top level`);
  for (const [id, job] of jobs(wf)) {
    const refs = secretRefs(job);
    if (refs.length) out.push(`${where}: job ${id} references secrets: ${refs.join(", ")}`);
    if (job.secrets === "inherit") out.push(`${where}: job ${id} inherits secrets`);
    if (job.environment !== undefined) out.push(`${where}: job ${id} runs in an environment (its secrets, its OIDC subject)`);
    if (job.permissions === "write-all") out.push(`${where}: job ${id} has write-all`);
    if (isObj(job.permissions)) {
      for (const [scope, level] of Object.entries(job.permissions)) {
        if (level === "write") out.push(`${where}: job ${id} has ${scope}: write`);
      }
    }
  }
  return out;
}

/** Job-level facts: a job that holds a credential (OIDC, an environment's secrets, any secret). */
function holdsCredentials(job: Obj): boolean {
  return permissionLevel(job.permissions, "id-token") === "write" || job.environment !== undefined || secretRefs(job).length > 0;
}

/** A checkout's ref that is the base branch's (or the workflow's own commit, when absent). */
const BASE_REF = /^\$\{\{ *(github\.sha|github\.event\.pull_request\.base\.(sha|ref)|steps\.[\w-]+\.outputs\.base) *\}\}$/;
/** Expressions naming the pull request's own commits: a job that cannot name them cannot fetch them. */
const PR_COMMIT = /pull_request\.head\.(sha|ref)|merge_commit_sha|github\.head_ref|refs\/pull\//;
/** git commands that bring other commits in, or put files of any commit in the working tree. */
const GIT_FETCH = /\bgit\b[^\n]*\s(fetch|pull|clone)\b|\bgh\s+(pr\s+checkout|repo\s+clone)\b|\b(tarball|zipball)\b/;
const GIT_WORKTREE = /\bgit\b[^\n]*\s(checkout|switch|restore|reset|worktree|merge(?![-\w])|rebase|cherry-pick|am|stash|read-tree|checkout-index|apply)\b/;

/**
 * In a workflow that runs the base branch's code with its secrets (pull_request_target,
 * workflow_run), a pull request's code never runs:
 * - a job holding a credential never names the PR's commits (no checkout of its head or merge
 *   commit, no fetch of it): it checks out the base only and gets the PR's model as an artifact;
 * - every checkout stores no token, and is of the base or, in a job without credentials, data only
 *   (sparse-checkout: access-model into its own path);
 * - no step puts another commit's files in the working tree, and a job that fetches the PR's
 *   commits installs its dependencies before, from the base's lock file;
 * - artifacts come from this run only: another run's (a pull_request run's synthesized Terraform)
 *   was made by the PR's code.
 */
export function checkPullRequestTargetRunsBaseCode(wf: Workflow): string[] {
  if (!triggers(wf).some((e) => BASE_CODE_EVENTS.includes(e))) return [];
  const out: string[] = [];
  for (const [id, job] of jobs(wf)) {
    const credentialed = holdsCredentials(job);
    const all = steps(job);
    for (const step of all) {
      if (typeof step.uses !== "string" || !step.uses.startsWith("actions/checkout@")) continue;
      const w = isObj(step.with) ? step.with : {};
      if (w["persist-credentials"] !== false && w["persist-credentials"] !== "false") out.push(`${wf.file}: job ${id} checks out without persist-credentials: false`);
      if (w.ref === undefined || (typeof w.ref === "string" && BASE_REF.test(w.ref.trim()))) continue;
      if (credentialed) out.push(`${wf.file}: job ${id} holds credentials and checks out ${String(w.ref)}, not the base branch`);
      else if (typeof w["sparse-checkout"] !== "string" || w["sparse-checkout"].trim() !== "access-model" || !w.path) {
        out.push(`${wf.file}: job ${id} checks out ${String(w.ref)} with its code (read it as data: sparse-checkout: access-model into its own path, or pr-model.sh)`);
      }
    }
    for (const step of all) {
      const w = isObj(step.with) ? step.with : {};
      const foreign = typeof step.uses === "string" && step.uses.startsWith("actions/download-artifact@") && (w["run-id"] !== undefined || w.repository !== undefined);
      if (foreign || (typeof step.run === "string" && /\bgh\s+run\s+download\b/.test(step.run))) out.push(`${wf.file}: job ${id} downloads another run's artifacts`);
    }
    if (credentialed) {
      const named = JSON.stringify({ ...job, if: undefined }).match(PR_COMMIT);
      if (named) out.push(`${wf.file}: job ${id} holds credentials and names the pull request's commits (${named[0]})`);
    }
    let fetched = -1;
    all.forEach((step, i) => {
      const run = typeof step.run === "string" ? step.run : "";
      if (GIT_WORKTREE.test(run)) out.push(`${wf.file}: job ${id} step ${i + 1} changes the working tree with git`);
      if (GIT_FETCH.test(run) || /pr-model\.sh/.test(run)) {
        if (credentialed) out.push(`${wf.file}: job ${id} holds credentials and fetches commits`);
        if (fetched < 0) fetched = i;
      }
    });
    if (fetched >= 0) {
      all.slice(fetched + 1).forEach((step, k) => {
        const run = typeof step.run === "string" ? step.run : "";
        for (const line of run.split("\n")) {
          if (/\bnpm (ci|install|i)\b/.test(line)) out.push(`${wf.file}: job ${id} step ${fetched + k + 2} installs dependencies after fetching the pull request's commits`);
        }
      });
    }
  }
  return out;
}

/** The Okta API keys live in environments (main-only deployment policies), never in repository secrets a branch's workflow can read. */
export function checkOktaKeysOnlyInEnvironments(wf: Workflow): string[] {
  const out: string[] = [];
  const top = [...secretRefs(wf.doc.env ?? null), ...secretRefs(wf.doc.defaults ?? null)].filter((n) => n.startsWith("OKTA_"));
  if (top.length) out.push(`${wf.file}: workflow-level env references ${top.join(", ")}`);
  for (const [id, job] of jobs(wf)) {
    const okta = [...new Set(secretRefs(job).filter((n) => n.startsWith("OKTA_") || n === "secrets[...]"))];
    if ((okta.length || job.secrets === "inherit") && job.environment === undefined) {
      out.push(`${wf.file}: job ${id} reads ${okta.join(", ") || "inherited secrets"} outside an environment`);
    }
  }
  return out;
}

/** Apply runs only for pushes to main, and every job holding credentials is in the protected environment. */
export function checkApplyOnlyFromMain(wf: Workflow): string[] {
  const out: string[] = [];
  const on = wf.doc.on;
  const events = triggers(wf);
  // Push to main, and the operator's drift repair (workflow_dispatch), whose jobs guard on main too.
  if (!events.includes("push") || events.some((e) => e !== "push" && e !== "workflow_dispatch")) {
    out.push(`${wf.file}: must trigger on push (and workflow_dispatch) only (found: ${events.join(", ") || "none"})`);
  }
  const push = isObj(on) ? on.push : undefined;
  const branches = isObj(push) ? push.branches : undefined;
  if (!Array.isArray(branches) || branches.length !== 1 || branches[0] !== "main") {
    out.push(`${wf.file}: push must be limited to branches: [main]`);
  }
  if (isObj(push) && (push.tags !== undefined || push["branches-ignore"] !== undefined || push["tags-ignore"] !== undefined)) {
    out.push(`${wf.file}: push must not add tags or branches-ignore filters`);
  }
  let protectedJobs = 0;
  for (const [id, job] of jobs(wf)) {
    const idToken = permissionLevel(job.permissions, "id-token") === "write";
    const secrets = secretRefs(job);
    if (!idToken && !usesAwsCredentials(job) && secrets.length === 0) continue;
    const env = isObj(job.environment) ? job.environment.name : job.environment;
    const may = typeof env === "string" ? ENVIRONMENT_HOLDS[env] : undefined;
    if (!may) {
      out.push(`${wf.file}: job ${id} holds credentials outside a main-only environment (${Object.keys(ENVIRONMENT_HOLDS).join(", ")})`);
    } else {
      if ((idToken || usesAwsCredentials(job)) && !may.role) out.push(`${wf.file}: job ${id} gets an OIDC token in environment ${env}, which holds no role`);
      const role = JSON.stringify(job).match(/vars\.(AWS_[A-Z]+_ROLE_ARN)/g)?.map((r) => r.slice(5)) ?? [];
      const wrongRole = role.filter((r) => r !== may.role);
      if (wrongRole.length) out.push(`${wf.file}: job ${id} assumes ${wrongRole.join(", ")} in environment ${env}`);
      const extra = secrets.filter((n) => !may.secrets.includes(n));
      if (extra.length) out.push(`${wf.file}: job ${id} reads ${extra.join(", ")} in environment ${env}, which does not hold it`);
      if (env === PROTECTED_ENVIRONMENT) protectedJobs++;
    }
    if (!expression(job.if).split("&&").some((t) => t.trim() === "github.ref == 'refs/heads/main'")) {
      out.push(`${wf.file}: job ${id} does not guard on github.ref == 'refs/heads/main'`);
    }
  }
  if (protectedJobs === 0) out.push(`${wf.file}: no job runs in the ${PROTECTED_ENVIRONMENT} environment`);
  return out;
}

const OKTA_KEY = ["OKTA_API_CLIENT_ID", "OKTA_API_PRIVATE_KEY_ID", "OKTA_API_PRIVATE_KEY", "OKTA_API_SCOPES"];
/** What a job may hold in each main-only environment: the role it may assume, the secrets it may read. */
const ENVIRONMENT_HOLDS: Record<string, { role?: string; secrets: readonly string[] }> = {
  [PROTECTED_ENVIRONMENT]: { role: "AWS_APPLY_ROLE_ARN", secrets: OKTA_KEY },
  [PLAN_ENVIRONMENT]: { role: "AWS_PLAN_ROLE_ARN", secrets: OKTA_KEY },
  approval: { secrets: ["ACCESS_APPROVAL_APP_PRIVATE_KEY"] },
  [AUTOMATION_ENVIRONMENT]: { secrets: ["ACCESS_BOT_PRIVATE_KEY"] },
};

/** Applies queue behind each other and are never cancelled half-way (state and SCIM ordering). */
export function checkApplyConcurrency(wf: Workflow): string[] {
  const c = wf.doc.concurrency;
  if (!isObj(c)) return [`${wf.file}: needs a workflow-level concurrency group with cancel-in-progress: false`];
  const out: string[] = [];
  if (typeof c.group !== "string" || c.group.includes("${{")) out.push(`${wf.file}: concurrency group must be one fixed name`);
  if (c["cancel-in-progress"] !== false) out.push(`${wf.file}: concurrency must set cancel-in-progress: false`);
  for (const [id, job] of jobs(wf)) {
    const jc = job.concurrency;
    if (isObj(jc) && jc["cancel-in-progress"] !== false) out.push(`${wf.file}: job ${id} concurrency may cancel in progress`);
  }
  return out;
}

/**
 * Attacker-controlled event fields (PR title, body, branch names) interpolated into a `run:`
 * script become shell code. Pass them through `env:` instead.
 */
export function checkNoUntrustedInterpolation(wf: Workflow): string[] {
  const out: string[] = [];
  for (const [id, job] of jobs(wf)) {
    for (const step of steps(job)) {
      if (typeof step.run !== "string") continue;
      for (const m of step.run.matchAll(/\$\{\{([^}]*)\}\}/g)) {
        const expr = (m[1] ?? "").trim();
        if (/github\.event\.|github\.head_ref|inputs\./.test(expr)) {
          out.push(`${wf.file}: job ${id} interpolates \${{ ${expr} }} into a run script`);
        }
      }
    }
  }
  return out;
}

/** Largest `max-parallel` a stack matrix may use: Identity Center's TPS is shared, not multiplied. */
export const MAX_STACK_PARALLEL = 8;

/**
 * A job whose matrix comes from an earlier job's output (a list of stacks) must not cancel its
 * siblings when one fails (each stack holds other accounts) and must run at most
 * MAX_STACK_PARALLEL at a time (they share Identity Center's API budget).
 */
export function checkStackMatrices(wf: Workflow): string[] {
  const out: string[] = [];
  for (const [id, job] of jobs(wf)) {
    const strategy = job.strategy;
    if (!isObj(strategy) || !isObj(strategy.matrix)) continue;
    const dynamic = Object.values(strategy.matrix).some((v) => typeof v === "string" && v.includes("fromJSON("));
    if (!dynamic) continue;
    if (strategy["fail-fast"] !== false) out.push(`${wf.file}: job ${id} matrix must set fail-fast: false`);
    const max = strategy["max-parallel"];
    if (typeof max !== "number" || !Number.isInteger(max) || max < 1 || max > MAX_STACK_PARALLEL) {
      out.push(`${wf.file}: job ${id} matrix must set max-parallel to a whole number from 1 to ${MAX_STACK_PARALLEL} (found ${JSON.stringify(max ?? null)})`);
    }
  }
  return out;
}

/**
 * In a job that runs once per stack, the Okta key reaches only the okta stack: every Okta
 * secret reference is `matrix.stack == 'okta' && secrets.X || ''`.
 */
export function checkOktaSecretsOnlyForOkta(wf: Workflow): string[] {
  const out: string[] = [];
  for (const [id, job] of jobs(wf)) {
    const strategy = job.strategy;
    if (!isObj(strategy) || !isObj(strategy.matrix) || !("stack" in strategy.matrix)) continue;
    const text = JSON.stringify(job);
    for (const m of text.matchAll(/\$\{\{([^}]*secrets\.OKTA[^}]*)\}\}/g)) {
      const expr = (m[1] ?? "").trim();
      if (!/^matrix\.stack == 'okta' && secrets\.OKTA_[A-Z_]+ \|\| ''$/.test(expr)) {
        out.push(`${wf.file}: job ${id} gives an Okta secret to stacks other than okta: \${{ ${expr} }}`);
      }
    }
  }
  return out;
}

/** The ids of a job's steps, in order. */
export function stepIds(wf: Workflow, jobId: string): string[] {
  const job = isObj(wf.doc.jobs) ? wf.doc.jobs[jobId] : undefined;
  return isObj(job) ? steps(job).flatMap((s) => (typeof s.id === "string" ? [s.id] : [])) : [];
}

/** The jobs a job waits for. */
export function needsOf(wf: Workflow, jobId: string): string[] {
  const job = isObj(wf.doc.jobs) ? wf.doc.jobs[jobId] : undefined;
  const needs = isObj(job) ? job.needs : undefined;
  return typeof needs === "string" ? [needs] : Array.isArray(needs) ? needs.filter((n): n is string => typeof n === "string") : [];
}

/** Identity Center calls in flight across a stack matrix (docs/setup.md, "API budget"). */
export const READ_BUDGET = 20;
export const WRITE_BUDGET = 10;

function parallelismOf(env: Json | undefined, name: string): number | undefined {
  const value = isObj(env) ? env[name] : undefined;
  const m = typeof value === "string" ? /-parallelism=(\d+)/.exec(value) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * A stack matrix sets Terraform's -parallelism (TF_CLI_ARGS_plan/apply, job or workflow env) so
 * that max-parallel x parallelism stays within Identity Center's budget: READ_BUDGET calls in
 * flight for plans, WRITE_BUDGET for applies (the cap on outstanding assignment operations).
 */
export function checkApiBudget(wf: Workflow): string[] {
  const out: string[] = [];
  for (const [id, job] of jobs(wf)) {
    const strategy = job.strategy;
    if (!isObj(strategy) || !isObj(strategy.matrix) || !("stack" in strategy.matrix)) continue;
    const max = typeof strategy["max-parallel"] === "number" ? strategy["max-parallel"] : Infinity;
    const applies = steps(job).some((s) => typeof s.run === "string" && /(apply-stack|gated-apply)\.sh/.test(s.run));
    const plan = parallelismOf(job.env, "TF_CLI_ARGS_plan") ?? parallelismOf(wf.doc.env, "TF_CLI_ARGS_plan");
    if (plan === undefined) out.push(`${wf.file}: job ${id} runs terraform plan per stack without TF_CLI_ARGS_plan=-parallelism=N`);
    else if (max * plan > READ_BUDGET) out.push(`${wf.file}: job ${id} may have ${max * plan} plan calls in flight (max-parallel ${max} x parallelism ${plan} > ${READ_BUDGET})`);
    if (applies) {
      const apply = parallelismOf(job.env, "TF_CLI_ARGS_apply") ?? parallelismOf(wf.doc.env, "TF_CLI_ARGS_apply");
      if (apply === undefined) out.push(`${wf.file}: job ${id} applies per stack without TF_CLI_ARGS_apply=-parallelism=N`);
      else if (max * apply > WRITE_BUDGET) out.push(`${wf.file}: job ${id} may have ${max * apply} apply operations in flight (max-parallel ${max} x parallelism ${apply} > ${WRITE_BUDGET})`);
    }
  }
  return out;
}

/**
 * A job that uses a local action must have checked it out first: the workspace's own checkout
 * (no path) before it, and a sparse checkout must include the action's folder.
 */
export function checkLocalActionsCheckedOut(wf: Workflow): string[] {
  const out: string[] = [];
  const all = wf.raw.jobs;
  if (!isObj(all)) return out;
  for (const [id, job] of Object.entries(all)) {
    if (!isObj(job)) continue;
    const list = steps(job);
    list.forEach((step, i) => {
      if (typeof step.uses !== "string" || !step.uses.startsWith("./")) return;
      const folder = step.uses.slice(2);
      const checkout = list.slice(0, i).find((s) => typeof s.uses === "string" && s.uses.startsWith("actions/checkout@") && !(isObj(s.with) && s.with.path));
      if (!checkout) {
        out.push(`${wf.file}: job ${id} uses ${step.uses} before checking out the repository`);
        return;
      }
      const sparse = isObj(checkout.with) ? checkout.with["sparse-checkout"] : undefined;
      if (typeof sparse === "string") {
        const paths = sparse.split("\n").map((l) => l.trim().replace(/\/$/, "")).filter(Boolean);
        if (!paths.some((p) => folder === p || folder.startsWith(`${p}/`))) out.push(`${wf.file}: job ${id} uses ${step.uses} but its sparse checkout lacks ${folder}`);
      }
    });
  }
  return out;
}

type InstallStep = { run?: string };
type InstallJob = { environment?: unknown; permissions?: unknown; steps?: InstallStep[] };
const INSTALL = /\bnpm (ci|install|i)\b/;

/** A job that can reach production or a privileged token: OIDC, an environment, or a secret. */
export function credentialed(job: InstallJob): boolean {
  const perms = job.permissions;
  return (isObj(perms as Json) && (perms as Obj)["id-token"] === "write") || job.environment !== undefined || /secrets\.(?!GITHUB_TOKEN)/.test(JSON.stringify(job));
}

function installLines(wf: Workflow): Array<{ id: string; line: string }> {
  const out: Array<{ id: string; line: string }> = [];
  for (const [id, job] of jobs(wf)) {
    if (!credentialed(job as InstallJob)) continue;
    for (const step of steps(job)) {
      for (const line of (typeof step.run === "string" ? step.run : "").split("\n")) if (INSTALL.test(line)) out.push({ id, line: line.trim() });
    }
  }
  return out;
}

/** Every `npm ci`/`npm install` in a credentialed job (the setup action's included) must skip install scripts. */
export function checkInstallsWithoutScripts(wf: Workflow): string[] {
  return installLines(wf).filter(({ line }) => !line.includes("--ignore-scripts")).map(({ id, line }) => `${wf.file} ${id}: "${line}" runs install scripts with credentials in reach`);
}

/** A credentialed job installs only what the CLI runs with: the test and lint tools stay out of its reach. */
export function checkCredentialedJobsOmitDev(wf: Workflow): string[] {
  return installLines(wf).filter(({ line }) => !/--omit=dev\b/.test(line)).map(({ id, line }) => `${wf.file} ${id}: "${line}" installs dev dependencies with credentials in reach`);
}
