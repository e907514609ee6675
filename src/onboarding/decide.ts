// Pre-approval of account changes. A change that only adds, moves, renames, retags or removes
// accounts, and whose every new grant comes from an assignment entry unchanged on main that
// selects by OU, tags or `all` (a selector the team already reviewed), carries that entry's
// approval. organization.onboarding.auto_apply (main's) says how far that goes: `none` never
// skips the pull request, `non_privileged` skips it unless a new grant is privileged, `all`
// always. Revocations (closed or moved accounts) must stay within the revocation guardrail.
// Pure: reads two resolved models and the head's assignment entries.
import { accountsChange, type AccountsChange } from "../diff/accounts.js";
import type { Grant } from "../model/grants.js";
import { hasExpired } from "../model/expiry.js";
import { cmp } from "../model/order.js";
import { assignmentKey, autoApplyOf, maxRevocationOf, type AutoApply, type ResolvedModel } from "../model/types.js";

export interface OnboardingDecision {
  /** Nothing but accounts differs: organization, okta, groups, permission sets, assignments and imports are as on main. */
  accounts_only: boolean;
  /** Every new grant comes from an unchanged OU, tags or `all` selector. */
  covered: boolean;
  /** Revocations within organization.guardrails.max_revocation. */
  revocations_within_limit: boolean;
  /** accounts_only, covered and within the limit: the change carries the selectors' approval. */
  pre_approved: boolean;
  auto_apply_setting: AutoApply;
  /** Pre-approved and within auto_apply: the accounts App may commit it to main. */
  auto_apply: boolean;
  /** Who reviews the pull request when it is not auto-applied. */
  review_team: "privileged-access" | "identity";
  granted: number;
  revoked: number;
  /** New grants of a privileged permission set or to a group marked privileged: "group|permission set|account id". */
  privileged_grants: string[];
  /** Why the change is not pre-approved or not auto-applied; empty when it is auto-applied. */
  reasons: string[];
  accounts: AccountsChange;
}

export interface DecisionInput {
  base: ResolvedModel;
  head: ResolvedModel;
  /** The assignment entries of each side with their selectors (loadGrants). */
  baseGrants: readonly Grant[];
  headGrants: readonly Grant[];
  /** Epoch ms the models were resolved at: entries expired by then grant nothing. */
  now: number;
}

export function decideOnboarding({ base, head, baseGrants, headGrants, now }: DecisionInput): OnboardingDecision {
  const reasons: string[] = [];
  const differs = nonAccountDifferences(base, head);
  if (entriesOf(baseGrants) !== entriesOf(headGrants)) differs.push("assignments (a selector, group, permission set or expiry)");
  for (const d of differs) reasons.push(`${d} changed: only account changes are pre-approved`);

  const before = new Set(base.assignments.map(assignmentKey));
  const after = new Set(head.assignments.map(assignmentKey));
  const granted = head.assignments.filter((t) => !before.has(assignmentKey(t)));
  const revoked = base.assignments.filter((t) => !after.has(assignmentKey(t)));

  // Triples some live entry grants through a reviewed selector (not a list of names: a renamed
  // account's old name taken by a new account would otherwise inherit the list's grant).
  const bySelector = new Set<string>();
  for (const g of headGrants) {
    if (Array.isArray(g.selector) || (g.expires !== undefined && hasExpired(g.expires, now))) continue;
    for (const a of g.accounts) bySelector.add(assignmentKey({ group: g.group, permissionSet: g.permissionSet, accountId: a.id }));
  }
  const uncovered = granted.filter((t) => !bySelector.has(assignmentKey(t)));
  if (uncovered.length) {
    reasons.push(`${uncovered.length} new grant${uncovered.length === 1 ? " comes" : "s come"} from no OU, tags or \`all\` selector (e.g. ${uncovered[0]!.group} ${uncovered[0]!.permissionSet} in ${uncovered[0]!.accountName})`);
  }

  const limit = maxRevocationOf(base.organization);
  const withinLimit = revoked.length <= limit.count && revoked.length <= limit.share * base.assignments.length;
  if (!withinLimit) {
    reasons.push(`${revoked.length} assignments would be revoked, above the revocation guardrail (${limit.count} assignments or ${Math.round(limit.share * 100)} % of ${base.assignments.length})`);
  }

  const sets = new Map(head.permissionSets.map((p) => [p.name, p]));
  const marked = new Set(head.groups.filter((g) => g.privilegedReasons.includes("marked privileged")).map((g) => g.name));
  const privileged = granted.filter((t) => sets.get(t.permissionSet)?.privileged || marked.has(t.group)).map(assignmentKey).sort(cmp);

  const accountsOnly = differs.length === 0;
  const covered = uncovered.length === 0;
  const preApproved = accountsOnly && covered && withinLimit;
  const setting = autoApplyOf(base.organization);
  let autoApply = preApproved;
  if (preApproved && setting === "none") {
    autoApply = false;
    reasons.push("organization.onboarding.auto_apply is none: every account change goes through a pull request");
  } else if (preApproved && setting === "non_privileged" && privileged.length > 0) {
    autoApply = false;
    reasons.push(`${privileged.length} new grant${privileged.length === 1 ? " is" : "s are"} privileged and auto_apply is non_privileged: the privileged-access team reviews it`);
  }
  return {
    accounts_only: accountsOnly,
    covered,
    revocations_within_limit: withinLimit,
    pre_approved: preApproved,
    auto_apply_setting: setting,
    auto_apply: autoApply,
    review_team: privileged.length > 0 || !accountsOnly ? "privileged-access" : "identity",
    granted: granted.length,
    revoked: revoked.length,
    privileged_grants: privileged,
    reasons,
    accounts: accountsChange(base, head),
  };
}

/** The parts of the model other than accounts that differ, by name ("organization", "groups", ...). */
function nonAccountDifferences(base: ResolvedModel, head: ResolvedModel): string[] {
  const groups = (m: ResolvedModel) =>
    m.groups.map((g) => ({ name: g.name, description: g.description ?? null, source: g.source, marked: g.privilegedReasons.includes("marked privileged") }));
  const imports = (m: ResolvedModel) => Object.fromEntries(Object.entries(m.imports ?? {}).map(([k, v]) => [k, [...(v as ReadonlyMap<string, string>)].sort()]));
  const parts: [string, (m: ResolvedModel) => unknown][] = [
    ["organization (okta, identity center, guardrails, onboarding, elevation)", (m) => m.organization],
    ["groups", groups],
    ["permission sets", (m) => m.permissionSets],
    ["imports", imports],
  ];
  const out = parts.filter(([, of]) => canonical(of(base)) !== canonical(of(head))).map(([name]) => name);
  return out;
}

/** The assignment entries as written, order-free: an edit, addition or removal of any entry shows. */
function entriesOf(grants: readonly Grant[]): string {
  return grants
    .map((g) => canonical({ group: g.group, permission_set: g.permissionSet, accounts: g.selector, expires: g.expires ?? null, allow_management_account: g.allowManagementAccount ?? null }))
    .sort(cmp)
    .join("\n");
}

/** JSON with object keys sorted, so that key order never counts as a change. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) =>
    val && typeof val === "object" && !Array.isArray(val) ? Object.fromEntries(Object.entries(val as Record<string, unknown>).sort(([a], [b]) => cmp(a, b))) : val,
  );
}
