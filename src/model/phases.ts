// Ordering of weakening changes. Okta decides how strongly a group signs in (the privileged tier
// asks more often and for phishing-resistant factors); Identity Center decides what the group may
// do. Applying okta first and identity-center second is right for tightening but wrong for
// loosening: a group that loses admin would move to the weaker tier BEFORE its admin assignment
// is revoked, and if the second apply fails it keeps admin with weaker MFA.
//
// So a merge applies okta in two phases: first a "tighten" okta model that keeps, for every
// group, the stronger of before and after (the union of groups, privileged if either side is, the
// stricter of each sign-on tier); then identity-center; then the final okta model, which only
// loosens what identity-center has already taken away.
import { isSharded } from "../layout/index.js";
import { durationSeconds } from "./duration.js";
import { cmp } from "./order.js";
import type { Group, PermissionSet, ResolvedModel, SignOnTier } from "./types.js";

/** The okta side that is at least as strict as both `base` (what is live) and `head` (what is merged). */
export function tightenModel(base: ResolvedModel | undefined, head: ResolvedModel): ResolvedModel {
  if (!base) return head;
  const groups = new Map<string, Group>();
  for (const g of base.groups) groups.set(g.name, g);
  for (const g of head.groups) {
    const before = groups.get(g.name);
    if (!before) {
      groups.set(g.name, g);
      continue;
    }
    const reasons = [...new Set([...g.privilegedReasons, ...before.privilegedReasons.map((r) => (g.privilegedReasons.includes(r) ? r : `${r} (until identity-center has applied)`))])];
    groups.set(g.name, { ...g, privileged: g.privileged || before.privileged, privilegedReasons: reasons });
  }
  const headOkta = head.organization.okta;
  const baseOkta = base.organization.okta;
  return {
    ...head,
    organization: {
      ...head.organization,
      okta: {
        ...headOkta,
        // The model's policy stays linked until the final phase if either side links it.
        app: { ...headOkta.app, signOnPolicy: baseOkta.app.signOnPolicy === "managed" ? "managed" : headOkta.app.signOnPolicy },
        signOn: {
          everyone: stricter(baseOkta.signOn.everyone, headOkta.signOn.everyone),
          privileged: stricter(baseOkta.signOn.privileged, headOkta.signOn.privileged),
        },
      },
    },
    groups: [...groups.values()].sort((a, b) => cmp(a.name, b.name)),
  };
}

/** The stricter of two sign-on tiers: the shorter re-authentication period, phishing-resistant if either is. */
export function stricter(a: SignOnTier, b: SignOnTier): SignOnTier {
  const sa = durationSeconds(a.reauthenticateAfter) ?? Infinity;
  const sb = durationSeconds(b.reauthenticateAfter) ?? Infinity;
  return { reauthenticateAfter: sa <= sb ? a.reauthenticateAfter : b.reauthenticateAfter, phishingResistant: a.phishingResistant || b.phishingResistant };
}

/** True when the tighten phase differs from the final okta model: the merge loosens something. */
export function loosens(base: ResolvedModel | undefined, head: ResolvedModel): boolean {
  if (!base) return false;
  const t = tightenModel(base, head);
  const strength = (m: ResolvedModel) => ({ g: m.groups.map((g) => [g.name, g.privileged]), s: m.organization.okta.signOn, p: m.organization.okta.app.signOnPolicy });
  return JSON.stringify(strength(t)) !== JSON.stringify(strength(head));
}

// Identity Center has the same ordering problem for removals when assignments live in shards:
// it refuses to delete a permission set that is still assigned (ConflictException), and the base
// stack applies before the shards that hold the assignments. So a merge applies the base in two
// phases too: first a "keep" base that still declares, unchanged, every permission set the live
// model had and this one removes (a rename removes the old name); then the shards, which delete
// the assignments; then the final base, which deletes the permission sets. With one stack,
// Terraform orders those deletes within the one state and the keep phase is the head itself.

/** The permission sets the keep phase holds back for the final base phase, as they are live. */
export function permissionSetsRemovedLast(base: ResolvedModel | undefined, head: ResolvedModel): PermissionSet[] {
  if (!base || !isSharded(head.organization.identityCenter.assignmentShards)) return [];
  const kept = new Set(head.permissionSets.map((p) => p.name));
  return base.permissionSets.filter((p) => !kept.has(p.name));
}

/** The base stack's model of the keep phase: head plus the permission sets it removes. */
export function keepRemovedPermissionSets(base: ResolvedModel | undefined, head: ResolvedModel): ResolvedModel {
  const removed = permissionSetsRemovedLast(base, head);
  if (removed.length === 0) return head;
  return { ...head, permissionSets: [...head.permissionSets, ...removed].sort((a, b) => cmp(a.name, b.name)) };
}
