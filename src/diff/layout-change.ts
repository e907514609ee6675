// A change of the assignment layout (assignment_shards with migrate_assignments_from) must be a
// change of its own. The move makes the old stacks forget each moved account's assignment block
// (a `removed` block works on whole blocks) and the new stacks import the model's assignments: an
// assignment revoked in the same change is forgotten by the old stack and imported by nobody, so
// it would stay live. Granted or changed access in the same change is refused too: one thing per
// change keeps the move's plan "imports and forgets only", which is what reviewers check.
import type { ResolvedModel } from "../model/types.js";
import { migratingFrom } from "../stack-contents/index.js";
import type { AccessDiff } from "./types.js";

/** Why this change may not be applied as one, or undefined when it may. */
export function mixedLayoutChange(base: ResolvedModel | undefined, head: ResolvedModel, diff: AccessDiff): string | undefined {
  if (!base) return undefined;
  const from = base.organization.identityCenter.assignmentShards;
  const to = head.organization.identityCenter.assignmentShards;
  if (from === to || migratingFrom(head) === undefined) return undefined;
  const counts: Array<[number, string]> = [
    [diff.granted.length, "granted"],
    [diff.revoked.length, "revoked"],
    [diff.permission_sets.length, "permission set change(s)"],
    [diff.groups.length, "group change(s)"],
  ];
  const parts = counts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  if (parts.length === 0) return undefined;
  return (
    `organization.identity_center: this change moves the assignments from ${from} to ${to} stack(s) (migrate_assignments_from) ` +
    `and also changes access (${parts.join(", ")}). The move forgets each moved account's assignments in the old stack and imports ` +
    `the model's into the new one, so a revocation would be forgotten instead of deleted. Make the layout change a pull request of ` +
    `its own (only assignment_shards and migrate_assignments_from), apply it, then change access.`
  );
}
