// Permission-set changes between two resolved models, including renames (a removed and an added
// permission set whose content is identical).
import type { Assignment, PermissionSet, PermissionsBoundary } from "../model/types.js";
import { canonicalJson, policyStatements } from "./canonical.js";
import { cmp } from "../model/order.js";
import type { FieldChange, ListChange, PermissionSetChange } from "./types.js";

export function boundaryLabel(b: PermissionsBoundary | undefined): string | undefined {
  if (!b) return undefined;
  return b.kind === "managed" ? b.arn : `${b.path}${b.name}`;
}

/** What a permission set grants and how it behaves, without its name, description or tags. */
export function contentKey(ps: PermissionSet): string {
  return canonicalJson({
    managed: ps.managedPolicies,
    customer: ps.customerManagedPolicies.map((p) => `${p.path}${p.name}`),
    inline: policyStatements(ps.inlinePolicy).map(canonicalJson).sort(),
    session: ps.sessionDuration,
    boundary: boundaryLabel(ps.permissionsBoundary) ?? null,
    relay: ps.relayState ?? null,
  });
}

function listChange<T>(before: readonly T[], after: readonly T[], key: (v: T) => string = String): ListChange<T> {
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  return {
    added: after.filter((v) => !beforeKeys.has(key(v))),
    removed: before.filter((v) => !afterKeys.has(key(v))),
  };
}

function field<T>(before: T | undefined, after: T | undefined): FieldChange<T> | null {
  if (before === after) return null;
  return { before: before ?? null, after: after ?? null };
}

function tagList(tags: Record<string, string> | undefined): string[] {
  return Object.entries(tags ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort();
}

interface Reach {
  accounts: number;
  assignments: number;
}

export function reachOf(assignments: readonly Assignment[]): Map<string, Reach> {
  const accounts = new Map<string, Set<string>>();
  const counts = new Map<string, number>();
  for (const a of assignments) {
    if (!accounts.has(a.permissionSet)) accounts.set(a.permissionSet, new Set());
    accounts.get(a.permissionSet)!.add(a.accountId);
    counts.set(a.permissionSet, (counts.get(a.permissionSet) ?? 0) + 1);
  }
  const reach = new Map<string, Reach>();
  for (const [name, set] of accounts) reach.set(name, { accounts: set.size, assignments: counts.get(name) ?? 0 });
  return reach;
}

/** Field-by-field change from `before` (undefined = did not exist) to `after` (undefined = gone). */
function compare(
  name: string,
  change: PermissionSetChange["change"],
  before: PermissionSet | undefined,
  after: PermissionSet | undefined,
  reach: Reach,
  renamedFrom: string | null = null,
): PermissionSetChange {
  const statementsBefore = policyStatements(before?.inlinePolicy);
  const statementsAfter = policyStatements(after?.inlinePolicy);
  const cmpKey = (p: { name: string; path: string }) => `${p.path}${p.name}`;
  return {
    name,
    change,
    renamed_from: renamedFrom,
    accounts: reach.accounts,
    assignments: reach.assignments,
    managed_policies: listChange(before?.managedPolicies ?? [], after?.managedPolicies ?? []),
    customer_managed_policies: listChange(
      (before?.customerManagedPolicies ?? []).map(cmpKey),
      (after?.customerManagedPolicies ?? []).map(cmpKey),
    ),
    inline_policy_statements: listChange(statementsBefore, statementsAfter, canonicalJson),
    session_duration: field(before?.sessionDuration, after?.sessionDuration),
    permissions_boundary: field(boundaryLabel(before?.permissionsBoundary), boundaryLabel(after?.permissionsBoundary)),
    relay_state: field(before?.relayState, after?.relayState),
    description: field(before?.description, after?.description),
    tags: listChange(tagList(before?.tags), tagList(after?.tags)),
    privileged: field(before?.privileged, after?.privileged),
  };
}

export function hasFieldChanges(c: PermissionSetChange): boolean {
  return (
    c.managed_policies.added.length + c.managed_policies.removed.length +
      c.customer_managed_policies.added.length + c.customer_managed_policies.removed.length +
      c.inline_policy_statements.added.length + c.inline_policy_statements.removed.length +
      c.tags.added.length + c.tags.removed.length > 0 ||
    [c.session_duration, c.permissions_boundary, c.relay_state, c.description, c.privileged].some((f) => f !== null)
  );
}

export function permissionSetChanges(
  base: readonly PermissionSet[],
  head: readonly PermissionSet[],
  baseAssignments: readonly Assignment[],
  headAssignments: readonly Assignment[],
): PermissionSetChange[] {
  const baseByName = new Map(base.map((p) => [p.name, p]));
  const headByName = new Map(head.map((p) => [p.name, p]));
  const headReach = reachOf(headAssignments);
  const baseReach = reachOf(baseAssignments);
  const none: Reach = { accounts: 0, assignments: 0 };

  const removed = base.filter((p) => !headByName.has(p.name)).sort((a, b) => cmp(a.name, b.name));
  const added = head.filter((p) => !baseByName.has(p.name)).sort((a, b) => cmp(a.name, b.name));

  // Pair each removed permission set with the first added one of identical content.
  const renamedTo = new Map<string, PermissionSet>();
  const claimed = new Set<string>();
  for (const old of removed) {
    const key = contentKey(old);
    const match = added.find((n) => !claimed.has(n.name) && contentKey(n) === key);
    if (match) {
      renamedTo.set(old.name, match);
      claimed.add(match.name);
    }
  }

  const changes: PermissionSetChange[] = [];
  for (const ps of head) {
    const old = baseByName.get(ps.name);
    const reach = headReach.get(ps.name) ?? none;
    if (old) {
      const c = compare(ps.name, "modified", old, ps, reach);
      if (hasFieldChanges(c)) changes.push(c);
    }
  }
  for (const ps of added) {
    const from = [...renamedTo].find(([, to]) => to.name === ps.name)?.[0];
    const reach = headReach.get(ps.name) ?? none;
    changes.push(
      from !== undefined
        ? compare(ps.name, "renamed", baseByName.get(from), ps, reach, from)
        : compare(ps.name, "added", undefined, ps, reach),
    );
  }
  for (const ps of removed) {
    if (renamedTo.has(ps.name)) continue;
    changes.push(compare(ps.name, "removed", ps, undefined, baseReach.get(ps.name) ?? none));
  }
  return changes.sort((a, b) => cmp(a.name, b.name));
}
