// Group changes between two resolved models: added, removed, source or privilege changed.
import type { Assignment, Group } from "../model/types.js";
import { cmp } from "../model/order.js";
import type { FieldChange, GroupChange } from "./types.js";

function field<T>(before: T | undefined, after: T | undefined): FieldChange<T> | null {
  return before === after ? null : { before: before ?? null, after: after ?? null };
}

function countByGroup(assignments: readonly Assignment[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of assignments) counts.set(a.group, (counts.get(a.group) ?? 0) + 1);
  return counts;
}

export function groupChanges(
  base: readonly Group[],
  head: readonly Group[],
  baseAssignments: readonly Assignment[],
  headAssignments: readonly Assignment[],
): GroupChange[] {
  const baseByName = new Map(base.map((g) => [g.name, g]));
  const headByName = new Map(head.map((g) => [g.name, g]));
  const headCounts = countByGroup(headAssignments);
  const baseCounts = countByGroup(baseAssignments);
  const changes: GroupChange[] = [];

  for (const g of head) {
    const old = baseByName.get(g.name);
    const change: GroupChange = {
      name: g.name,
      change: old ? "modified" : "added",
      assignments: headCounts.get(g.name) ?? 0,
      source: field(old?.source, g.source),
      privileged: field(old?.privileged, g.privileged),
      description: field(old?.description, g.description),
    };
    if (!old || change.source || change.privileged || change.description) changes.push(change);
  }
  for (const g of base) {
    if (headByName.has(g.name)) continue;
    changes.push({
      name: g.name,
      change: "removed",
      assignments: baseCounts.get(g.name) ?? 0,
      source: field(g.source, undefined),
      privileged: field(g.privileged, undefined),
      description: field(g.description, undefined),
    });
  }
  return changes.sort((a, b) => cmp(a.name, b.name));
}
