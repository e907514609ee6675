// The Identity Center state a resolved model asks for, in the emulator's snapshot shape.
import type { ResolvedModel } from "../../../src/model/types.js";
import type { Snapshot } from "../../emulator/index.js";

type Desired = Pick<Snapshot, "permissionSets" | "assignments">;

/** Inline policies compare as JSON values: the provider normalises the text it sends. */
function comparable(s: Desired): unknown {
  return {
    permissionSets: s.permissionSets.map((ps) => ({ ...ps, inlinePolicy: ps.inlinePolicy === undefined ? undefined : JSON.parse(ps.inlinePolicy) })),
    assignments: s.assignments,
  };
}

export function desiredState(model: ResolvedModel): Desired {
  const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    permissionSets: model.permissionSets.map((ps) => ({
      name: ps.name,
      ...(ps.description !== undefined ? { description: ps.description } : {}),
      sessionDuration: ps.sessionDuration,
      ...(ps.relayState !== undefined ? { relayState: ps.relayState } : {}),
      tags: ps.tags,
      managedPolicies: [...ps.managedPolicies].sort(byString),
      customerManagedPolicies: ps.customerManagedPolicies.map((c) => ({ name: c.name, path: c.path })).sort((a, b) => byString(a.path + a.name, b.path + b.name)),
      ...(ps.inlinePolicy !== undefined ? { inlinePolicy: ps.inlinePolicy } : {}),
      ...(ps.permissionsBoundary ? { permissionsBoundary: ps.permissionsBoundary } : {}),
    })),
    assignments: model.assignments
      .map((a) => ({ group: a.group, permissionSet: a.permissionSet, accountId: a.accountId }))
      .sort((a, b) => byString(`${a.group}|${a.permissionSet}|${a.accountId}`, `${b.group}|${b.permissionSet}|${b.accountId}`)),
  };
}

/** Both sides as plain values for one deep equality. */
export function comparableState(snapshot: Desired): unknown {
  return comparable({ permissionSets: snapshot.permissionSets, assignments: snapshot.assignments });
}
