// The mass-revocation gate on real plans: counted from what the plans delete, against the
// assignments the stacks manage now, across every plan given.
import { describe, expect, it } from "vitest";
import { checkRevocations } from "../../src/explain/index.js";
import { DEFAULT_MAX_REVOCATION } from "../../src/model/types.js";
import { plan, type Json } from "./support.js";

describe("revocation threshold", () => {
  it("counts the managed assignments from the plan's prior state", () => {
    const r = checkRevocations([plan("groups")], DEFAULT_MAX_REVOCATION);
    expect(r.managed).toBe(5);
    expect(r.removed).toEqual(["readers|ReadOnly|111111111111", "readers|ReadOnly|222222222222", "readers|ReadOnly|333333333333"]);
  });

  it("trips when more than the share of managed assignments is removed (3 of 5 = 60% > 25%)", () => {
    const r = checkRevocations([plan("groups")], DEFAULT_MAX_REVOCATION);
    expect(r.exceeded).toEqual(["removes 3 of 5 managed assignments (60%), more than max_revocation.share 25%"]);
  });

  it("does not trip at or under both limits", () => {
    expect(checkRevocations([plan("groups")], { share: 0.6, count: 3 }).exceeded).toEqual([]);
    expect(checkRevocations([plan("model-changes")], { share: 0.25, count: 100 }).exceeded).toEqual([]); // 1 of 5
  });

  it("trips on the absolute count whatever the share", () => {
    expect(checkRevocations([plan("groups")], { share: 1, count: 2 }).exceeded).toEqual(["removes 3 assignments, more than max_revocation.count 2"]);
  });

  it("trips on any permission set deleted (a rename deletes the old one)", () => {
    const r = checkRevocations([plan("rename")], { share: 1, count: 1000 });
    expect(r.permissionSetsDeleted).toEqual(["Admin"]);
    expect(r.exceeded).toEqual(["deletes permission set Admin"]);
  });

  it("adds up removals and managed assignments across stacks (a base stack and a shard)", () => {
    const shard = plan("expired", "identity-center-shard-01", (j: Json) => {
      for (const rc of j.resource_changes as Json[]) rc.address = rc.address.replace(".assignment[", ".assignment_1[");
    });
    const r = checkRevocations([plan("model-changes"), shard], { share: 0.5, count: 100 });
    // readers|ReadOnly|222222222222 is removed by both plans: one removal, not two.
    expect(r.removed).toEqual(["readers|ReadOnly|111111111111", "readers|ReadOnly|222222222222", "readers|ReadOnly|333333333333"]);
    expect(r.managed).toBe(5); // the same five assignments in both prior states, counted once
    expect(r.exceeded).toEqual(["removes 3 of 5 managed assignments (60%), more than max_revocation.share 50%"]);
  });

  // groups-recreated.plan.json is groups.plan.json with the admins and readers groups re-created
  // (new principal ids): each of their assignments is replaced (delete, then create), none deleted.
  it("counts a replaced assignment as a removal: a re-created group loses access while it is re-assigned", () => {
    const r = checkRevocations([plan("groups-recreated")], DEFAULT_MAX_REVOCATION);
    expect(r.managed).toBe(5);
    expect(r.removed).toEqual(["admins|Admin|111111111111", "admins|Admin|333333333333", "readers|ReadOnly|111111111111", "readers|ReadOnly|222222222222", "readers|ReadOnly|333333333333"]);
    expect(r.exceeded).toEqual(["removes 5 of 5 managed assignments (100%), more than max_revocation.share 25%"]);
  });

  it("trips on replaces alone, across a base stack and a shard", () => {
    const shard = plan("groups-recreated", "identity-center-shard-01", (j: Json) => {
      j.resource_changes = (j.resource_changes as Json[]).filter((rc) => rc.change.actions.join() === "delete,create" && rc.type === "aws_ssoadmin_account_assignment" && rc.index.startsWith("admins|"));
    });
    expect(checkRevocations([shard], { share: 1, count: 1 }).exceeded).toEqual(["removes 2 assignments, more than max_revocation.count 1"]);
  });

  it("does not count reads, creates, updates or adoption as removals", () => {
    expect(checkRevocations([plan("adoption"), plan("drift")], DEFAULT_MAX_REVOCATION).removed).toEqual([]);
  });
});
