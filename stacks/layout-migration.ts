// Changing the assignment layout (one stack <-> shards, or a new shard count) without touching a
// single assignment: every account whose stack changes is forgotten by its old stack (`removed`
// with destroy = false) and imported by its new one (`import` with an id from the lookups). The
// model names the layout the states were applied with (`identity_center.migrate_assignments_from`);
// without it there is nothing to move.
import { assignmentStackOf, identityCenterStacks } from "../src/layout/index.js";
import type { AccountId, ResolvedModel } from "../src/model/types.js";

export interface StackMoves {
  /** Accounts whose assignments this stack held and now forgets. */
  forget: AccountId[];
  /** Accounts whose assignments this stack takes over. */
  takeOver: AccountId[];
}

export interface LayoutMigration {
  previousShards: number;
  /** Per stack name (the previous layout's and the new one's). */
  moves: Map<string, StackMoves>;
  /** Stacks of the previous layout the new one no longer has: they only forget. */
  draining: string[];
}

export function layoutMigration(model: ResolvedModel): LayoutMigration | undefined {
  const ic = model.organization.identityCenter;
  const previous = ic.migrateAssignmentsFrom;
  if (previous === undefined || previous === ic.assignmentShards) return undefined;
  const moves = new Map<string, StackMoves>();
  const of = (stack: string) => {
    let m = moves.get(stack);
    if (!m) moves.set(stack, (m = { forget: [], takeOver: [] }));
    return m;
  };
  for (const account of [...new Set(model.assignments.map((a) => a.accountId))].sort()) {
    const from = assignmentStackOf(account, previous);
    const to = assignmentStackOf(account, ic.assignmentShards);
    if (from === to) continue;
    of(from).forget.push(account);
    of(to).takeOver.push(account);
  }
  const current = new Set(identityCenterStacks(ic.assignmentShards));
  const draining = identityCenterStacks(previous).filter((s) => !current.has(s));
  return { previousShards: previous, moves, draining };
}
