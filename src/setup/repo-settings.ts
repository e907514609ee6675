// What the GitHub repository must look like for the workflows to be safe: the variables, the
// environments, the rulesets, the labels. Plain data, shared by the set-up script (which makes
// it so) and `access doctor` (which checks it).

/** The GitHub Actions app: required checks pinned to it cannot be satisfied by another app's status. */
export const GITHUB_ACTIONS_APP_ID = 15368;

/** Check names of plan.yml that must pass before a merge, pinned to the GitHub Actions app. */
const ACTIONS_CHECKS = ["Validate, synthesize, access diff", "Unit tests"] as const;
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

/** Main-only environments: production (apply, expiry; reviewers) and automation (the bot app's key). */
export const PRODUCTION_ENVIRONMENT = "production";
export const AUTOMATION_ENVIRONMENT = "automation";

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
 */
export function mainRuleset(botAppId?: number): RulesetBody {
  return {
    name: MAIN_RULESET,
    target: "branch",
    enforcement: "active",
    bypass_actors: botAppId === undefined ? [] : [{ actor_id: botAppId, actor_type: "Integration", bypass_mode: "always" }],
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
          // The approval status is not pinned here: its source is the approval app, whose numeric id
          // the set-up does not ask for; pin it in the ruleset (docs/review-guarantees.md).
          required_status_checks: [...ACTIONS_CHECKS.map((context) => ({ context, integration_id: GITHUB_ACTIONS_APP_ID })), { context: RISK_APPROVAL_STATUS }],
        },
      },
    ],
  };
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
