// Compares two resolved models. Pure: no Terraform, no I/O.
import { assignmentKey, maxRevocationOf, type ResolvedModel } from "../model/types.js";
import { accountsChange, noAccountChange } from "./accounts.js";
import { groupChanges } from "./groups.js";
import { oktaChanges } from "./okta.js";
import { permissionSetChanges } from "./permission-sets.js";
import { codeChangeRisks } from "./code-change.js";
import { controlRisks } from "./control-risks.js";
import { assessRisks, compareRisks } from "./risks.js";
import { tripleDifference } from "./triples.js";
import { affectedStacks } from "./stacks.js";
import { DEFAULT_REVOKE_THRESHOLD, type AccessDiff, type DiffOptions } from "./types.js";

/** `base` is undefined for the first change, when the base branch has no model yet. */
export function diffModels(base: ResolvedModel | undefined, head: ResolvedModel, options: DiffOptions = {}): AccessDiff {
  const baseAssignments = base?.assignments ?? [];
  const headExpiry = new Map(head.assignments.flatMap((a) => (a.expires ? [[assignmentKey(a), a.expires] as const] : [])));
  const granted = tripleDifference(baseAssignments, head.assignments).map((t) => {
    const expires = headExpiry.get(`${t.group}|${t.permission_set}|${t.account_id}`);
    return expires ? { ...t, expires } : t;
  });
  // A triple the head still grants on paper but whose every grant has lapsed is revoked for expiry.
  const lapsed = new Map((head.expired ?? []).map((a) => [assignmentKey(a), a.expires!] as const));
  const revoked = tripleDifference(head.assignments, baseAssignments).map((t) => {
    const expires = lapsed.get(`${t.group}|${t.permission_set}|${t.account_id}`);
    return expires ? { ...t, reason: "expired" as const, expires } : t;
  });
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
  })
    .concat(controlRisks({ base, head, granted, permissionSets: permission_sets, okta }), codeChangeRisks(options.changedFiles))
    .sort(compareRisks);

  const affected_stacks = affectedStacks(base, head, options.changedFiles ? { changedFiles: options.changedFiles } : {});
  // The stricter of the two sides: a change cannot loosen the guardrail that gates itself.
  const headMax = maxRevocationOf(head.organization);
  const baseMax = base ? maxRevocationOf(base.organization) : headMax;
  const share = Math.min(headMax.share, baseMax.share);
  const count = Math.min(headMax.count, baseMax.count);
  const accounts = base ? accountsChange(base, head) : undefined;
  return {
    granted,
    revoked,
    permission_sets,
    groups,
    okta,
    risks,
    affected_stacks,
    max_revocation: { share, count },
    ...(accounts && !noAccountChange(accounts) ? { accounts } : {}),
  };
}

export function isEmptyDiff(d: AccessDiff): boolean {
  return [d.granted, d.revoked, d.permission_sets, d.groups, d.okta, d.risks].every((l) => l.length === 0);
}
