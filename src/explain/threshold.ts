// The mass-revocation gate, octoDNS-style: computed from what the plans will do, not from intent.
// Apply stops, unless acknowledged, when the plans together remove more account assignments than
// `max_revocation.count`, or more than `max_revocation.share` of the assignments the stacks manage
// now, or delete (or replace) any permission set.
import type { Plan } from "../terraform/plan.js";
import { RESOURCE } from "../terraform/resources.js";

export interface MaxRevocationLimits {
  share: number;
  count: number;
}

export interface RevocationCheck {
  /** Assignments in the prior state of every plan given. */
  managed: number;
  /** Assignment instance keys the plans delete or replace (access lost, at least for a while). */
  removed: string[];
  /** Permission sets the plans delete or replace (new ARN: every role and assignment of it goes). */
  permissionSetsDeleted: string[];
  limits: MaxRevocationLimits;
  /** Why the gate trips; empty when it does not. */
  exceeded: string[];
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

export function checkRevocations(plans: readonly Plan[], limits: MaxRevocationLimits): RevocationCheck {
  const removed = new Set<string>();
  const psDeleted = new Set<string>();
  // An assignment moved between stacks is forgotten by one and imported by another: not removed.
  for (const c of plans.flatMap((p) => p.changes)) {
    const gone = c.action === "delete" || c.action === "replace";
    if (!gone || c.mode !== "managed") continue;
    if (c.type === RESOURCE.accountAssignment) removed.add(String(c.key ?? c.address));
    if (c.type === RESOURCE.permissionSet) psDeleted.add(String(c.key ?? c.address));
  }
  const managed = new Set(plans.flatMap((p) => p.managedAssignments)).size;
  const exceeded: string[] = [];
  const n = removed.size;
  if (n > limits.count) exceeded.push(`removes ${n} assignments, more than max_revocation.count ${limits.count}`);
  if (managed > 0 && n > limits.share * managed) {
    exceeded.push(`removes ${n} of ${managed} managed assignments (${pct(n / managed)}), more than max_revocation.share ${pct(limits.share)}`);
  }
  if (psDeleted.size) exceeded.push(`deletes ${psDeleted.size === 1 ? "permission set" : `${psDeleted.size} permission sets:`} ${[...psDeleted].sort().join(", ")}`);
  return { managed, removed: [...removed].sort(), permissionSetsDeleted: [...psDeleted].sort(), limits, exceeded };
}
