// Where each part of the resolved model is written: the file:line a report links to, and the
// position a finding about a group points at. Computed beside resolution, never used to build.
import { hasExpired } from "./expiry.js";
import type { LoadedModel } from "./load.js";
import { assignmentKey, type ModelSources, type ResolvedModel, type SourceRef } from "./types.js";
import type { CheckedModel } from "./validate.js";

export function modelSources(loaded: LoadedModel, checked: CheckedModel, model: ResolvedModel, now: number): ModelSources {
  const first = <T>(entries: readonly { value: T; at(): SourceRef }[], keyOf: (v: T) => string | undefined) => {
    const out = new Map<string, SourceRef>();
    for (const e of entries) {
      const k = keyOf(e.value);
      if (k !== undefined && !out.has(k)) out.set(k, e.at());
    }
    return out;
  };
  const live = new Set(model.assignments.map(assignmentKey));
  const assignments = new Map<string, SourceRef[]>();
  for (const { entry, accounts } of checked.assignments) {
    const a = entry.value;
    if (a.expires !== undefined && hasExpired(a.expires, now)) continue; // left out by resolve: it makes nothing
    const at = entry.at();
    for (const acct of accounts) {
      const key = assignmentKey({ group: a.group, permissionSet: a.permission_set, accountId: acct.id });
      if (!live.has(key)) continue;
      const refs = assignments.get(key) ?? [];
      if (!refs.some((r) => r.file === at.file && r.line === at.line)) refs.push(at);
      assignments.set(key, refs);
    }
  }
  return {
    groups: new Map([...checked.groups].map(([name, located]) => [name, located.at()])),
    permissionSets: first(loaded.permissionSets, (p) => p.name),
    accounts: first(loaded.accounts, (a) => a.id),
    assignments,
  };
}
