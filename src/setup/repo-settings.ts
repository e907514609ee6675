// What the GitHub repository must look like for the workflows to be safe: the variables, the
// environments, the rulesets, the labels. Plain data, shared by the set-up script (which makes
// it so) and `access doctor` (which checks it).

/** The GitHub Actions app: required checks pinned to it cannot be satisfied by another app's status. */
export const GITHUB_ACTIONS_APP_ID = 15368;

/** Check names of plan.yml that must pass before a merge, pinned to the GitHub Actions app. */
export const ACTIONS_CHECKS = ["Validate, synthesize, access diff", "Unit tests"] as const;
/**
 * The risk-based approval verdict: a commit status approval.yml posts with the approval app's token
 * (a pull_request_target run's own check would sit on the base commit, not the PR's head).
 */
export const RISK_APPROVAL_STATUS = "access/risk-approval";
/** Every status that must pass before a merge. */
export const REQUIRED_CHECKS = [...ACTIONS_CHECKS, RISK_APPROVAL_STATUS] as const;

export const MAIN_RULESET = "access: main";
export const TAG_RULESET = "access: last-applied record";
export const LAST_APPLIED_TAG = "access-last-applied";

/**
 * Main-only environments: production (apply, expiry; reviewers), plan (the read-only Okta key for
 * the plans made with main's code: PR plans through plan-model.yml, the apply's and expiry's gate
 * plans, drift, doctor, review, scim-health), approval (the approval app's key) and automation
 * (the bot app's key).
 */
export const PRODUCTION_ENVIRONMENT = "production";
export const PLAN_ENVIRONMENT = "plan";
export const APPROVAL_ENVIRONMENT = "approval";
export const AUTOMATION_ENVIRONMENT = "automation";
export const MAIN_ONLY_ENVIRONMENTS = [PRODUCTION_ENVIRONMENT, PLAN_ENVIRONMENT, APPROVAL_ENVIRONMENT, AUTOMATION_ENVIRONMENT] as const;

/** The read-only Okta app's secrets (plan); the write app's have the same names in production. */
export const OKTA_SECRETS = ["OKTA_API_CLIENT_ID", "OKTA_API_PRIVATE_KEY_ID", "OKTA_API_PRIVATE_KEY", "OKTA_API_SCOPES"] as const;

/**
 * Where each long-lived secret lives: in environments only main deploys to, never at repository
 * level, where any workflow on a same-repository branch can read it.
 */
export type SecretHome = "repository" | (typeof MAIN_ONLY_ENVIRONMENTS)[number];
export const SECRET_HOMES: Readonly<Record<string, readonly SecretHome[]>> = {
  ...Object.fromEntries(OKTA_SECRETS.map((name) => [name, [PLAN_ENVIRONMENT, PRODUCTION_ENVIRONMENT]])),
  ACCESS_APPROVAL_APP_PRIVATE_KEY: [APPROVAL_ENVIRONMENT],
  ACCESS_BOT_PRIVATE_KEY: [AUTOMATION_ENVIRONMENT],
};

/** Tokens the automation app replaced: they must not exist anywhere (and must be revoked at their owner). */
export const RETIRED_SECRETS = ["ELEVATE_MEMBERS_TOKEN", "ACCOUNTS_PR_TOKEN"] as const;

export const LABELS = [
  { name: "access-revocation-acknowledged", color: "B60205", description: "Allows an apply that revokes more than the guardrail or deletes a permission set" },
  { name: "drift", color: "D93F0B", description: "Live access differs from the model" },
  { name: "access-expiry", color: "FBCA04", description: "Expired grants were not revoked" },
  { name: "access-expiring", color: "FBCA04", description: "Grants expiring in the next 30 days" },
  { name: "access-review", color: "0E8A16", description: "Periodic review of who can reach what" },
] as const;

export interface RulesetBody {
  name: string;
  target: "branch" | "tag";
  enforcement: "active";
  bypass_actors: { actor_id: number | null; actor_type: string; bypass_mode: "always" }[];
  conditions: { ref_name: { include: string[]; exclude: string[] } };
  rules: { type: string; parameters?: Record<string, unknown> }[];
}

/**
 * main: pull request with code-owner review, fresh approvals, required checks on an up-to-date
 * branch. Only the automation app may bypass it, for the accounts-only changes accounts.yml
 * commits when they are pre-approved (docs/onboarding-and-elevation.md); nobody else.
 * Each required check is pinned to the app that posts it: a status of the same name posted by
 * anyone else (a workflow's GITHUB_TOKEN reports as GitHub Actions) does not satisfy it.
 */
export function mainRuleset(apps: { botAppId: number; approvalAppId: number }): RulesetBody {
  return {
    name: MAIN_RULESET,
    target: "branch",
    enforcement: "active",
    bypass_actors: [{ actor_id: apps.botAppId, actor_type: "Integration", bypass_mode: "always" }],
    conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
    rules: [
      { type: "deletion" },
      { type: "non_fast_forward" },
      {
        type: "pull_request",
        parameters: {
          required_approving_review_count: 1,
          dismiss_stale_reviews_on_push: true,
          require_code_owner_review: true,
          require_last_push_approval: true,
          required_review_thread_resolution: false,
        },
      },
      {
        type: "required_status_checks",
        parameters: {
          strict_required_status_checks_policy: true,
          required_status_checks: requiredCheckPins(apps.approvalAppId).map(([context, integration_id]) => ({ context, integration_id })),
        },
      },
    ],
  };
}

/** [context, app id] of every required check: the Actions jobs to GitHub Actions, the verdict to the approval app. */
export function requiredCheckPins(approvalAppId: number): [string, number][] {
  return [...ACTIONS_CHECKS.map((c): [string, number] => [c, GITHUB_ACTIONS_APP_ID]), [RISK_APPROVAL_STATUS, approvalAppId]];
}

/**
 * The last-applied tag: nobody may create, move or delete it except the automation app, whose
 * token the `record` job mints. Repository rulesets do not accept GitHub Actions itself
 * (GITHUB_TOKEN) as a bypass actor, only installed apps.
 */
export function tagRuleset(botAppId: number): RulesetBody {
  return {
    name: TAG_RULESET,
    target: "tag",
    enforcement: "active",
    bypass_actors: [{ actor_id: botAppId, actor_type: "Integration", bypass_mode: "always" }],
    conditions: { ref_name: { include: [`refs/tags/${LAST_APPLIED_TAG}`], exclude: [] } },
    rules: [{ type: "creation" }, { type: "update" }, { type: "deletion" }, { type: "non_fast_forward" }],
  };
}

/** Okta scopes per app (docs/setup.md section 6): stored as the OKTA_API_SCOPES secret next to each app's key. */
export const OKTA_PLAN_SCOPES = "okta.groups.read,okta.apps.read,okta.policies.read";
export const OKTA_APPLY_SCOPES = "okta.groups.manage,okta.groups.read,okta.apps.manage,okta.apps.read,okta.policies.manage,okta.policies.read";
