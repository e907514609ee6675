// What the revocation needs from the resolved model: the longest session a person (or anyone)
// may hold, and the permission sets assigned in the management account, where SCPs do not bind.
import { durationSeconds } from "../model/duration.js";
import type { ResolvedModel } from "../model/types.js";

/** Identity Center's upper limit on a permission set's session: the bound when nothing is known. */
export const MAX_SESSION_SECONDS = 12 * 3600;

/**
 * The longest session of the permission sets assigned to any of `groups` (all groups when
 * undefined). A person with no assignment in the model still gets the longest of the whole model:
 * live assignments made outside it may exist, and over-denying beats under-denying.
 */
export function longestSessionSeconds(model: ResolvedModel, groups?: readonly string[]): number {
  const sets = new Map(model.permissionSets.map((p) => [p.name, durationSeconds(p.sessionDuration) ?? MAX_SESSION_SECONDS]));
  const all = Math.max(0, ...sets.values());
  const wanted = groups ? new Set(groups) : undefined;
  const reachable = model.assignments.filter((a) => !wanted || wanted.has(a.group)).map((a) => sets.get(a.permissionSet) ?? MAX_SESSION_SECONDS);
  const longest = reachable.length ? Math.max(...reachable) : all;
  return longest > 0 ? longest : MAX_SESSION_SECONDS;
}

/** Permission sets the model assigns in the management account (to `groups`, or to anyone), sorted. */
export function managementAccountPermissionSets(model: ResolvedModel, groups?: readonly string[]): string[] {
  const wanted = groups ? new Set(groups) : undefined;
  const names = model.assignments.filter((a) => a.accountId === model.organization.managementAccount && (!wanted || wanted.has(a.group))).map((a) => a.permissionSet);
  return [...new Set(names)].sort();
}
