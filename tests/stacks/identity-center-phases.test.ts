// The base stack applies in two phases when assignments live in shards: the keep phase still
// declares every permission set the head removes (Identity Center refuses to delete one that a
// shard still assigns), the final phase deletes them after the shards have applied.
import { afterAll, describe, expect, it } from "vitest";
import { keepRemovedPermissionSets, permissionSetsRemovedLast } from "../../src/model/phases.js";
import type { ResolvedModel } from "../../src/model/types.js";
import { fixtureModel } from "./fixture.js";
import { removeTempDirs, stackJson, synthModel } from "./helpers.js";

afterAll(removeTempDirs);

function withShards(m: ResolvedModel, shards: number): ResolvedModel {
  return { ...m, organization: { ...m.organization, identityCenter: { ...m.organization.identityCenter, assignmentShards: shards } } };
}

/** The fixture without ReadOnly (its assignments go too), optionally renamed to `renamedTo`. */
function withoutReadOnly(m: ResolvedModel, renamedTo?: string): ResolvedModel {
  const readOnly = m.permissionSets.find((p) => p.name === "ReadOnly")!;
  return {
    ...m,
    permissionSets: [...m.permissionSets.filter((p) => p.name !== "ReadOnly"), ...(renamedTo ? [{ ...readOnly, name: renamedTo }] : [])],
    assignments: m.assignments.flatMap((a) => (a.permissionSet !== "ReadOnly" ? [a] : renamedTo ? [{ ...a, permissionSet: renamedTo }] : [])),
  };
}

const permissionSets = (outdir: string) => Object.keys(stackJson(outdir, "identity-center").resource.aws_ssoadmin_permission_set.permission_set.for_each);

describe("the base stack's keep phase", () => {
  const base = withShards(fixtureModel(), 4);

  it("keeps a removed permission set, with its live policies, until the final phase", () => {
    const head = withoutReadOnly(base);
    const keep = keepRemovedPermissionSets(base, head);
    expect(permissionSetsRemovedLast(base, head).map((p) => p.name)).toEqual(["ReadOnly"]);
    expect(keep.assignments).toEqual(head.assignments);
    const keepOut = synthModel(keep);
    expect(permissionSets(keepOut)).toEqual(["AdministratorAccess", "ReadOnly"]);
    expect(stackJson(keepOut, "identity-center").resource.aws_ssoadmin_permission_set_inline_policy.inline_policy.for_each).toHaveProperty("ReadOnly");
    expect(permissionSets(synthModel(head))).toEqual(["AdministratorAccess"]);
  });

  it("keeps the old name of a renamed permission set next to the new one", () => {
    const head = withoutReadOnly(base, "ReadOnlyV2");
    expect(keepRemovedPermissionSets(base, head).permissionSets.map((p) => p.name)).toEqual(["AdministratorAccess", "ReadOnly", "ReadOnlyV2"]);
  });

  it("is the head itself when nothing is removed, with one stack, or on the first apply", () => {
    const head = withShards(fixtureModel(), 4);
    expect(keepRemovedPermissionSets(base, head)).toBe(head);
    const single = withoutReadOnly(withShards(fixtureModel(), 1));
    expect(keepRemovedPermissionSets(withShards(fixtureModel(), 1), single)).toBe(single);
    expect(keepRemovedPermissionSets(undefined, head)).toBe(head);
    expect(permissionSetsRemovedLast(undefined, head)).toEqual([]);
  });
});
