// Compares two resolved models. Pure: no Terraform, no I/O.
import type { ResolvedModel } from "../model/types.js";
import { groupChanges } from "./groups.js";
import { oktaChanges } from "./okta.js";
import { permissionSetChanges } from "./permission-sets.js";
import { assessRisks } from "./risks.js";
import { tripleDifference } from "./triples.js";
import { affectedStacks } from "./stacks.js";
import { DEFAULT_REVOKE_THRESHOLD, type AccessDiff, type DiffOptions } from "./types.js";

/** `base` is undefined for the first change, when the base branch has no model yet. */
export function diffModels(base: ResolvedModel | undefined, head: ResolvedModel, options: DiffOptions = {}): AccessDiff {
  const baseAssignments = base?.assignments ?? [];
  const granted = tripleDifference(baseAssignments, head.assignments);
  const revoked = tripleDifference(head.assignments, baseAssignments);
  const permission_sets = permissionSetChanges(base?.permissionSets ?? [], head.permissionSets, baseAssignments, head.assignments);
  const groups = groupChanges(base?.groups ?? [], head.groups, baseAssignments, head.assignments);
  const okta = oktaChanges(base?.organization.okta, head.organization.okta);
  const risks = assessRisks({
    base,
    head,
    granted,
    revoked,
    permissionSets: permission_sets,
    groups,
    okta,
    revokeThreshold: options.revokeThreshold ?? DEFAULT_REVOKE_THRESHOLD,
    ...(options.people ? { people: options.people } : {}),
  });

  const affected_stacks = affectedStacks(base, head, options.changedFiles ? { changedFiles: options.changedFiles } : {});
  return { granted, revoked, permission_sets, groups, okta, risks, affected_stacks };
}

export function isEmptyDiff(d: AccessDiff): boolean {
  return [d.granted, d.revoked, d.permission_sets, d.groups, d.okta, d.risks].every((l) => l.length === 0);
}
